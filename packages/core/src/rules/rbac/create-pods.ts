import type { AccessCheck } from "./access.js";
import { accessRule } from "./access-rule.js";
import { goodPractices } from "./references.js";

/** Writing a workload's pod template is as good as creating the pods it stamps out. */
const WORKLOAD_WRITE = ["create", "update", "patch"];

/** Creating pods, directly or through the workload resources that create them. */
export const CREATE_PODS: AccessCheck = {
  accesses: [
    { group: "", resources: ["pods"], verbs: ["create"] },
    { group: "", resources: ["replicationcontrollers"], verbs: WORKLOAD_WRITE },
    {
      group: "apps",
      resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
      verbs: WORKLOAD_WRITE,
    },
    { group: "batch", resources: ["jobs", "cronjobs"], verbs: WORKLOAD_WRITE },
  ],
  anchor: "resources",
  resourcesLabel: "pods and the workload resources that create them",
};

/** Opt-in: deployers and operators legitimately hold this; it matters most where Pod Security is not enforced. */
export const createPods = accessRule({
  id: "rbac-create-pods",
  title: "Role can create pods",
  severity: "warning",
  optIn: true,
  access: CREATE_PODS,
  description:
    "Whoever can create a pod can run it as any service account of the namespace and mount any Secret, ConfigMap " +
    "or volume there, so the grant implies all of those. Without an enforced Pod Security Standard it also " +
    "reaches the node (privileged pods, hostPath). Writing a Deployment, StatefulSet, DaemonSet, ReplicaSet, " +
    "ReplicationController, Job or CronJob (`create`, `update`, `patch`) creates pods just the same. Reported " +
    "only in the `all` profile: CI deployers and operators need this, and it is a path to check, not a fault.",
  remediation:
    "Keep workload creation to the identities that deploy, in the namespaces they deploy to, and enforce the " +
    "Baseline or Restricted Pod Security Standard there so a created pod cannot take the node.",
  references: [goodPractices("workload-creation", "Workload creation")],
  message: (granted) =>
    `Grants ${granted}: its holder can run pods as any service account of the namespace and mount its Secrets.`,
});

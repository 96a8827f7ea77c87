import type { AccessCheck } from "./access.js";
import { accessRule } from "./access-rule.js";
import { podStreamAccess, websocketNote } from "./pods-exec-attach.js";
import { goodPractices } from "./references.js";

export const PODS_PORTFORWARD: AccessCheck = {
  accesses: [podStreamAccess(["pods/portforward"])],
  anchor: "resources",
};

/** Opt-in: port-forwarding reaches a pod's ports but runs nothing in it, and is a common debugging need. */
export const podsPortforward = accessRule({
  id: "rbac-pods-portforward",
  title: "Role can port-forward to pods",
  severity: "note",
  optIn: true,
  access: PODS_PORTFORWARD,
  description:
    "`pods/portforward` opens a tunnel from the holder to any port of a pod, around NetworkPolicies, Services and " +
    "ingress authentication: admin consoles, databases and debug endpoints that were meant to be internal become " +
    "reachable. It runs no command in the pod, so it is reported separately from exec and attach, and only in the " +
    "`all` profile.",
  remediation:
    "Remove `pods/portforward` from roles that do not need it, or grant it only in namespaces whose pods expose " +
    "nothing sensitive.",
  references: [goodPractices("least-privilege", "Least privilege")],
  message: (granted, grant) =>
    `Grants ${granted}${websocketNote(grant)}: tunnels reach pod ports around network policy.`,
});

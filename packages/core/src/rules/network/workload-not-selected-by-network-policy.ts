import { labelsOf } from "../../manifests/labels.js";
import { WORKLOAD_KINDS } from "../../manifests/workloads.js";
import type { CorpusRule } from "../types.js";
import { describeNamespace } from "./namespaces.js";
import { isolatesIngress, namespacesWithWorkloads, selectsPod } from "./network-policy.js";
import { networkPolicyDocs } from "./references.js";

export const workloadNotSelectedByNetworkPolicy: CorpusRule = {
  id: "workload-not-selected-by-network-policy",
  title: "Workload is not selected by any NetworkPolicy",
  category: "network",
  scope: "corpus",
  kinds: [...WORKLOAD_KINDS, "NetworkPolicy"],
  severity: "warning",
  description:
    "A namespace has NetworkPolicies, but none that isolates ingress (`Ingress` in its `policyTypes`, explicit or defaulted) " +
    "has a `podSelector` matching this workload's pod labels, so its pods stay open to all traffic; an egress-only policy " +
    "does not close them. This usually happens when a new workload is added next to policies written for the others. " +
    "Namespaces without any NetworkPolicy are reported by `namespace-without-network-policy` instead.",
  remediation:
    "Add a default-deny policy (`podSelector: {}`) to the namespace, or a NetworkPolicy whose `podSelector` matches this workload's pod labels.",
  references: [networkPolicyDocs],
  check(objects) {
    return namespacesWithWorkloads(objects)
      .filter(({ policies }) => policies.length > 0)
      .flatMap(({ namespace, workloads, policies }) =>
        workloads
          .filter((pod) => {
            const labels = labelsOf(pod.metadata);
            return !policies.some((policy) => isolatesIngress(policy) && selectsPod(policy, labels));
          })
          .map((pod) => ({
            object: pod.object,
            path: [...pod.templatePath, "metadata", "labels"],
            message: `No NetworkPolicy in ${describeNamespace(namespace)} selects the pods of ${pod.object.kind}/${pod.object.name} for ingress; they accept traffic from anywhere in the cluster.`,
          })),
      );
  },
};

import { WORKLOAD_KINDS } from "../../manifests/workloads.js";
import type { CorpusRule } from "../types.js";
import { describeNamespace, listObjects } from "./namespaces.js";
import { NAMESPACE_FIELD, namespacesWithWorkloads, reportingWorkload } from "./network-policy.js";
import { networkPolicyDocs } from "./references.js";

const ID = "namespace-without-network-policy";

export const namespaceWithoutNetworkPolicy: CorpusRule = {
  id: ID,
  title: "Namespace has workloads but no NetworkPolicy",
  category: "network",
  scope: "corpus",
  kinds: [...WORKLOAD_KINDS, "NetworkPolicy"],
  severity: "warning",
  description:
    "Until a NetworkPolicy selects a pod, the pod accepts traffic from every pod in the cluster and can reach anything. " +
    "A namespace whose workloads have no NetworkPolicy at all gives an attacker who lands in any pod a flat network to move through. " +
    "The scanned manifests are grouped by namespace; manifests without `metadata.namespace` form one group (the namespace they are applied to). " +
    "The finding is reported once per namespace, on its first workload not exempted from the rule (inline or in config): " +
    "it is suppressed only when every workload of the namespace is exempted.",
  remediation:
    "Add a NetworkPolicy to the namespace, best a default-deny (`podSelector: {}` with `policyTypes: [Ingress, Egress]`), " +
    "then policies that allow the traffic each workload needs.",
  references: [networkPolicyDocs],
  check(objects, ctx) {
    return namespacesWithWorkloads(objects)
      .filter(({ policies }) => policies.length === 0)
      .map(({ namespace, workloads }) => ({
        object: reportingWorkload(ID, workloads, ctx),
        path: NAMESPACE_FIELD,
        message: `No NetworkPolicy in ${describeNamespace(namespace)}: the pods of ${listObjects(workloads.map((w) => w.object))} accept traffic from anywhere in the cluster.`,
        group: namespace,
      }));
  },
};

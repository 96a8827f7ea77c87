import { WORKLOAD_KINDS } from "../../manifests/workloads.js";
import type { CorpusRule } from "../types.js";
import { describeNamespace } from "./namespaces.js";
import {
  deniesEgressByDefault,
  NAMESPACE_FIELD,
  namespacesWithWorkloads,
  reportingWorkload,
} from "./network-policy.js";
import { defaultDenyEgressDocs, networkPolicyDocs } from "./references.js";

const ID = "namespace-without-default-deny-egress";

export const namespaceWithoutDefaultDenyEgress: CorpusRule = {
  id: ID,
  title: "Namespace does not deny egress by default",
  category: "network",
  scope: "corpus",
  kinds: [...WORKLOAD_KINDS, "NetworkPolicy"],
  severity: "warning",
  description:
    "Without an egress default-deny, any compromised pod can call any address: other services, the cloud metadata endpoint, the internet " +
    "(to exfiltrate data or fetch tools). A namespace counts as denying egress by default when one NetworkPolicy selects every pod " +
    "(`podSelector: {}`), isolates egress (`Egress` in `policyTypes`) and has no rule that opens all egress again: an empty `egress` list, " +
    "or rules that allow only named destinations or ports (such as DNS). Note that `egress: []` without `policyTypes` does not isolate " +
    "egress: the API server then defaults `policyTypes` to Ingress only. Reported once per namespace, on its first workload not " +
    "exempted from the rule (inline or in config).",
  remediation:
    "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Egress]` (and no `egress` rules), plus policies that allow DNS and the " +
    "destinations each workload needs.",
  references: [defaultDenyEgressDocs, networkPolicyDocs],
  check(objects, ctx) {
    return namespacesWithWorkloads(objects)
      .filter(({ policies }) => !policies.some(deniesEgressByDefault))
      .map(({ namespace, workloads }) => ({
        object: reportingWorkload(ID, workloads, ctx),
        path: NAMESPACE_FIELD,
        message: `No NetworkPolicy in ${describeNamespace(namespace)} denies egress by default: its pods can connect to any address.`,
        group: namespace,
      }));
  },
};

import type { ManifestObject } from "../../manifests/types.js";
import type { CorpusRule } from "../types.js";
import { listing } from "./access.js";
import { type RbacCorpus, rbacCorpusOf } from "./corpus.js";
import { declaredRulesOf, isAggregated, type PolicyRuleEntry, subjectsOf, WILDCARD } from "./model.js";
import { NamespacedResources } from "./namespaced-resources.js";
import { goodPractices, rbacDocs } from "./references.js";

/** Verbs that reach across namespaces: a role that needs them is likely meant for the whole cluster. */
const CROSS_NAMESPACE_VERBS: readonly string[] = [WILDCARD, "list", "watch", "deletecollection"];

/** The one namespace of the binding's subjects, when every subject is a ServiceAccount there. */
function soleServiceAccountNamespace(binding: ManifestObject): string | undefined {
  const subjects = subjectsOf(binding);
  const namespaces = new Set(
    subjects.map((subject) => (subject.kind === "ServiceAccount" ? subject.namespace : undefined)),
  );
  const [namespace] = namespaces;
  return subjects.length > 0 && namespaces.size === 1 ? namespace : undefined;
}

/** Whether an entry grants only by-name access to known namespaced resources. */
function isNamespaceLocal(entry: PolicyRuleEntry, namespaced: NamespacedResources): boolean {
  return (
    entry.nonResourceURLs.length === 0 &&
    entry.resources.length > 0 &&
    entry.apiGroups.length > 0 &&
    !entry.verbs.some((verb) => CROSS_NAMESPACE_VERBS.includes(verb)) &&
    entry.apiGroups.every((group) => entry.resources.every((resource) => namespaced.has(group, resource)))
  );
}

interface Candidate {
  binding: ManifestObject;
  role: ManifestObject;
  namespace: string;
  entries: PolicyRuleEntry[];
}

/** A ClusterRoleBinding of one namespace's service accounts to a scanned, non-aggregated ClusterRole with rules. */
function candidateOf(binding: ManifestObject, corpus: RbacCorpus): Candidate[] {
  if (binding.kind !== "ClusterRoleBinding") return [];
  const namespace = soleServiceAccountNamespace(binding);
  const role = namespace === undefined ? undefined : corpus.roleOf(binding);
  if (namespace === undefined || !role || isAggregated(role)) return [];
  const entries = declaredRulesOf(role);
  return entries.length > 0 ? [{ binding, role, namespace, entries }] : [];
}

/**
 * A ClusterRoleBinding hands its role over in every namespace. When every subject is a ServiceAccount of
 * one namespace, and the scanned ClusterRole only reaches namespaced objects by name (no list, watch or
 * wildcard that would make sense across namespaces), the workload almost surely works in its own namespace:
 * leader-election leases, its own ConfigMaps and Secrets.
 */
export const clusterBindingCouldBeNamespaced: CorpusRule = {
  id: "rbac-cluster-binding-could-be-namespaced",
  title: "ClusterRoleBinding where a RoleBinding would do",
  category: "rbac",
  scope: "corpus",
  kinds: ["ClusterRoleBinding", "ClusterRole", "CustomResourceDefinition"],
  severity: "warning",
  description:
    "A ClusterRoleBinding grants its role in every namespace. This rule reports one whose subjects are all " +
    "ServiceAccounts of a single namespace, bound to a ClusterRole defined in the scanned files that grants only " +
    "namespaced resources (built-in ones, or CRDs in the scanned files with `scope: Namespaced`) and no verb " +
    "that works across namespaces (`list`, `watch`, `deletecollection`, `*`), no wildcard resource or API group " +
    "and no non-resource URL. Such a role reaches objects by name, typically in the workload's own namespace " +
    "(leader-election leases, its ConfigMaps or Secrets), yet the binding grants it in every namespace. Bindings " +
    "with users or groups, roles that are not scanned, and aggregated roles are not judged.",
  remediation:
    "Replace the ClusterRoleBinding with a RoleBinding in the service accounts' namespace (it may keep referring " +
    "to the ClusterRole, or use a Role). If the workload does act in other namespaces, bind it there too, or " +
    "suppress the finding with a reason.",
  references: [
    goodPractices("least-privilege", "Least privilege"),
    rbacDocs("rolebinding-and-clusterrolebinding", "RoleBinding and ClusterRoleBinding"),
  ],
  check(objects) {
    const corpus = rbacCorpusOf(objects);
    const candidates = corpus.bindings.flatMap((binding) => candidateOf(binding, corpus));
    if (candidates.length === 0) return [];
    const namespaced = new NamespacedResources(objects);
    return candidates
      .filter(({ entries }) => entries.every((entry) => isNamespaceLocal(entry, namespaced)))
      .map(({ binding, role, namespace, entries }) => ({
        object: binding,
        path: ["kind"],
        message:
          `Grants ClusterRole "${role.name}" in every namespace to service accounts of "${namespace}", but it only ` +
          `reaches ${listing([...new Set(entries.flatMap((entry) => entry.resources))])} by name: ` +
          `a RoleBinding in "${namespace}" would do.`,
      }));
  },
};

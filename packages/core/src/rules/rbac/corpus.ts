import { labelsOf, selectsLabels } from "../../manifests/labels.js";
import type { ManifestObject } from "../../manifests/types.js";
import { isObject } from "../../manifests/workloads.js";
import { lastOf } from "../../memo.js";
import {
  declaredRulesOf,
  isAggregated,
  isBinding,
  isRole,
  namespaceOf,
  type PolicyRuleEntry,
  roleRefOf,
} from "./model.js";

/** The RBAC objects of one scan, indexed so a binding can find the role it refers to. */
export class RbacCorpus {
  readonly bindings: ManifestObject[] = [];
  private readonly clusterRoles = new Map<string, ManifestObject>();
  private readonly roles = new Map<string, ManifestObject>();

  constructor(objects: readonly ManifestObject[]) {
    for (const object of objects) {
      if (isBinding(object)) this.bindings.push(object);
      else if (isRole(object) && object.kind === "ClusterRole")
        setFirst(this.clusterRoles, object.name, object);
      else if (isRole(object)) setFirst(this.roles, `${namespaceOf(object)}/${object.name}`, object);
    }
  }

  /** The Role or ClusterRole a binding refers to, when it is among the scanned objects. */
  roleOf(binding: ManifestObject): ManifestObject | undefined {
    const ref = roleRefOf(binding);
    if (ref?.kind === "ClusterRole") return this.clusterRoles.get(ref.name);
    if (ref?.kind === "Role" && binding.kind === "RoleBinding")
      return this.roles.get(`${namespaceOf(binding)}/${ref.name}`);
    return undefined;
  }

  /**
   * The rule entries a role grants: its own, or for an aggregated ClusterRole those of the scanned
   * ClusterRoles its selectors pick (others in the cluster may add more).
   */
  grantedRulesOf(role: ManifestObject, visiting = new Set<ManifestObject>()): PolicyRuleEntry[] {
    if (!isAggregated(role)) return declaredRulesOf(role);
    if (visiting.has(role)) return [];
    visiting.add(role);
    const aggregation = role.value.aggregationRule;
    const selectors =
      isObject(aggregation) && Array.isArray(aggregation.clusterRoleSelectors)
        ? aggregation.clusterRoleSelectors
        : [];
    return [...this.clusterRoles.values()]
      .filter(
        (other) =>
          other !== role &&
          selectors.some((selector) => selectsLabels(selector, labelsOf(other.value.metadata))),
      )
      .flatMap((other) => this.grantedRulesOf(other, visiting));
  }
}

/** Two scanned objects of one name are ambiguous; the first one wins, so results do not depend on luck. */
function setFirst(map: Map<string, ManifestObject>, key: string, object: ManifestObject): void {
  if (!map.has(key)) map.set(key, object);
}

/** One index per scan, shared by the RBAC corpus rules. */
export const rbacCorpusOf: (objects: readonly ManifestObject[]) => RbacCorpus = lastOf(
  (objects) => new RbacCorpus(objects),
);

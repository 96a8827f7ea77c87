import { isEmptySelector, type Labels, selectsLabels } from "../../manifests/labels.js";
import type { JsonObject, ManifestObject } from "../../manifests/types.js";
import { isObject, type PodView, podOf } from "../../manifests/workloads.js";
import { lastOf } from "../../memo.js";
import { inlineSuppressionOf } from "../../suppress/inline.js";
import type { RuleContext } from "../types.js";
import { isKind } from "./api.js";
import { groupByNamespace, namespaceOf } from "./namespaces.js";

export function isNetworkPolicy(object: ManifestObject): boolean {
  return isKind(object, "NetworkPolicy", ["networking.k8s.io", "extensions"]);
}

function specOf(policy: ManifestObject): JsonObject {
  return isObject(policy.value.spec) ? policy.value.spec : {};
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The directions a NetworkPolicy isolates, with the API server's defaulting: without `policyTypes`,
 * Ingress always, and Egress only when `egress` has at least one rule. So `egress: []` alone isolates
 * nothing; a default-deny for egress must name Egress in `policyTypes`.
 */
export function policyTypesOf(policy: ManifestObject): Set<string> {
  const spec = specOf(policy);
  const declared = listOf(spec.policyTypes).filter((t): t is string => typeof t === "string");
  if (declared.length > 0) return new Set(declared);
  return new Set(listOf(spec.egress).length > 0 ? ["Ingress", "Egress"] : ["Ingress"]);
}

/** Whether the policy isolates the pods it selects for ingress (an egress-only policy leaves ingress open). */
export function isolatesIngress(policy: ManifestObject): boolean {
  return policyTypesOf(policy).has("Ingress");
}

/** Whether the policy's podSelector selects a pod with these labels. An absent podSelector is empty: it selects all. */
export function selectsPod(policy: ManifestObject, podLabels: Labels): boolean {
  return selectsLabels(specOf(policy).podSelector, podLabels);
}

/**
 * Whether the policy isolates every pod of its namespace for egress and none of its rules opens all
 * egress again. That is the explicit default-deny (Egress with no rules), and also the common variant
 * that lets DNS or a few destinations through in the same object.
 */
export function deniesEgressByDefault(policy: ManifestObject): boolean {
  const spec = specOf(policy);
  return (
    isEmptySelector(spec.podSelector) &&
    policyTypesOf(policy).has("Egress") &&
    !listOf(spec.egress).some(allowsAllEgress)
  );
}

/** An egress rule with no destinations and no ports (or a destination of the whole address space) allows everything. */
function allowsAllEgress(rule: unknown): boolean {
  if (!isObject(rule)) return true;
  const to = listOf(rule.to);
  const anyPort = listOf(rule.ports).length === 0;
  return anyPort && (to.length === 0 || to.some(isEverywhere));
}

function isEverywhere(peer: unknown): boolean {
  if (!isObject(peer) || !isObject(peer.ipBlock)) return false;
  const { cidr, except } = peer.ipBlock;
  return (cidr === "0.0.0.0/0" || cidr === "::/0") && listOf(except).length === 0;
}

/** What one namespace holds: its workloads and its NetworkPolicies. */
export interface NamespaceNetwork {
  namespace: string;
  workloads: PodView[];
  policies: ManifestObject[];
}

/**
 * The namespaces that have workloads, in order of appearance, with the NetworkPolicies written for them.
 * Three rules read it; the engine hands each corpus rule the same array, so it is built once per scan.
 */
export const namespacesWithWorkloads: (objects: readonly ManifestObject[]) => NamespaceNetwork[] =
  lastOf(buildInventory);

function buildInventory(objects: readonly ManifestObject[]): NamespaceNetwork[] {
  const pods: PodView[] = [];
  const policies: ManifestObject[] = [];
  for (const object of objects) {
    if (isNetworkPolicy(object)) policies.push(object);
    else {
      const pod = podOf(object);
      if (pod) pods.push(pod);
    }
  }
  const policiesByNamespace = groupByNamespace(policies, namespaceOf);
  return [...groupByNamespace(pods, (pod) => namespaceOf(pod.object))].map(([namespace, workloads]) => ({
    namespace,
    workloads,
    policies: policiesByNamespace.get(namespace) ?? [],
  }));
}

/** Where a namespace-wide finding is reported: the workload's `metadata.namespace` (or its metadata). */
export const NAMESPACE_FIELD = ["metadata", "namespace"] as const;

/**
 * The workload a namespace-wide finding is reported on: the first whose findings of the rule are not
 * suppressed (inline or by a config exemption), so that one workload's exemption does not hide a
 * problem the others still have.
 */
export function reportingWorkload(
  ruleId: string,
  workloads: readonly PodView[],
  ctx: RuleContext,
): ManifestObject {
  const suppressed = ctx.suppressed ?? ((id, object) => inlineSuppressionOf(id, object) !== undefined);
  return (workloads.find((pod) => !suppressed(ruleId, pod.object)) ?? workloads[0]!).object;
}

import type { FieldPath, ManifestObject } from "../../manifests/types.js";
import { isObject } from "../../manifests/workloads.js";

export const ROLE_KINDS: readonly string[] = ["Role", "ClusterRole"];
export const BINDING_KINDS: readonly string[] = ["RoleBinding", "ClusterRoleBinding"];

/** Matches every verb, resource, API group or non-resource URL in a PolicyRule. */
export const WILDCARD = "*";

/** One entry of a Role's or ClusterRole's `rules`, with its lists read defensively. */
export interface PolicyRuleEntry {
  /** The Role or ClusterRole the entry belongs to. */
  role: ManifestObject;
  /** Path of the entry inside its role: ["rules", i]. */
  path: FieldPath;
  verbs: readonly string[];
  apiGroups: readonly string[];
  resources: readonly string[];
  resourceNames: readonly string[];
  nonResourceURLs: readonly string[];
}

/**
 * What a finding on an entry is about, whatever the entry's place in the list (for fingerprints): what
 * was found (`found`), on what the entry grants it (its API groups, resources, resource names and
 * URLs). Its other verbs are left out, so granting one more does not make the finding look new.
 */
export function entryIdentity(entry: PolicyRuleEntry, found: readonly string[]): string {
  const target = [entry.apiGroups, entry.resources, entry.resourceNames, entry.nonResourceURLs];
  return [found, ...target].map((list) => [...list].sort().join(",")).join(" ");
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  /** Path of the subject inside its binding: ["subjects", i]. */
  path: FieldPath;
}

export interface RoleRef {
  kind: string;
  name: string;
}

/** The RBAC API group: its kinds are only RBAC objects under this apiVersion (not CRDs of the same name). */
function isRbacApi(object: ManifestObject): boolean {
  return object.apiVersion.startsWith("rbac.authorization.k8s.io/");
}

export function isRole(object: ManifestObject): boolean {
  return isRbacApi(object) && ROLE_KINDS.includes(object.kind);
}

export function isBinding(object: ManifestObject): boolean {
  return isRbacApi(object) && BINDING_KINDS.includes(object.kind);
}

/** An aggregated ClusterRole: the API server replaces its `rules` with those of the roles it selects. */
export function isAggregated(role: ManifestObject): boolean {
  return role.kind === "ClusterRole" && isObject(role.value.aggregationRule);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * The rule entries a role declares. An aggregated ClusterRole declares none that count: the aggregation
 * controller overwrites them, and the roles it gathers are checked on their own.
 */
export function declaredRulesOf(role: ManifestObject): PolicyRuleEntry[] {
  if (!isRole(role) || isAggregated(role) || !Array.isArray(role.value.rules)) return [];
  return role.value.rules.flatMap((rule, index) =>
    isObject(rule)
      ? [
          {
            role,
            path: ["rules", index],
            verbs: strings(rule.verbs),
            apiGroups: strings(rule.apiGroups),
            resources: strings(rule.resources),
            resourceNames: strings(rule.resourceNames),
            nonResourceURLs: strings(rule.nonResourceURLs),
          },
        ]
      : [],
  );
}

export function subjectsOf(binding: ManifestObject): Subject[] {
  const subjects = binding.value.subjects;
  if (!Array.isArray(subjects)) return [];
  return subjects.flatMap((subject: unknown, index) =>
    isObject(subject) && typeof subject.kind === "string" && typeof subject.name === "string"
      ? [
          {
            kind: subject.kind,
            name: subject.name,
            ...(typeof subject.namespace === "string" ? { namespace: subject.namespace } : {}),
            path: ["subjects", index],
          },
        ]
      : [],
  );
}

export function roleRefOf(binding: ManifestObject): RoleRef | undefined {
  const ref: unknown = binding.value.roleRef;
  if (!isObject(ref) || typeof ref.kind !== "string" || typeof ref.name !== "string") return undefined;
  return { kind: ref.kind, name: ref.name };
}

/** How a message names the role a binding refers to: `ClusterRole "edit"`. */
export function describeRoleRef(ref: RoleRef): string {
  return `${ref.kind} "${ref.name}"`;
}

/** The namespace an object lands in when applied without one: kubectl's default. */
export function namespaceOf(object: ManifestObject): string {
  return object.namespace ?? "default";
}

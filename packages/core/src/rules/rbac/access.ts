import type { FieldPath } from "../../manifests/types.js";
import { type PolicyRuleEntry, WILDCARD } from "./model.js";

/** Some verbs on some resources (`pods/exec` names a subresource) of one API group ("" is the core group). */
export interface Access {
  group: string;
  resources: readonly string[];
  verbs: readonly string[];
  /**
   * An entry that lists `resourceNames` grants this access to those named objects only, which is the
   * least-privilege form of it: such an entry is not reported.
   */
  namedIsScoped?: boolean;
}

/**
 * A dangerous access, and which field of a rule entry names the danger: the finding points at its first
 * entry that grants the access, preferring one written out to a wildcard.
 */
export interface AccessCheck {
  accesses: readonly Access[];
  anchor: "verbs" | "resources";
  /** Names a long list of resources at once, for messages about an entry that grants more than three. */
  resourcesLabel?: string;
}

type GrantField = "verbs" | "resources" | "apiGroups";
const FIELD_ORDER: readonly GrantField[] = ["verbs", "resources", "apiGroups"];

/** What one rule entry grants of a check's accesses. */
export interface Grant {
  /** The checked verbs and resources the entry grants, in the check's order. */
  verbs: string[];
  resources: string[];
  /** The fields whose wildcard contributes to the grant. */
  throughWildcard: GrantField[];
  /** The field to report, relative to the role: the anchor field's entry that grants the access. */
  path: FieldPath;
}

/** Where in one list a requested value matched, and whether it was written out or came from a wildcard. */
interface ListMatch {
  index: number;
  exact: boolean;
}

function matchIn(list: readonly string[], value: string, patterns: readonly string[]): ListMatch | undefined {
  const exact = list.indexOf(value);
  if (exact >= 0) return { index: exact, exact: true };
  const index = list.findIndex((item) => patterns.includes(item));
  return index >= 0 ? { index, exact: false } : undefined;
}

/**
 * Resource matching as the RBAC authorizer does it: the name itself, `*`, or for a subresource `*`
 * followed by `/` and its name. A `pods/` prefix followed by `*` is no pattern: it matches nothing.
 */
function matchResource(resources: readonly string[], resource: string): ListMatch | undefined {
  const slash = resource.indexOf("/");
  const patterns = slash < 0 ? [WILDCARD] : [WILDCARD, `*${resource.slice(slash)}`];
  return matchIn(resources, resource, patterns);
}

/** Kubernetes cannot restrict these by name (the name is unknown when they are authorized). */
const UNNAMED_VERBS: readonly string[] = ["create", "deletecollection"];

/** Whether an entry's `resourceNames` removes this verb on this resource from what it grants. */
function namesExclude(entry: PolicyRuleEntry, access: Access, verb: string, resource: string): boolean {
  if (entry.resourceNames.length === 0) return false;
  if (access.namedIsScoped) return true;
  // A named-only entry grants no top-level create at all; subresource creates (pods/exec) do carry a name.
  return UNNAMED_VERBS.includes(verb) && !resource.includes("/");
}

/** Written out beats a wildcard; then the earlier entry wins. */
function isBetter(match: ListMatch, than: ListMatch): boolean {
  return match.exact !== than.exact ? match.exact : match.index < than.index;
}

/**
 * What `entry` grants of the check's accesses, following Kubernetes' matching: verbs and API groups
 * compare exactly (`GET` grants nothing) or through `*`. Undefined when it grants none of them.
 */
export function grantOf(entry: PolicyRuleEntry, check: AccessCheck): Grant | undefined {
  const verbs = new Set<string>();
  const resources = new Set<string>();
  const throughWildcard = new Set<GrantField>();
  let best: ListMatch | undefined;

  for (const access of check.accesses) {
    const group = matchIn(entry.apiGroups, access.group, [WILDCARD]);
    if (!group) continue;
    for (const resource of access.resources) {
      const resourceMatch = matchResource(entry.resources, resource);
      if (!resourceMatch) continue;
      for (const verb of access.verbs) {
        const verbMatch = matchIn(entry.verbs, verb, [WILDCARD]);
        if (!verbMatch || namesExclude(entry, access, verb, resource)) continue;
        verbs.add(verb);
        resources.add(resource);
        if (!group.exact) throughWildcard.add("apiGroups");
        if (!resourceMatch.exact) throughWildcard.add("resources");
        if (!verbMatch.exact) throughWildcard.add("verbs");
        const anchor = check.anchor === "verbs" ? verbMatch : resourceMatch;
        if (!best || isBetter(anchor, best)) best = anchor;
      }
    }
  }
  if (!best) return undefined;
  return {
    verbs: [...verbs],
    resources: [...resources],
    throughWildcard: FIELD_ORDER.filter((field) => throughWildcard.has(field)),
    path: [...entry.path, check.anchor, best.index],
  };
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** `get and list on secrets (through "*" in verbs)`: the grant as a message fragment. */
export function describeGrant(grant: Grant, check: AccessCheck): string {
  const through =
    grant.throughWildcard.length > 0 ? ` (through "*" in ${listing(grant.throughWildcard)})` : "";
  const resources =
    check.resourcesLabel && grant.resources.length > 3 ? check.resourcesLabel : listing(grant.resources);
  return `${listing(grant.verbs)} on ${resources}${through}`;
}

import type { ObjectRule } from "../types.js";
import { listing } from "./access.js";
import { declaredRulesOf, entryIdentity, type PolicyRuleEntry, ROLE_KINDS, WILDCARD } from "./model.js";
import { goodPractices, rbacDocs } from "./references.js";

const WILDCARD_FIELDS = ["verbs", "resources", "apiGroups", "nonResourceURLs"] as const;

/** The fields of an entry that hold `*`, in the order they are reported. */
function wildcardFields(entry: PolicyRuleEntry): (typeof WILDCARD_FIELDS)[number][] {
  return WILDCARD_FIELDS.filter((field) => entry[field].includes(WILDCARD));
}

/** `*` verbs on `*` resources: everything in the listed API groups. */
export function grantsEverything(entry: PolicyRuleEntry): boolean {
  return entry.verbs.includes(WILDCARD) && entry.resources.includes(WILDCARD);
}

export const wildcard: ObjectRule = {
  id: "rbac-wildcard",
  title: "Role rule uses a wildcard",
  category: "rbac",
  scope: "object",
  kinds: ROLE_KINDS,
  severity: "warning",
  description:
    'A `"*"` in a rule\'s `verbs`, `resources`, `apiGroups` or `nonResourceURLs` grants everything that exists ' +
    "now and everything added later: new resource types from CRDs and new Kubernetes versions, subresources such " +
    "as `pods/exec`, and verbs such as `escalate`, `bind` and `impersonate`. The finding names the fields and " +
    "points at the first wildcard; each rule entry is reported once. Aggregated ClusterRoles are not checked " +
    "themselves (the control plane overwrites their rules); the roles they gather are.",
  remediation:
    "List the verbs, resources and API groups the subject needs (`kubectl auth can-i --list` and the audit log " +
    "show what it uses).",
  references: [
    goodPractices("least-privilege", "Least privilege"),
    rbacDocs("referring-to-resources", "Referring to resources"),
  ],
  check(role) {
    return declaredRulesOf(role).flatMap((entry) => {
      const fields = wildcardFields(entry);
      const first = fields[0];
      if (!first) return [];
      return [
        {
          path: [...entry.path, first, entry[first].indexOf(WILDCARD)],
          message: `Wildcard "*" in ${listing(fields)}: grants whatever exists now or is added later.`,
          identity: entryIdentity(entry, fields),
        },
      ];
    });
  },
};

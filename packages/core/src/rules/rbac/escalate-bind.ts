import type { AccessCheck } from "./access.js";
import { accessRule } from "./access-rule.js";
import { goodPractices, rbacDocs } from "./references.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const ROLES = ["roles", "clusterroles"];

/**
 * `escalate` lifts the check that a role may only hold what its author holds; `bind` lifts the same check
 * for bindings. Binding only the roles named in `resourceNames` is the documented way to delegate, so a
 * named `bind` is not reported; a named `escalate` still lets its holder rewrite that role at will.
 */
export const ESCALATE_BIND: AccessCheck = {
  accesses: [
    { group: RBAC_GROUP, resources: ROLES, verbs: ["escalate"] },
    { group: RBAC_GROUP, resources: ROLES, verbs: ["bind"], namedIsScoped: true },
  ],
  anchor: "verbs",
};

export const escalateBind = accessRule({
  id: "rbac-escalate-bind",
  title: "Role can escalate or bind roles",
  severity: "error",
  access: ESCALATE_BIND,
  description:
    "Kubernetes stops anyone from writing a role, or binding one, that grants more than they already hold. The " +
    "`escalate` verb on roles and clusterroles lifts that check for writing roles, and `bind` lifts it for " +
    "bindings: the holder can grant itself anything, up to `cluster-admin`. A wildcard verb on these resources " +
    "includes both. A `bind` limited by `resourceNames` to specific roles is the documented way to delegate and is " +
    "not reported.",
  remediation:
    "Remove `escalate` and `bind` (and `*`) from rules on `roles` and `clusterroles`. To let someone hand out a " +
    "role, grant `bind` with `resourceNames` listing exactly the roles they may bind.",
  references: [
    goodPractices("escalate-verb", "Escalate verb"),
    goodPractices("bind-verb", "Bind verb"),
    rbacDocs("privilege-escalation-prevention-and-bootstrapping", "Privilege escalation prevention"),
  ],
  message: (granted) => `Grants ${granted}: its holder can give itself any permission.`,
});

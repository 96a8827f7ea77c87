import type { AccessCheck } from "./access.js";
import { accessRule } from "./access-rule.js";
import { goodPractices } from "./references.js";

/**
 * Acting as another identity. Impersonating only extra attributes or a uid (`userextras/*`, `uids` in
 * authentication.k8s.io) needs one of these too, so they are not reported on their own.
 */
export const IMPERSONATE: AccessCheck = {
  accesses: [{ group: "", resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"] }],
  anchor: "verbs",
};

export const impersonate = accessRule({
  id: "rbac-impersonate",
  title: "Role can impersonate users, groups or service accounts",
  severity: "error",
  access: IMPERSONATE,
  description:
    "The `impersonate` verb lets a request act as another user, group or service account, with all of its " +
    "permissions. Impersonating the `system:masters` group, or any service account bound to a powerful role, " +
    "makes the holder a cluster administrator. `resourceNames` narrows whom it can become but is still reported: " +
    "the holder gets everything the named identities have.",
  remediation:
    "Remove `impersonate` (and `*`) from rules on `users`, `groups` and `serviceaccounts`. If a tool needs it, " +
    "list the identities it may become in `resourceNames` and make sure none of them is privileged, then suppress " +
    "the finding with a reason.",
  references: [goodPractices("impersonate-verb", "Impersonate verb")],
  message: (granted) => `Grants ${granted}: its holder gains every permission of whom it impersonates.`,
});

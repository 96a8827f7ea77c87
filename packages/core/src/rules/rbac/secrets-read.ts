import type { AccessCheck } from "./access.js";
import { accessRule } from "./access-rule.js";
import { goodPractices } from "./references.js";

/** Reading Secrets: `list` and `watch` return their contents too, not just their names. */
export const SECRETS_READ: AccessCheck = {
  accesses: [{ group: "", resources: ["secrets"], verbs: ["get", "list", "watch"], namedIsScoped: true }],
  anchor: "resources",
};

export const secretsRead = accessRule({
  id: "rbac-secrets-read",
  title: "Role can read Secrets",
  severity: "warning",
  access: SECRETS_READ,
  description:
    "Secrets hold credentials: service account tokens, registry passwords, TLS keys, database passwords. `get` on " +
    "Secrets reveals them, and so do `list` and `watch`: a list or watch response carries every Secret's data, " +
    "not just the names. A wildcard verb or resource grants the same. Entries limited by `resourceNames` are not " +
    "reported: reading named Secrets is the least-privilege form of this access.",
  remediation:
    "Drop `get`, `list` and `watch` on `secrets`, or limit the entry to the Secrets it needs with `resourceNames`. " +
    "Workloads that need a Secret can mount it or read it from an environment variable instead.",
  references: [goodPractices("listing-secrets", "Listing secrets")],
  message(granted, grant) {
    const exposesAll = grant.verbs.includes("list") || grant.verbs.includes("watch");
    return `Grants ${granted}${exposesAll ? "; list and watch return the contents of every Secret" : ""}.`;
  },
});

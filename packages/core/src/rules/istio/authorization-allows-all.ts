import { isObject } from "../../manifests/workloads.js";
import type { ObjectRule } from "../types.js";
import { describeScope, isIstioKind, istioDocs, isUnset, listOf, SECURITY_GROUP, specOf } from "./api.js";

export const istioAuthorizationAllowsAll: ObjectRule = {
  id: "istio-authorization-policy-allows-all",
  title: "AuthorizationPolicy allows every request",
  category: "istio",
  scope: "object",
  kinds: ["AuthorizationPolicy"],
  severity: "error",
  description:
    "An `ALLOW` policy (the default action) with a rule that has no `from`, `to` or `when` (such as `rules: [{}]`) matches every " +
    "request. Because a request is allowed as soon as one ALLOW policy matches it, this one rule cancels the deny-by-default that " +
    "the workload's other ALLOW policies set up. Do not confuse it with an ALLOW policy without rules (`spec: {}`): that matches " +
    "nothing and denies every request, the recommended starting point. A `from` or `to` entry whose source or operation is empty " +
    "matches everything as well.",
  remediation:
    "Give the rule conditions: the callers (`from.source.principals` or `namespaces`), the operations (`to.operation`), or `when` " +
    "conditions. Start from an allow-nothing policy (`spec: {}`) and add narrow ALLOW policies.",
  references: [istioDocs.authorizationPolicy, istioDocs.securityBestPractices],
  check(object) {
    if (!isIstioKind(object, "AuthorizationPolicy", SECURITY_GROUP)) return [];
    const spec = specOf(object);
    if ((spec.action ?? "ALLOW") !== "ALLOW") return [];
    return listOf(spec.rules).flatMap((rule, index) =>
      matchesEveryRequest(rule)
        ? [
            {
              path: ["spec", "rules", index],
              message: `Rule ${index + 1} has no from, to or when condition: the policy allows every request to ${describeScope(object)}.`,
              key: String(index),
            },
          ]
        : [],
    );
  },
};

/** Within a rule, from/to/when are ANDed and the entries of each list ORed: one empty entry matches everything. */
function matchesEveryRequest(rule: unknown): boolean {
  if (!isObject(rule)) return rule === null; // a bare `-` item is an empty rule
  return isUnset(rule.when) && anyEntryOpen(rule.from, "source") && anyEntryOpen(rule.to, "operation");
}

function anyEntryOpen(list: unknown, field: string): boolean {
  return isUnset(list) || listOf(list).some((entry) => !isObject(entry) || isUnset(entry[field]));
}

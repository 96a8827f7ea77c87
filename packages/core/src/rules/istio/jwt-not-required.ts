import type { ManifestObject } from "../../manifests/types.js";
import { isObject } from "../../manifests/workloads.js";
import { namespaceOf } from "../network/namespaces.js";
import type { CorpusRule } from "../types.js";
import {
  isIstioKind,
  istioDocs,
  isUnset,
  listOf,
  reachesNamespace,
  SECURITY_GROUP,
  scopeCovers,
  specOf,
  workloadScopeOf,
} from "./api.js";

export const istioJwtNotRequired: CorpusRule = {
  id: "istio-jwt-not-required",
  title: "RequestAuthentication without an AuthorizationPolicy that requires a token",
  category: "istio",
  scope: "corpus",
  kinds: ["RequestAuthentication", "AuthorizationPolicy"],
  severity: "error",
  description:
    "A RequestAuthentication only rejects invalid tokens: a request with no token at all passes, without an identity. Tokens are " +
    "required only by an AuthorizationPolicy, either `ALLOW` with a rule on `from.source.requestPrincipals` (or a `when` on a " +
    "`request.auth.*` key), or `DENY` for `from.source.notRequestPrincipals`. A RequestAuthentication is reported when no such policy " +
    "covers its workloads: in its namespace (or the root namespace, assumed `istio-system`), namespace-wide or with a selector " +
    "(or targetRefs) that includes all of its own.",
  remediation:
    "Add an AuthorizationPolicy with the same selector that requires a principal, for example `action: DENY` with " +
    '`rules: [{from: [{source: {notRequestPrincipals: ["*"]}}]}]`, or an ALLOW rule with `requestPrincipals` for the issuers you accept.',
  references: [istioDocs.requestAuthentication, istioDocs.jwtAuthorization],
  check(objects) {
    const requiring = objects.filter(
      (o) => isIstioKind(o, "AuthorizationPolicy", SECURITY_GROUP) && requiresToken(o),
    );
    return objects
      .filter(
        (o) =>
          isIstioKind(o, "RequestAuthentication", SECURITY_GROUP) && listOf(specOf(o).jwtRules).length > 0,
      )
      .filter((authn) => !requiring.some((policy) => covers(policy, authn)))
      .map((authn) => ({
        object: authn,
        path: ["spec", "jwtRules"],
        message: `RequestAuthentication "${authn.name}" checks JWTs, but no AuthorizationPolicy for its workloads requires one: requests without a token get through.`,
      }));
  },
};

function covers(policy: ManifestObject, authn: ManifestObject): boolean {
  return (
    reachesNamespace(namespaceOf(policy), namespaceOf(authn)) &&
    scopeCovers(workloadScopeOf(policy), workloadScopeOf(authn))
  );
}

/** Whether some rule of the policy lets only requests with a validated token through (ALLOW) or turns the others away (DENY). */
function requiresToken(policy: ManifestObject): boolean {
  const spec = specOf(policy);
  const action = spec.action ?? "ALLOW";
  return listOf(spec.rules).some((rule) => {
    if (!isObject(rule)) return false;
    const sources = listOf(rule.from).map((entry) =>
      isObject(entry) && isObject(entry.source) ? entry.source : {},
    );
    if (action === "DENY") return sources.some((source) => !isUnset(source.notRequestPrincipals));
    if (action !== "ALLOW") return false;
    return (
      sources.some((source) => !isUnset(source.requestPrincipals)) ||
      listOf(rule.when).some(
        (condition) =>
          isObject(condition) &&
          typeof condition.key === "string" &&
          condition.key.startsWith("request.auth.") &&
          !isUnset(condition.values),
      )
    );
  });
}

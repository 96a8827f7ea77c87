import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const authz = (namespace: string, spec: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: policy
  namespace: ${namespace}
spec:
${spec}`;

describe("istio-authorization-policy-allows-all", () => {
  const id = "istio-authorization-policy-allows-all";

  it("flags an empty rule of an ALLOW policy (explicit or default action) at the rule", () => {
    expect(ruleHits(authz("shop", "  action: ALLOW\n  rules:\n  - {}\n"), id)).toEqual([
      '9:5 Rule 1 has no from, to or when condition: the policy allows every request to every workload in namespace "shop".',
    ]);
    expect(ruleHits(authz("istio-system", "  rules: [{}]\n"), id)).toEqual([
      "7:11 Rule 1 has no from, to or when condition: the policy allows every request to every workload in the mesh.",
    ]);
  });

  it("flags rules whose lists or entries are empty, next to narrow rules", () => {
    const spec = `  selector:
    matchLabels: {app: web}
  rules:
  - to:
    - operation: {paths: [/healthz]}
  - from: []
    when: []
  - from:
    - source: {principals: [cluster.local/ns/shop/sa/api]}
    - source: {}
`;
    expect(ruleHits(authz("shop", spec), id)).toEqual([
      "12:5 Rule 2 has no from, to or when condition: the policy allows every request to the workloads it selects.",
      "14:5 Rule 3 has no from, to or when condition: the policy allows every request to the workloads it selects.",
    ]);
  });

  it("does not confuse allow-nothing (no rules) with allow-all", () => {
    expect(ruleHits(authz("shop", "  {}\n"), id)).toEqual([]);
    expect(ruleHits(authz("shop", "  action: ALLOW\n  rules: []\n"), id)).toEqual([]);
  });

  it("passes DENY, AUDIT and CUSTOM policies, and rules with any condition", () => {
    expect(ruleHits(authz("shop", "  action: DENY\n  rules: [{}]\n"), id)).toEqual([]);
    expect(ruleHits(authz("shop", "  action: AUDIT\n  rules: [{}]\n"), id)).toEqual([]);
    const conditional = "  rules:\n  - when:\n    - {key: request.headers[x-env], values: [prod]}\n";
    expect(ruleHits(authz("shop", conditional), id)).toEqual([]);
  });
});

describe("istio-jwt-not-required", () => {
  const id = "istio-jwt-not-required";
  const authn = (namespace: string, selector = "") => `apiVersion: security.istio.io/v1beta1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: ${namespace}
spec:
${selector}  jwtRules:
  - issuer: https://issuer.example.com
    jwksUri: https://issuer.example.com/jwks.json
---
`;
  const web = "  selector:\n    matchLabels: {app: web}\n";
  const message =
    'RequestAuthentication "jwt" checks JWTs, but no AuthorizationPolicy for its workloads requires one: requests without a token get through.';
  const requirePrincipal = "  rules:\n  - from:\n    - source: {requestPrincipals: ['*']}\n";

  it("flags a RequestAuthentication alone, at jwtRules", () => {
    expect(ruleHits(authn("shop", web), id)).toEqual([`9:3 ${message}`]);
  });

  it("flags it when the policies do not require a principal, or cover other workloads or namespaces", () => {
    const other = "  selector:\n    matchLabels: {app: other}\n";
    const yaml = [
      authn("shop", web),
      authz("shop", "  rules:\n  - from:\n    - source: {principals: ['*']}\n"),
      "---\n",
      authz("shop", other + requirePrincipal),
      "---\n",
      authz("payments", requirePrincipal),
    ].join("");
    expect(ruleHits(yaml, id)).toEqual([`9:3 ${message}`]);
  });

  it("passes an ALLOW policy with requestPrincipals for the same selector, or namespace-wide", () => {
    expect(ruleHits(authn("shop", web) + authz("shop", web + requirePrincipal), id)).toEqual([]);
    expect(ruleHits(authn("shop", web) + authz("shop", requirePrincipal), id)).toEqual([]);
  });

  it("passes the DENY notRequestPrincipals pattern and a when on request.auth claims", () => {
    const deny = "  action: DENY\n  rules:\n  - from:\n    - source:\n        notRequestPrincipals: ['*']\n";
    expect(ruleHits(authn("shop", web) + authz("shop", deny), id)).toEqual([]);
    const claims = "  rules:\n  - when:\n    - key: request.auth.claims[groups]\n      values: [admins]\n";
    expect(ruleHits(authn("shop") + authz("shop", claims), id)).toEqual([]);
  });

  it("lets a mesh-wide policy in the root namespace cover every namespace, but not the reverse", () => {
    expect(ruleHits(authn("shop", web) + authz("istio-system", requirePrincipal), id)).toEqual([]);
    expect(ruleHits(authn("istio-system") + authz("shop", requirePrincipal), id)).toEqual([`7:3 ${message}`]);
  });

  it("does not accept a workload-scoped policy for a namespace-wide RequestAuthentication", () => {
    expect(ruleHits(authn("shop") + authz("shop", web + requirePrincipal), id)).toEqual([`7:3 ${message}`]);
  });

  it("ignores a RequestAuthentication without jwtRules (it checks nothing)", () => {
    const empty =
      "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt}\nspec: {}\n";
    expect(ruleHits(empty, id)).toEqual([]);
  });
});

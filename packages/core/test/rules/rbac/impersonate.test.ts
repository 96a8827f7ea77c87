import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-impersonate";
const WHY = ": its holder gains every permission of whom it impersonates.";

describe("rbac-impersonate", () => {
  it("reports impersonate on users and groups, also when limited to named identities", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: proxy}
rules:
- apiGroups: [""]
  resources: ["users", "groups"]
  resourceNames: ["system:masters"]
  verbs:
  - impersonate
`;
    expect(ruleHits(yaml, RULE)).toEqual([`9:5 Grants impersonate on users and groups${WHY}`]);
  });

  it("reports a wildcard verb on serviceaccounts in a Role at the verb", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: team}
rules:
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["*"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `7:11 Grants impersonate on serviceaccounts (through "*" in verbs)${WHY}`,
    ]);
  });

  it("passes managing service accounts and impersonating extras only", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: sa-admin}
rules:
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get", "create", "delete"]
- apiGroups: ["authentication.k8s.io"]
  resources: ["userextras/scopes"]
  verbs: ["impersonate"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-secrets-read";
const LIST_NOTE = "; list and watch return the contents of every Secret.";

describe("rbac-secrets-read", () => {
  it("reports get on secrets in a Role at the secrets entry", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app, namespace: team}
rules:
- apiGroups: [""]
  resources:
  - configmaps
  - secrets
  verbs: ["get"]
`;
    expect(ruleHits(yaml, RULE)).toEqual(["8:5 Grants get on secrets."]);
  });

  it("says that list and watch expose every secret's contents", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: lister}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["list", "watch", "create"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([`6:15 Grants list and watch on secrets${LIST_NOTE}`]);
  });

  it("reports a wildcard grant once, at the field that names secrets or the verb", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: wide}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["*"]
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["get"]
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `6:15 Grants get, list and watch on secrets (through "*" in verbs)${LIST_NOTE}`,
      '9:15 Grants get on secrets (through "*" in resources and apiGroups).',
      `12:15 Grants get, list and watch on secrets (through "*" in verbs, resources and apiGroups)${LIST_NOTE}`,
    ]);
  });

  it("finds secrets access in a Role inside a kind: List", () => {
    const yaml = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: r, namespace: team}
  rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [watch]
`;
    expect(ruleHits(yaml, RULE)).toEqual([`9:17 Grants watch on secrets${LIST_NOTE}`]);
  });

  it("passes named secrets, other API groups, writes only, verbs in the wrong case and missing apiGroups", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: careful, namespace: team}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  resourceNames: ["app-tls"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["create", "update", "GET", "List"]
- resources: ["secrets"]
  verbs: ["get"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

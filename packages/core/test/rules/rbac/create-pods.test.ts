import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-create-pods";
const WHY = ": its holder can run pods as any service account of the namespace and mount its Secrets.";

const DEPLOYER = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: team}
rules:
- apiGroups: [""]
  resources: ["configmaps", "pods"]
  verbs: ["get", "create"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "patch"]
`;

describe("rbac-create-pods", () => {
  it("reports create on pods and patch on deployments, each at the resource", () => {
    expect(ruleHits(DEPLOYER, RULE)).toEqual([
      `6:29 Grants create on pods${WHY}`,
      `9:15 Grants patch on deployments${WHY}`,
    ]);
  });

  it("names the workload resources together when a wildcard grants them all", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: all}
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["create"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `6:15 Grants create on pods and the workload resources that create them (through "*" in resources and apiGroups)${WHY}`,
    ]);
  });

  it("is opt-in: the recommended profile leaves it out", () => {
    expect(ruleHits(DEPLOYER, RULE, { profile: "recommended" })).toEqual([]);
  });

  it("passes reads, creates limited by resourceNames (which grant no create) and the wrong API group", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: team}
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  resourceNames: ["one"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["deployments"]
  verbs: ["create"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

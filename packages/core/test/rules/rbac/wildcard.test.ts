import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-wildcard";

describe("rbac-wildcard", () => {
  it("reports a wildcard verb of a ClusterRole at the verb entry, naming the field", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: deployer}
rules:
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs:
  - get
  - "*"
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      '9:5 Wildcard "*" in verbs: grants whatever exists now or is added later.',
    ]);
  });

  it("reports a wildcard API group of a Role at the apiGroups entry", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team}
rules:
- apiGroups: ["", "*"]
  resources: ["configmaps"]
  verbs: ["get"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      '5:19 Wildcard "*" in apiGroups: grants whatever exists now or is added later.',
    ]);
  });

  it("reports an entry with several wildcards once, at the first, naming every field", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: god}
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
- nonResourceURLs: ["*"]
  verbs: ["get"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      '7:11 Wildcard "*" in verbs, resources and apiGroups: grants whatever exists now or is added later.',
      '8:21 Wildcard "*" in nonResourceURLs: grants whatever exists now or is added later.',
    ]);
  });

  it("finds roles inside a kind: List", () => {
    const yaml = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: r, namespace: team}
  rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["get"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      '9:17 Wildcard "*" in resources: grants whatever exists now or is added later.',
    ]);
  });

  it("passes explicit lists, subresource patterns and non-RBAC kinds named Role", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: scaler}
rules:
- apiGroups: ["apps"]
  resources: ["*/scale", "deployments"]
  verbs: ["get", "update"]
---
apiVersion: example.com/v1
kind: Role
metadata: {name: not-rbac}
rules:
- verbs: ["*"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });

  it("passes an aggregated ClusterRole, whose written rules the control plane overwrites", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {example.com/aggregate-to-monitoring: "true"}
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-cluster-admin-binding";

describe("rbac-cluster-admin-binding", () => {
  it("reports a ClusterRoleBinding to cluster-admin at the roleRef name", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-admin}
subjects:
- kind: ServiceAccount
  name: ci
  namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      '11:3 Binds ClusterRole "cluster-admin": its subjects can do anything in the cluster.',
    ]);
  });

  it("reports a RoleBinding to cluster-admin, scoped to its namespace, inside a kind: List", () => {
    const yaml = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: {name: team-admin, namespace: team}
  subjects: [{kind: Group, name: team-leads}]
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      '8:69 Binds ClusterRole "cluster-admin": its subjects can do anything in namespace "team", including its roles and bindings.',
    ]);
  });

  it("passes other roles and a namespaced Role that happens to be named cluster-admin", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: a, namespace: team}
subjects: [{kind: User, name: jane}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
subjects: [{kind: User, name: jane}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-broad-group-powerful-role";
const AUTHENTICATED = "every authenticated user, every service account included.";
const SERVICE_ACCOUNTS = "every service account of every namespace.";

describe("rbac-broad-group-powerful-role", () => {
  it("reports system:authenticated bound to a powerful built-in role, at the subject name", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-edits}
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: system:authenticated
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `7:3 Binds ClusterRole "edit", which reads Secrets and creates pods, to system:authenticated: ${AUTHENTICATED}`,
    ]);
  });

  it("resolves a scanned ClusterRole and a Role in the binding's namespace, inside a kind: List", () => {
    const yaml = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: token-reader}
  rules:
  - {apiGroups: [""], resources: [secrets], verbs: [list]}
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata: {name: all-sa}
  subjects: [{kind: Group, name: system:serviceaccounts}]
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: token-reader}
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: shell, namespace: team}
  rules:
  - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: {name: everyone-shell, namespace: team}
  subjects: [{kind: Group, name: system:authenticated}]
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: shell}
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `12:28 Binds ClusterRole "token-reader", which grants list on secrets, to system:serviceaccounts: ${SERVICE_ACCOUNTS}`,
      `22:28 Binds Role "shell", which grants create on pods/exec, to system:authenticated: ${AUTHENTICATED}`,
    ]);
  });

  it("resolves an aggregated ClusterRole through the scanned roles its selectors pick", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: platform}
aggregationRule:
  clusterRoleSelectors:
  - matchExpressions:
    - {key: example.com/aggregate-to-platform, operator: In, values: ["true"]}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: platform-impersonation
  labels: {example.com/aggregate-to-platform: "true"}
rules:
- {apiGroups: [""], resources: [users], verbs: [impersonate]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-platform}
subjects: [{kind: Group, name: system:authenticated}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: platform}
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `21:26 Binds ClusterRole "platform", which grants impersonate on users, to system:authenticated: ${AUTHENTICATED}`,
    ]);
  });

  it("passes harmless roles, unscanned custom roles, Roles of another namespace and other groups", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-views}
subjects: [{kind: Group, name: system:authenticated}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-custom}
subjects: [{kind: Group, name: system:authenticated}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: not-scanned}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: shell, namespace: other}
rules:
- {apiGroups: [""], resources: [pods/exec], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: everyone-shell, namespace: team}
subjects: [{kind: Group, name: system:authenticated}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: shell}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: admins}
subjects: [{kind: Group, name: platform-admins}, {kind: User, name: system:authenticated}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

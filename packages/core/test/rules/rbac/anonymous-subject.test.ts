import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-anonymous-subject";

describe("rbac-anonymous-subject", () => {
  it("reports system:unauthenticated and system:anonymous subjects at their names", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: open}
subjects:
- kind: Group
  name: system:unauthenticated
- kind: User
  name: system:anonymous
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      '6:3 Binds ClusterRole "view" to system:unauthenticated: every request without credentials, that is anyone who can reach the API server.',
      '8:3 Binds ClusterRole "view" to system:anonymous: the anonymous user, that is anyone who can reach the API server.',
    ]);
  });

  it("reports a RoleBinding to a Role", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: open, namespace: team}
subjects: [{kind: User, name: system:anonymous}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: status-reader}
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      '4:25 Binds Role "status-reader" to system:anonymous: the anonymous user, that is anyone who can reach the API server.',
    ]);
  });

  it("passes the built-in public-info-viewer binding and subjects of the wrong kind", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: system:public-info-viewer}
subjects: [{kind: Group, name: system:unauthenticated}, {kind: Group, name: system:authenticated}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:public-info-viewer}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: typo}
subjects: [{kind: Group, name: system:anonymous}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

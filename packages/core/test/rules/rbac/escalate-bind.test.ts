import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-escalate-bind";
const WHY = ": its holder can give itself any permission.";

describe("rbac-escalate-bind", () => {
  it("reports escalate and bind on roles at the first such verb", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: rbac-manager}
rules:
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "clusterroles"]
  verbs: ["get", "bind", "escalate"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([`7:18 Grants escalate and bind on roles and clusterroles${WHY}`]);
  });

  it("reports escalate even on named roles, and a wildcard verb in a Role", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: team}
rules:
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles"]
  resourceNames: ["team-dev"]
  verbs: ["escalate", "bind"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles"]
  verbs: ["*"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `8:11 Grants escalate on roles${WHY}`,
      `11:11 Grants escalate and bind on roles (through "*" in verbs)${WHY}`,
    ]);
  });

  it("passes bind limited to named roles, reads, and other API groups", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: delegator}
rules:
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["clusterroles"]
  resourceNames: ["view"]
  verbs: ["bind"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "create"]
- apiGroups: [""]
  resources: ["roles"]
  verbs: ["escalate"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

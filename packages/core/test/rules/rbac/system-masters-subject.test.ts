import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-system-masters-subject";

describe("rbac-system-masters-subject", () => {
  it("reports the system:masters group among a binding's subjects, at its name", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: masters}
subjects:
- kind: User
  name: jane
- kind: Group
  name: system:masters
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      "8:3 Subject system:masters already bypasses RBAC: this binding grants it nothing, and no binding can limit it.",
    ]);
  });

  it("passes a user that is merely named like the group, and other groups", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: team}
subjects:
- {kind: User, name: system:masters}
- {kind: Group, name: team-leads}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

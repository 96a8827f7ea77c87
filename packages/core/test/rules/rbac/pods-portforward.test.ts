import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-pods-portforward";

const FORWARDER = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: forwarder, namespace: team}
rules:
- apiGroups: [""]
  resources: ["pods", "pods/portforward"]
  verbs: ["create"]
`;

describe("rbac-pods-portforward", () => {
  it("reports create on pods/portforward at the subresource", () => {
    expect(ruleHits(FORWARDER, RULE)).toEqual([
      "6:23 Grants create on pods/portforward: tunnels reach pod ports around network policy.",
    ]);
  });

  it("is opt-in: the recommended profile leaves it out", () => {
    expect(ruleHits(FORWARDER, RULE, { profile: "recommended" })).toEqual([]);
  });

  it("passes exec without port-forward", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: team}
rules:
- apiGroups: [""]
  resources: ["pods/exec"]
  verbs: ["create"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

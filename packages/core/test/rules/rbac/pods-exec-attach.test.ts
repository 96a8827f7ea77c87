import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-pods-exec-attach";
const WHY = ": commands run with the pod's identity.";

describe("rbac-pods-exec-attach", () => {
  it("reports create on pods/exec and pods/attach in a Role, once per entry, at the first subresource", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: debugger, namespace: team}
rules:
- apiGroups: [""]
  resources: ["pods", "pods/exec", "pods/attach"]
  verbs: ["get", "create"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([`6:23 Grants create and get on pods/exec and pods/attach${WHY}`]);
  });

  it("reports get alone, which opens a WebSocket stream on older API servers", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: attacher}
rules:
- apiGroups: [""]
  resources:
  - pods/attach
  verbs:
  - get
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `7:5 Grants get on pods/attach (get is enough over WebSocket on API servers before 1.30)${WHY}`,
    ]);
  });

  it("reports a */exec resource pattern and a wildcard verb, at the written-out field", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: patterns}
rules:
- apiGroups: [""]
  resources: ["*/exec"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["pods/exec"]
  verbs: ["*"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([
      `6:15 Grants create on pods/exec (through "*" in resources)${WHY}`,
      `9:15 Grants create and get on pods/exec (through "*" in verbs)${WHY}`,
    ]);
  });

  it("passes logs, pods/* (not a Kubernetes pattern) and create on pods", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ops, namespace: team}
rules:
- apiGroups: [""]
  resources: ["pods/log", "pods/*"]
  verbs: ["get", "create"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["create"]
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

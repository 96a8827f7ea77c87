import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const RULE = "rbac-cluster-binding-could-be-namespaced";

/** A ClusterRole and a ClusterRoleBinding of it to the given subjects (flow-style YAML lines). */
function scenario(rules: string, subjects: string, extra = ""): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: worker}
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: worker}
subjects: ${subjects}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: worker}
${extra}`;
}

const LEADER_ELECTION = `- {apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create, update]}
- {apiGroups: [""], resources: [configmaps, events], verbs: [get, create, patch]}`;
const SERVICE_ACCOUNTS =
  "[{kind: ServiceAccount, name: a, namespace: ci}, {kind: ServiceAccount, name: b, namespace: ci}]";

describe("rbac-cluster-binding-could-be-namespaced", () => {
  it("reports by-name access to namespaced resources granted cluster-wide to one namespace's service accounts", () => {
    expect(ruleHits(scenario(LEADER_ELECTION, SERVICE_ACCOUNTS), RULE)).toEqual([
      '9:1 Grants ClusterRole "worker" in every namespace to service accounts of "ci", but it only reaches leases, configmaps and events by name: a RoleBinding in "ci" would do.',
    ]);
  });

  it("knows namespaced custom resources from the scanned CRDs", () => {
    const crd = `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, kind: Widget}
`;
    const rules = "- {apiGroups: [example.com], resources: [widgets, widgets/status], verbs: [get, update]}";
    expect(ruleHits(scenario(rules, SERVICE_ACCOUNTS, crd), RULE)).toEqual([
      '8:1 Grants ClusterRole "worker" in every namespace to service accounts of "ci", but it only reaches widgets and widgets/status by name: a RoleBinding in "ci" would do.',
    ]);
  });

  it("passes roles that list, watch or use wildcards: they are meant to work across namespaces", () => {
    const lists = '- {apiGroups: [""], resources: [configmaps], verbs: [get, list]}';
    const watches = '- {apiGroups: [""], resources: [pods], verbs: [watch]}';
    const wildcard = '- {apiGroups: ["*"], resources: [configmaps], verbs: [get]}';
    for (const rules of [lists, watches, wildcard]) {
      expect(ruleHits(scenario(rules, SERVICE_ACCOUNTS), RULE)).toEqual([]);
    }
  });

  it("passes cluster-scoped, unknown and non-resource grants", () => {
    const nodes = '- {apiGroups: [""], resources: [nodes], verbs: [get]}';
    const unknownCrd = "- {apiGroups: [example.com], resources: [widgets], verbs: [get]}";
    const urls = "- {nonResourceURLs: [/metrics], verbs: [get]}";
    for (const rules of [nodes, unknownCrd, urls]) {
      expect(ruleHits(scenario(rules, SERVICE_ACCOUNTS), RULE)).toEqual([]);
    }
  });

  it("passes subjects of several namespaces, users and groups, and service accounts without a namespace", () => {
    for (const subjects of [
      "[{kind: ServiceAccount, name: a, namespace: ci}, {kind: ServiceAccount, name: b, namespace: cd}]",
      "[{kind: ServiceAccount, name: a, namespace: ci}, {kind: User, name: jane}]",
      "[{kind: Group, name: ci-bots}]",
      "[{kind: ServiceAccount, name: a}]",
      "[]",
    ]) {
      expect(ruleHits(scenario(LEADER_ELECTION, subjects), RULE)).toEqual([]);
    }
  });

  it("passes RoleBindings, unscanned roles and aggregated roles", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb, namespace: ci}
subjects: [{kind: ServiceAccount, name: a, namespace: ci}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: worker}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: worker}
rules:
- {apiGroups: [""], resources: [configmaps], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: elsewhere}
subjects: [{kind: ServiceAccount, name: a, namespace: ci}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: not-scanned}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: gathered}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {gather: "yes"}}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: gathered}
subjects: [{kind: ServiceAccount, name: a, namespace: ci}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gathered}
`;
    expect(ruleHits(yaml, RULE)).toEqual([]);
  });
});

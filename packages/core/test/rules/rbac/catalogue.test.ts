import { describe, expect, it } from "vitest";
import { rulesOfProfile } from "../../../src/rules/profiles.js";
import { rbacRules } from "../../../src/rules/rbac/index.js";
import { ruleById } from "../../../src/rules/registry.js";
import { findingsOf } from "../../helpers/validate.js";

describe("the RBAC rule catalogue", () => {
  it("registers every rule with an rbac- id, the rbac category and Kubernetes references", () => {
    for (const rule of rbacRules) {
      expect(rule.id).toMatch(/^rbac(-[a-z]+)+$/);
      expect(rule.category).toBe("rbac");
      expect(ruleById(rule.id)).toBe(rule);
      expect(rule.references.length).toBeGreaterThan(0);
      for (const reference of rule.references)
        expect(reference.url).toMatch(/^https:\/\/kubernetes\.io\/docs\//);
    }
  });

  it("leaves only port-forward and pod creation out of the recommended profile", () => {
    const recommended = new Set(rulesOfProfile("recommended").map((rule) => rule.id));
    const optIn = rbacRules.filter((rule) => !recommended.has(rule.id)).map((rule) => rule.id);
    expect(optIn).toEqual(["rbac-pods-portforward", "rbac-create-pods"]);
  });

  it("reports a rule entry granting everything once per rule, each at its own field", () => {
    const yaml = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules:
- apiGroups:
  - "*"
  resources:
  - "*"
  verbs:
  - "*"
`;
    const hits = findingsOf(yaml, { profile: "all" }).map(
      (f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`,
    );
    expect(hits).toEqual([
      "rbac-wildcard 10:5",
      "rbac-secrets-read 8:5",
      "rbac-pods-exec-attach 8:5",
      "rbac-pods-portforward 8:5",
      "rbac-create-pods 8:5",
      "rbac-escalate-bind 10:5",
      "rbac-impersonate 10:5",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { selectorMatches } from "../../../src/rules/rbac/selector.js";

const labels = { tier: "web", "aggregate-to-ops": "true" };

describe("label selectors of aggregated ClusterRoles", () => {
  it("matches matchLabels and every matchExpressions operator", () => {
    expect(selectorMatches({ matchLabels: { "aggregate-to-ops": "true" } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { tier: "db" } }, labels)).toBe(false);
    const expression = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: "tier", operator, ...(values ? { values } : {}) }],
    });
    expect(selectorMatches(expression("In", ["web", "api"]), labels)).toBe(true);
    expect(selectorMatches(expression("In", ["db"]), labels)).toBe(false);
    expect(selectorMatches(expression("NotIn", ["db"]), labels)).toBe(true);
    expect(selectorMatches(expression("NotIn", ["web"]), labels)).toBe(false);
    expect(selectorMatches(expression("Exists"), labels)).toBe(true);
    expect(selectorMatches(expression("DoesNotExist"), labels)).toBe(false);
    expect(selectorMatches(expression("Sometimes"), labels)).toBe(false);
  });

  it("selects everything with an empty selector, nothing with a missing one", () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(null, labels)).toBe(false);
  });

  it("reads an unquoted YAML boolean in matchLabels as its text", () => {
    expect(selectorMatches({ matchLabels: { "aggregate-to-ops": true } }, labels)).toBe(true);
  });
});

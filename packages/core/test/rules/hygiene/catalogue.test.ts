import { describe, expect, it } from "vitest";
import { hygieneRules } from "../../../src/rules/hygiene/index.js";
import { rulesOfProfile } from "../../../src/rules/profiles.js";

describe("the hygiene catalogue", () => {
  it("gives every rule a kebab-case id, the hygiene category and complete metadata", () => {
    for (const rule of hygieneRules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(rule.category).toBe("hygiene");
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      expect(rule.description.length, rule.id).toBeGreaterThan(80);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(20);
      expect(rule.references.length, rule.id).toBeGreaterThan(0);
      expect(
        rule.references.some((r) => r.url.startsWith("https://kubernetes.io/docs/")),
        rule.id,
      ).toBe(true);
    }
  });

  it("runs the noisy rules only in the all profile", () => {
    const recommended = new Set(rulesOfProfile("recommended").map((r) => r.id));
    const all = new Set(rulesOfProfile("all").map((r) => r.id));
    const optIn = hygieneRules.filter((r) => r.optIn).map((r) => r.id);
    expect(optIn.sort()).toEqual(["missing-cpu-limits", "missing-image-digest", "missing-namespace"]);
    for (const rule of hygieneRules) {
      expect(all.has(rule.id), rule.id).toBe(true);
      expect(recommended.has(rule.id), rule.id).toBe(!rule.optIn);
    }
  });

  it("keeps hygiene rules out of the Pod Security profiles", () => {
    const pss = new Set(rulesOfProfile("pss-restricted").map((r) => r.id));
    expect(hygieneRules.filter((r) => pss.has(r.id))).toEqual([]);
  });
});

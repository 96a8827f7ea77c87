import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULE_CATALOGUE_COMMAND, renderRuleCatalogue } from "../../src/render/catalogue.js";
import { ALL_RULES, ruleById } from "../../src/rules/registry.js";

const CATALOGUE = new URL("../../docs/rules.md", import.meta.url);

describe("rule catalogue (docs/rules.md)", () => {
  const generated = renderRuleCatalogue();

  it(`is what the registry generates: run \`${RULE_CATALOGUE_COMMAND}\` and commit it if not`, () => {
    expect(readFileSync(CATALOGUE, "utf8")).toBe(generated);
  });

  it("documents every rule once, in the index and in its own section", () => {
    for (const rule of ALL_RULES) {
      expect(generated).toContain(`| [\`${rule.id}\`](#${rule.id}) |`);
      expect(generated.split(`\n### \`${rule.id}\`\n`)).toHaveLength(2);
    }
  });

  it("gives a PSS rule its level, check id, profiles, remediation and references", () => {
    const section = sectionOf(generated, "pss-privileged");
    expect(section).toContain("| Pod Security Standards | level `baseline`, check `privileged` |");
    expect(section).toContain("| Profiles | `pss-baseline`, `pss-restricted`, `recommended`, `all` |");
    expect(section).toContain(`**Remediation:** ${ruleById("pss-privileged")!.remediation}`);
    expect(section).toContain(
      "- [Pod Security Standards: baseline](https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline)",
    );
  });

  it("lists input rules as always on, without a references list", () => {
    const section = sectionOf(generated, "invalid-yaml");
    expect(section).toContain("| Profiles | always on |");
    expect(section).not.toContain("**References:**");
  });

  it("follows the rules it is given, so a new rule changes the output", () => {
    const extra = { ...ruleById("pss-privileged")!, id: "brand-new-rule", title: "A | B" };
    const text = renderRuleCatalogue([...ALL_RULES, extra]);
    expect(text).not.toBe(generated);
    expect(text).toContain("| [`brand-new-rule`](#brand-new-rule) | A \\| B |");
  });
});

function sectionOf(catalogue: string, id: string): string {
  const start = catalogue.indexOf(`\n### \`${id}\`\n`);
  const end = catalogue.indexOf("\n#", start + 1);
  return catalogue.slice(start, end === -1 ? undefined : end);
}

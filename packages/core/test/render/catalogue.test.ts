import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULE_CATALOGUE_COMMAND, renderRuleCatalogue } from "../../src/render/catalogue.js";
import { DOCKERFILE_RULES } from "../../src/rules/base-image/check.js";
import { IMAGE_SIGNATURE_RULES } from "../../src/rules/image-signature/rules.js";
import { ALL_RULES, ruleById } from "../../src/rules/registry.js";

const CATALOGUE = new URL("../../docs/rules.md", import.meta.url);

describe("rule catalogue (docs/rules.md)", () => {
  const generated = renderRuleCatalogue();

  it(`is what the registry generates: run \`${RULE_CATALOGUE_COMMAND}\` and commit it if not`, () => {
    expect(readFileSync(CATALOGUE, "utf8")).toBe(generated);
  });

  it("documents every rule once, in the index and in its own section", () => {
    for (const rule of [...ALL_RULES, ...DOCKERFILE_RULES, ...IMAGE_SIGNATURE_RULES]) {
      expect(generated).toContain(`| [\`${rule.id}\`](#${rule.id}) |`);
      expect(generated.split(`\n### \`${rule.id}\`\n`)).toHaveLength(2);
    }
  });

  it("gives a PSS rule its level, check id, profiles, remediation and references", () => {
    const section = sectionOf(generated, "pss-privileged");
    expect(section).toContain("| Pod Security Standards | level `baseline`, check `privileged`, from v1.0 |");
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

  it("lists the Dockerfile rules after the manifest rules, in their own section with their mode", () => {
    const start = generated.indexOf("\n## Dockerfiles and base images\n");
    expect(start).toBeGreaterThan(generated.indexOf("\n### `invalid-yaml`\n"));
    expect(generated).toContain("for Dockerfiles ([below](#dockerfiles-and-base-images))");
    const dockerfilePart = generated.slice(start);
    for (const rule of DOCKERFILE_RULES) {
      expect(dockerfilePart).toContain(`\n### \`${rule.id}\`\n`);
      expect(dockerfilePart).toContain(`| ${rule.online ? "registry" : "static"} |`);
    }
    expect(dockerfilePart).not.toContain("| Profiles |");
  });

  it("says which mode a Dockerfile rule needs, and that the input rule always runs", () => {
    expect(sectionOf(generated, "base-image-latest-tag")).toContain(
      "| Mode | `static`: reads the Dockerfile only, so it also runs offline (`--offline`) |",
    );
    expect(generated).toContain(
      "| [`base-image-latest-tag`](#base-image-latest-tag) | Image without a tag or with :latest | warning | static |",
    );
    const stale = sectionOf(generated, "base-image-stale-digest");
    expect(stale).toContain(
      "| Mode | `registry`: needs what the registry says about each image; it does not run offline |",
    );
    expect(stale).not.toContain("| Runs |");
    expect(sectionOf(generated, "dockerfile-invalid")).toContain("| Runs | always |");
  });

  it("follows the Dockerfile rules it is given", () => {
    const optIn = {
      ...DOCKERFILE_RULES[0]!,
      id: "dockerfile-new",
      category: "base-image" as const,
      optIn: true,
    };
    const text = renderRuleCatalogue(ALL_RULES, [...DOCKERFILE_RULES, optIn]);
    expect(text).toContain(`, ${DOCKERFILE_RULES.length + 1} for Dockerfiles`);
    expect(sectionOf(text, "dockerfile-new")).toContain("| Runs | when `rules:` turns it on |");
    const manifestsOnly = renderRuleCatalogue(ALL_RULES, [], []);
    expect(manifestsOnly).not.toContain("Dockerfiles");
    expect(manifestsOnly).toContain(`Bulwark has ${ALL_RULES.length} rules for Kubernetes manifests. For`);
  });

  it("lists the image-verification rules last, saying that .bulwark.yaml does not apply to them", () => {
    const start = generated.indexOf("\n## Image signatures (verify-image)\n");
    expect(start).toBeGreaterThan(generated.indexOf("\n## Dockerfiles and base images\n"));
    expect(generated).toContain(
      `and ${IMAGE_SIGNATURE_RULES.length} for image verification ([below](#image-signatures-verify-image))`,
    );
    const imagePart = generated.slice(start);
    expect(imagePart).toContain("`.bulwark.yaml` does not apply to these rules");
    for (const rule of IMAGE_SIGNATURE_RULES) {
      expect(imagePart).toContain(`| [\`${rule.id}\`](#${rule.id}) | ${rule.title} | error |`);
      expect(sectionOf(generated, rule.id)).toContain(`**Remediation:** ${rule.remediation}`);
    }
    expect(imagePart).not.toContain("| Profiles |");
    expect(renderRuleCatalogue(ALL_RULES, DOCKERFILE_RULES, [])).not.toContain("image verification");
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

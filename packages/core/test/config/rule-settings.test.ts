import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { activeRules } from "../../src/engine.js";
import { rulesOfProfile } from "../../src/rules/profiles.js";
import { LATEST_PSS_VERSION } from "../../src/rules/pss/version.js";
import { CHECK_RULES } from "../../src/rules/registry.js";
import { findingsOf } from "../helpers/validate.js";

const privilegedPod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: a, image: nginx, securityContext: {privileged: true}}
`;

describe("rule settings from .bulwark.yaml reach the engine", () => {
  const outsideBaseline = CHECK_RULES.find((rule) => !rulesOfProfile("pss-baseline").includes(rule))!;
  const active = (text: string) =>
    activeRules(parseConfig(text, ".bulwark.yaml"), LATEST_PSS_VERSION).map((rule) => rule.id);

  it("off removes a rule of the profile", () => {
    expect(active("profile: pss-baseline\n")).toContain("pss-privileged");
    expect(active("profile: pss-baseline\nrules: {pss-privileged: off}\n")).not.toContain("pss-privileged");
  });

  it("a severity adds a rule the profile leaves out, at that severity", () => {
    expect(active("profile: pss-baseline\n")).not.toContain(outsideBaseline.id);
    expect(active(`profile: pss-baseline\nrules: {${outsideBaseline.id}: note}\n`)).toContain(
      outsideBaseline.id,
    );
  });

  it("a severity changes the findings' severity, input rules included", () => {
    const config = parseConfig("rules:\n  pss-privileged: note\n  invalid-yaml: warning\n", ".bulwark.yaml");
    const findings = findingsOf(`${privilegedPod}---\nkey: [unclosed\n`, config);
    expect(findings.find((f) => f.ruleId === "pss-privileged")?.severity).toBe("note");
    expect(findings.find((f) => f.ruleId === "invalid-yaml")?.severity).toBe("warning");
  });
});

import type { Finding } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import { annotationCommands, formatAnnotation } from "../src/annotations.js";
import { maskSecret } from "../src/secrets.js";

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  ruleId: "privileged",
  severity: "error",
  message: "Container app runs privileged.",
  location: { path: "k8s/app.yaml", startLine: 12, startColumn: 9, endLine: 12, endColumn: 25 },
  fingerprint: "f",
  ...overrides,
});

describe("annotations", () => {
  it("places a finding at its file, line and columns with the rule as title", () => {
    expect(formatAnnotation(finding())).toBe(
      "::error file=k8s/app.yaml,line=12,col=9,endLine=12,endColumn=25,title=Bulwark privileged::Container app runs privileged.",
    );
  });

  it("maps notes to notices", () => {
    expect(formatAnnotation(finding({ severity: "note" }))).toMatch(/^::notice /);
    expect(formatAnnotation(finding({ severity: "warning" }))).toMatch(/^::warning /);
  });

  it("adds one notice counting the findings left out, and none when nothing was left out", () => {
    const lines = annotationCommands([finding(), finding({ severity: "warning" })], 7);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      "::notice title=Bulwark::7 more findings not annotated here: see the job summary and the SARIF report.",
    );
    expect(annotationCommands([finding()], 0)).toHaveLength(1);
  });
});

describe("maskSecret", () => {
  it("masks the whole secret and each of its lines, escaped", () => {
    const lines: string[] = [];
    maskSecret("line-one\nline%two", (line) => lines.push(line));
    expect(lines).toEqual([
      "::add-mask::line-one%0Aline%25two",
      "::add-mask::line-one",
      "::add-mask::line%25two",
    ]);
  });

  it("never masks blank text, which would hide every line break in the log", () => {
    const lines: string[] = [];
    maskSecret("\n", (line) => lines.push(line));
    expect(lines).toEqual([]);
  });
});

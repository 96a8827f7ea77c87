import type { Finding } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import { annotateFindings, annotationCommands, formatAnnotation } from "../src/annotations.js";
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

describe("annotateFindings", () => {
  const at = (severity: Finding["severity"], line: number, path = "a.yaml"): Finding =>
    finding({ severity, location: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 2 } });

  it("emits at most 10 errors and 10 warnings, no notes, errors first, then one notice for the rest", () => {
    const findings = [
      ...Array.from({ length: 12 }, (_, i) => at("error", i + 1)),
      ...Array.from({ length: 11 }, (_, i) => at("warning", i + 1)),
      at("note", 1),
      { ...at("error", 99), suppressed: { kind: "inline" as const, reason: "accepted" } },
    ];
    const lines: string[] = [];
    annotateFindings(findings.reverse(), (line) => lines.push(line));
    expect(lines.filter((line) => line.startsWith("::error "))).toHaveLength(10);
    expect(lines.filter((line) => line.startsWith("::warning "))).toHaveLength(10);
    expect(lines.findIndex((line) => line.startsWith("::warning "))).toBe(10);
    expect(lines.at(-1)).toMatch(/^::notice title=Bulwark::4 more findings not annotated here/);
    expect(lines).toHaveLength(21);
  });

  it("puts findings on changed lines first within a level", () => {
    const lines: string[] = [];
    const findings = Array.from({ length: 11 }, (_, i) => at("error", i + 1));
    annotateFindings(findings, (line) => lines.push(line), new Map([["a.yaml", new Set([11])]]));
    expect(lines[0]).toContain("line=11,");
    expect(lines.at(-1)).toMatch(/::1 more finding not annotated here/);
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

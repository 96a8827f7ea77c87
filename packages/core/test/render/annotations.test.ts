import { describe, expect, it } from "vitest";
import type { Finding, Severity } from "../../src/findings/types.js";
import { selectAnnotations } from "../../src/render/annotations.js";
import { finding } from "../helpers/reports.js";

function at(severity: Severity, path: string, line: number, extra: Partial<Finding> = {}): Finding {
  return finding({
    severity,
    fingerprint: `${path}:${line}`,
    location: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 5 },
    ...extra,
  });
}

const label = (f: Finding) => `${f.severity} ${f.location.path}:${f.location.startLine}`;

describe("selectAnnotations", () => {
  it("caps each level at 10 by default, errors first, and counts what it left out", () => {
    const findings = [
      ...Array.from({ length: 12 }, (_, i) => at("warning", "w.yaml", i + 1)),
      ...Array.from({ length: 11 }, (_, i) => at("error", "e.yaml", i + 1)),
      at("note", "n.yaml", 1),
    ];
    const { annotations, omitted } = selectAnnotations(findings);
    expect(annotations.map((f) => f.severity)).toEqual([
      ...Array(10).fill("error"),
      ...Array(10).fill("warning"),
      "note",
    ]);
    expect(omitted).toBe(3);
  });

  it("puts findings on changed lines first within a level, including multi-line findings", () => {
    const findings = [
      at("error", "a.yaml", 1),
      at("error", "a.yaml", 2),
      at("error", "b.yaml", 7, {
        location: { path: "b.yaml", startLine: 5, startColumn: 1, endLine: 9, endColumn: 2 },
      }),
    ];
    const changedLines = new Map([
      ["b.yaml", new Set([8])],
      ["a.yaml", new Set([2])],
    ]);
    const { annotations, omitted } = selectAnnotations(findings, { maxPerLevel: { error: 2 }, changedLines });
    expect(annotations.map(label)).toEqual(["error a.yaml:2", "error b.yaml:5"]);
    expect(omitted).toBe(1);
  });

  it("never annotates suppressed findings, nor counts them as omitted", () => {
    const findings = [
      at("error", "a.yaml", 1, { suppressed: { kind: "baseline", reason: "old" } }),
      at("warning", "a.yaml", 2),
    ];
    expect(selectAnnotations(findings)).toEqual({ annotations: [findings[1]], omitted: 0 });
  });

  it("honours a cap of zero and keeps the other defaults", () => {
    const findings = [at("note", "a.yaml", 1), at("warning", "a.yaml", 2)];
    const { annotations, omitted } = selectAnnotations(findings, { maxPerLevel: { note: 0 } });
    expect(annotations.map(label)).toEqual(["warning a.yaml:2"]);
    expect(omitted).toBe(1);
  });
});

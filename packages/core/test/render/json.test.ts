import { describe, expect, it } from "vitest";
import { type JsonReport, renderJson } from "../../src/render/json.js";
import { emptyReport, finding, richReport } from "../helpers/reports.js";

describe("renderJson", () => {
  it("writes a versioned report with counts, sorted findings and notes", () => {
    const report = richReport();
    const json = JSON.parse(renderJson(report)) as JsonReport;
    expect(json.version).toBe(1);
    expect(json.tool).toEqual({ name: "Bulwark", version: "0.1.0" });
    expect(json.category).toBe("bulwark-manifests");
    const active = report.findings.filter((f) => !f.suppressed);
    expect(json.summary).toEqual({
      error: active.filter((f) => f.severity === "error").length,
      warning: active.filter((f) => f.severity === "warning").length,
      note: 1,
      suppressed: 3,
      total: report.findings.length,
    });
    expect(json.findings.map((f) => f.location.path)).toEqual(
      json.findings.map((f) => f.location.path).sort(),
    );
    expect(
      json.findings
        .filter((f) => f.suppressed)
        .map((f) => f.suppressed!.kind)
        .sort(),
    ).toEqual(["baseline", "config", "inline"]);
    expect(json.findings.find((f) => f.fix)?.fix?.replacements[0]?.text).toBe("false");
    expect(json.notes).toEqual(report.notes);
  });

  it("is byte-for-byte the same whatever order the findings arrive in, and ends with a newline", () => {
    const report = richReport();
    const shuffled = { ...report, findings: [...report.findings].reverse() };
    expect(renderJson(shuffled)).toBe(renderJson(report));
    expect(renderJson(report).endsWith("}\n")).toBe(true);
  });

  it("keeps only the documented fields, in a fixed order", () => {
    const extra = { ...finding(), internal: "not for output" };
    const [out] = (JSON.parse(renderJson({ ...emptyReport(), findings: [extra] })) as JsonReport).findings;
    expect(Object.keys(out!)).toEqual(["ruleId", "severity", "message", "location", "object", "fingerprint"]);
  });

  it("writes an empty report with zero counts", () => {
    expect(JSON.parse(renderJson(emptyReport()))).toEqual({
      version: 1,
      tool: { name: "Bulwark", version: "0.1.0" },
      category: "bulwark-manifests",
      summary: { error: 0, warning: 0, note: 0, suppressed: 0, total: 0 },
      findings: [],
      notes: [],
    });
  });
});

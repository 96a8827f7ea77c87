import { describe, expect, it } from "vitest";
import { renderText } from "../../src/render/text.js";
import { emptyReport, finding, richReport } from "../helpers/reports.js";

describe("renderText", () => {
  const report = {
    ...emptyReport(),
    findings: [
      finding({
        severity: "warning",
        ruleId: "latest-image-tag",
        message: "Image has no tag.",
        location: { ...finding().location, startLine: 20, startColumn: 16 },
      }),
      finding(),
      finding({
        ruleId: "unsafe-yaml",
        message: "Aliases expand too far.",
        location: { path: "a.yaml", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        object: undefined,
      }),
      finding({ severity: "note", suppressed: { kind: "inline", reason: "debug pod" } }),
    ],
    notes: ["Skipped values.yaml: no apiVersion and kind."],
  };

  it("prints compiler-style lines in file order, then suppressed findings, notes and a summary", () => {
    expect(renderText(report)).toBe(
      [
        "a.yaml:1:1 error unsafe-yaml Aliases expand too far.",
        'k8s/web.yaml:12:11 error pss-privileged Container "app" is privileged. (Deployment shop/web)',
        "k8s/web.yaml:20:16 warning latest-image-tag Image has no tag. (Deployment shop/web)",
        "",
        "Suppressed (1):",
        '  k8s/web.yaml:12:11 note pss-privileged Container "app" is privileged. (Deployment shop/web) [inline annotation: debug pod]',
        "",
        "note: Skipped values.yaml: no apiVersion and kind.",
        "",
        "3 findings: 2 errors, 1 warning, 0 notes; 1 suppressed.",
        "",
      ].join("\n"),
    );
  });

  it("colours severities only when asked", () => {
    const colored = renderText(report, { color: true });
    expect(colored).toContain("\u001b[31merror\u001b[0m");
    expect(colored).toContain("\u001b[33mwarning\u001b[0m");
    expect(colored.trimEnd().split("\n").at(-1)!.startsWith("\u001b[31m3 findings")).toBe(true);
    expect(renderText(report)).not.toContain("\u001b");
  });

  it("keeps hostile strings on one line and out of control of the terminal", () => {
    const hostile = finding({
      message: "ok\u001b[2J\u001b]8;;https://evil\u0007click\nforged.yaml:1:1 error",
      location: { ...finding().location, path: "x\u202e.yaml" },
    });
    const text = renderText({ ...emptyReport(), findings: [hostile] });
    for (const invisible of ["\u001b", "\u0007", "\u202e"]) expect(text).not.toContain(invisible);
    expect(text.split("\n")[0]).toBe(
      "x\\u{202e}.yaml:12:11 error pss-privileged ok\\u{001b}[2J\\u{001b}]8;;https://evil\\u{0007}click forged.yaml:1:1 error (Deployment shop/web)",
    );
  });

  it("says when there is nothing to report", () => {
    expect(renderText(emptyReport())).toBe("No findings.\n");
  });

  it("renders real validation output with every suppression kind", () => {
    const text = renderText(richReport());
    expect(text).toMatch(/^broken\.yaml:4:1 error invalid-yaml /m);
    expect(text).toContain("[configuration exemption, until 2030-01-31: vendor agent needs host access]");
    expect(text).toContain("[baseline: recorded in the baseline]");
    expect(text).toMatch(/\n\d+ findings: \d+ errors, \d+ warnings, 1 note; 3 suppressed\.\n$/);
  });
});

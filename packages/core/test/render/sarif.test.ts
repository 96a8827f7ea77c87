import { describe, expect, it } from "vitest";
import { artifactUri } from "../../src/render/artifact-uri.js";
import { FINGERPRINT_KEY, renderSarif, SARIF_LIMITS, type SarifResult } from "../../src/render/sarif.js";
import { AWKWARD_PATH, emptyReport, finding, richReport, TOOL } from "../helpers/reports.js";
import { validateWithMultitool } from "../helpers/sarif-multitool.js";
import { SARIF_SCHEMA_PRESENT, sarifSchemaErrors } from "../helpers/sarif-schema.js";

/** The validator's error-level results; warnings are printed so a failure shows the whole picture. */
function multitoolErrors(log: unknown): string[] {
  const found = validateWithMultitool(log);
  return found.filter((f) => f.level === "error").map((f) => `${f.ruleId}: ${f.message}`);
}

function resultsOf(log: ReturnType<typeof renderSarif>): SarifResult[] {
  return log.runs[0]!.results;
}

describe("renderSarif, checked by Microsoft's SARIF validator (schema + GitHub rules)", () => {
  it("accepts a rich log: every severity, suppressions, a fix, logical locations, an awkward path, two runs", () => {
    const withRoot = { ...emptyReport("bulwark-base-images"), sourceRoot: "file:///home/runner/work/shop/" };
    const log = renderSarif([richReport(), withRoot]);
    expect(log.runs[1]!.originalUriBaseIds).toEqual({
      "%SRCROOT%": { uri: "file:///home/runner/work/shop/" },
    });
    expect(multitoolErrors(log)).toEqual([]);
  });

  it("accepts an empty report, which still has a run with an empty results array", () => {
    const log = renderSarif([emptyReport()]);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.results).toEqual([]);
    expect(multitoolErrors(log)).toEqual([]);
  });

  it("reports the errors of a log GitHub would reject (the check can fail)", () => {
    const log = renderSarif([richReport()]);
    const rule = log.runs[0]!.tool.driver.rules[0]! as Partial<
      (typeof log.runs)[0]["tool"]["driver"]["rules"][0]
    >;
    delete rule.help;
    resultsOf(log)[0]!.locations[0]!.physicalLocation.artifactLocation.uri = "not a uri";
    const errors = multitoolErrors(log).join("\n");
    expect(errors).toMatch(/^GH2012: .*help/m);
    expect(errors).toMatch(/^SARIF1002: .*not a uri/m);
  });
});

describe.skipIf(!SARIF_SCHEMA_PRESENT)(
  "renderSarif against the SARIF 2.1.0 JSON schema (../shared/testdata)",
  () => {
    it("conforms for a rich and an empty report", () => {
      expect(sarifSchemaErrors(renderSarif([richReport()]))).toEqual([]);
      expect(sarifSchemaErrors(renderSarif([emptyReport()]))).toEqual([]);
    });

    it("rejects a result without a message (the check can fail)", () => {
      const log = renderSarif([richReport()]) as unknown as { runs: { results: { message?: unknown }[] }[] };
      delete log.runs[0]!.results[0]!.message;
      expect(sarifSchemaErrors(log)).toContainEqual(
        expect.stringMatching(/^\/runs\/0\/results\/0 .*message/),
      );
    });
  },
);
if (!SARIF_SCHEMA_PRESENT)
  console.warn("SARIF schema test skipped: ../shared/testdata/sarif/ is not present");

describe("renderSarif content", () => {
  const log = renderSarif([richReport()]);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;

  it("names the tool and the category of the run", () => {
    expect(run.tool.driver).toMatchObject(TOOL);
    expect(run.automationDetails).toEqual({ id: "bulwark-manifests/" });
  });

  it("describes every rule of the report with help, level and tags", () => {
    expect(rules.map((r) => r.id)).toEqual(richReport().rules.map((r) => r.id));
    const privileged = rules.find((r) => r.id === "pss-privileged")!;
    expect(privileged).toMatchObject({
      name: "PssPrivileged",
      defaultConfiguration: { level: "error" },
      helpUri: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
      properties: {
        tags: ["security", "pss", "pss-baseline", "privileged"],
        "security-severity": "8.0",
        "pss-level": "baseline",
        "pss-check": "privileged",
      },
    });
    expect(privileged.help.markdown).toContain("**Remediation:**");
    expect(privileged.help.markdown).toContain("[Pod Security Standards: baseline](https://kubernetes.io/");
    // Unreadable input is not a security finding: no score for code scanning to rank.
    expect(rules.find((r) => r.id === "invalid-yaml")!.properties).toEqual({ tags: ["input"] });
  });

  it("points each result at its rule, a relative percent-encoded URI and a real region", () => {
    for (const result of run.results) expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
    const fixed = run.results.find((r) => r.fixes)!;
    expect(fixed.locations[0]!.physicalLocation).toEqual({
      artifactLocation: {
        uri: "deploy/my%20apps/caf%C3%A9%20%231/w%C3%ABb%20%F0%9F%9A%80.yaml",
        uriBaseId: "%SRCROOT%",
      },
      region: { startLine: 13, startColumn: 11, endLine: 13, endColumn: 27 },
    });
    expect(decodeURIComponent(fixed.locations[0]!.physicalLocation.artifactLocation.uri)).toBe(AWKWARD_PATH);
    expect(run.originalUriBaseIds["%SRCROOT%"]).toBeDefined();
  });

  it("names the Kubernetes object, fingerprints the result and carries the fix", () => {
    const fixed = run.results.find((r) => r.fixes)!;
    expect(fixed.locations[0]!.logicalLocations).toEqual([
      { name: "web", fullyQualifiedName: "shop/Deployment/web", kind: "resource" },
    ]);
    expect(fixed.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{16}$/);
    expect(fixed.fixes).toEqual([
      {
        description: { text: "Set privileged to false" },
        artifactChanges: [
          {
            artifactLocation: fixed.locations[0]!.physicalLocation.artifactLocation,
            replacements: [
              {
                deletedRegion: { startLine: 13, startColumn: 23, endLine: 13, endColumn: 27 },
                insertedContent: { text: "false" },
              },
            ],
          },
        ],
      },
    ]);
  });

  it("keeps suppressed findings as suppressed results: inSource for inline, external otherwise", () => {
    const suppressions = run.results.flatMap((r) => r.suppressions ?? []);
    expect(suppressions).toHaveLength(3);
    expect(suppressions).toEqual(
      expect.arrayContaining([
        {
          kind: "inSource",
          status: "accepted",
          justification: "break-glass pod, removed after the incident (inline annotation)",
        },
        {
          kind: "external",
          status: "accepted",
          justification: "vendor agent needs host access (configuration exemption, until 2030-01-31)",
        },
        {
          kind: "external",
          status: "accepted",
          justification: "recorded in the baseline (baseline)",
        },
      ]),
    );
  });

  it("keeps every severity and orders results worst first", () => {
    expect(new Set(run.results.map((r) => r.level))).toEqual(new Set(["error", "warning", "note"]));
    expect(run.results[0]!.level).toBe("error");
    expect(run.results.at(-1)!.level).toBe("note");
  });

  it("drops the end of an empty region, which SARIF would read as a zero-width highlight", () => {
    const broken = run.results.find((r) => r.ruleId === "invalid-yaml")!;
    expect(broken.locations[0]!.physicalLocation.region).toEqual({ startLine: 4, startColumn: 1 });
  });

  it("puts the report's notes into the invocation's notifications", () => {
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: "note", message: { text: "Skipped 1 document without apiVersion and kind: values.yaml:1." } },
    ]);
  });
});

describe("renderSarif limits", () => {
  it("keeps at most 25,000 results per run, dropping suppressed then least severe, and says so", () => {
    const many = Array.from({ length: SARIF_LIMITS.resultsPerRun + 2 }, (_, i) =>
      finding({
        severity: i === 0 ? "note" : "error",
        fingerprint: String(i),
        location: { ...finding().location, startLine: i + 1 },
      }),
    );
    many.push(finding({ severity: "error", suppressed: { kind: "baseline", reason: "old" } }));
    const run = renderSarif([{ ...emptyReport(), findings: many }]).runs[0]!;
    expect(run.results).toHaveLength(SARIF_LIMITS.resultsPerRun);
    expect(run.results.some((r) => r.suppressions || r.level === "note")).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: "warning",
        message: { text: expect.stringMatching(/^3 findings left out of this run/) },
      }),
    ]);
  });

  it("refuses two reports with the same tool and category, which code scanning rejects", () => {
    expect(() => renderSarif([emptyReport("x"), emptyReport("x")])).toThrow(/share the category "x"/);
  });

  it("describes a rule a finding names even when the report forgot it", () => {
    const run = renderSarif([{ ...emptyReport(), findings: [finding({ ruleId: "made-up" })] }]).runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["made-up"]);
    expect(run.results[0]!.ruleIndex).toBe(0);
  });
});

describe("artifactUri", () => {
  it.each([
    ["k8s/app.yaml", { uri: "k8s/app.yaml", uriBaseId: "%SRCROOT%" }],
    ["./k8s/app.yaml", { uri: "k8s/app.yaml", uriBaseId: "%SRCROOT%" }],
    ["a:b.yaml", { uri: "a%3Ab.yaml", uriBaseId: "%SRCROOT%" }],
    ["100%/x?.yaml", { uri: "100%25/x%3F.yaml", uriBaseId: "%SRCROOT%" }],
    ["/abs/my app.yaml", { uri: "file:///abs/my%20app.yaml" }],
    ["C:\\repo\\app.yaml", { uri: "file:///C:/repo/app.yaml" }],
  ])("%s", (path, expected) => {
    expect(artifactUri(path)).toEqual(expected);
  });
});

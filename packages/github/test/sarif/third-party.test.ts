import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSarif } from "../../src/sarif/ingest.js";

/** SARIF written by other tools, kept beside the repository (see its README); never copied into it. */
const TESTDATA = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../../shared/testdata/sarif");
const present = existsSync(TESTDATA);
if (!present) console.warn(`Skipping the third-party SARIF tests: ${TESTDATA} is absent.`);

const load = (...files: string[]) =>
  loadSarif(
    files.map((f) => join(TESTDATA, f)),
    { workspace: "/home/runner/work/repo/repo" },
  );

describe.skipIf(!present)("SARIF written by other tools", () => {
  it("reads CodeQL's two-run log: rule defaults, related-location links, one finding per fingerprint", async () => {
    const ingested = await load("codeql-action-valid-sarif.sarif");
    expect(ingested.tools).toEqual(["LGTM.com", "CodeQL command-line toolchain"]);
    // The same unused variable is in both runs with the same fingerprints: reported once.
    expect(ingested.duplicates).toBe(1);
    expect(
      ingested.findings.map((f) => [f.ruleId, f.severity, f.location.path, f.location.startLine]),
    ).toEqual([
      ["js/unused-local-variable", "note", "main.js", 2],
      ["js/inconsistent-use-of-new", "note", "src/promiseUtils.js", 2],
    ]);
    expect(ingested.findings[0]!.location).toMatchObject({ startColumn: 7, endColumn: 10 });
    expect(ingested.findings[1]!.message).toBe(
      "Function resolvingPromise is sometimes invoked as a constructor (for example here (src/ParseObject.js:2281)), and sometimes as a normal function (for example here (src/LiveQueryClient.js:166)).",
    );
  });

  it("reads Checkov's log, which has no tool, with whole-block regions", async () => {
    const { findings, tools } = await load("checkov-results.sarif");
    expect(tools).toEqual(["unknown tool"]);
    expect(findings).toHaveLength(12);
    expect(findings.every((f) => f.severity === "error")).toBe(true);
    expect(findings[0]).toMatchObject({
      ruleId: "CKV_OPENAPI_4",
      location: { path: "v2/swagger_empty_paths.yaml", startLine: 2, endLine: 16 },
    });
    // The same rule and message in four files: four findings, four fingerprints.
    const same = findings.filter((f) => f.ruleId === "CKV_OPENAPI_4");
    expect(new Set(same.map((f) => f.fingerprint)).size).toBe(same.length);
  });

  it("reads Datree's log with the level left to the default", async () => {
    const { findings } = await load("datree-sarif_output.sarif");
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.startLine])).toEqual([
      ["CONTAINERS_MISSING_IMAGE_VALUE_VERSION", "warning", 10],
      ["CONTAINERS_MISSING_MEMORY_LIMIT_KEY", "warning", 95],
      ["WORKLOAD_INVALID_LABELS_VALUE", "warning", 7],
      ["CONTAINERS_MISSING_LIVENESSPROBE_KEY", "warning", 22],
    ]);
    expect(findings[0]!.message).toContain(
      'specify an image version to avoid unpleasant "version surprises"',
    );
  });

  it("reads logs with no results, and runs with odd tool names", async () => {
    const ingested = await load("codeql-action-empty-sarif.sarif", "codeql-action-tool-names.sarif");
    expect(ingested.findings).toEqual([]);
    expect(ingested.tools).toEqual(["LGTM.com", "CodeQL command-line toolchain", "ESLint", "unknown tool"]);
  });

  it("skips a result whose URI is not a valid URI reference, saying which", async () => {
    const { findings, skipped } = await load("codeql-action-with-invalid-uri.sarif");
    expect(findings).toEqual([]);
    expect(skipped).toEqual([
      {
        file: join(TESTDATA, "codeql-action-with-invalid-uri.sarif"),
        ruleId: "js/unused-local-variable",
        reason: '"not a valid URI" is not a valid URI reference',
      },
    ]);
  });

  it("refuses the invalid log, naming the file and the field", async () => {
    await expect(load("codeql-action-invalid-sarif.sarif", "datree-sarif_output.sarif")).rejects.toThrowError(
      `- ${join(TESTDATA, "codeql-action-invalid-sarif.sarif")} is not a SARIF 2.1.0 log: runs[0].results: expected an array, found the number 42`,
    );
  });
});

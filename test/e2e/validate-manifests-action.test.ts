import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../packages/cli/src/cli.js";
import { validateWithMultitool } from "../../packages/core/test/helpers/sarif-multitool.js";
import { annotations, NODE24, REPO, runAction } from "./support/runner.js";

/** A local shorthand: the validate-manifests action on a workspace, with inputs. */
const validateAction = (
  workspace: string | Record<string, string>,
  inputs: Record<string, string> = {},
  summaryBefore = "",
) => runAction("validate-manifests", { workspace, inputs, summaryBefore });

const BUNDLE = join(REPO, "actions/validate-manifests/dist/index.js");

const UNSAFE_REPO = join(REPO, "test/fixtures/unsafe-repo");

const SAFE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: safe
  namespace: team-a
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0@sha256:${"a".repeat(64)}
`;

describe("validate-manifests bundle under Node 24", () => {
  it("uses the Node 24 runtime and the committed bundle", () => {
    expect(existsSync(BUNDLE)).toBe(true);
    const version = spawnSync(NODE24, ["--version"], { encoding: "utf8" }).stdout.trim();
    expect(version).toMatch(/^v24\./);
  });

  it("reports the unsafe repository: outputs, summary, capped annotations, SARIF, failure", async () => {
    const run = await validateAction(UNSAFE_REPO);
    expect(run.status).toBe(1);

    const errors = Number(run.outputs.errors);
    const warnings = Number(run.outputs.warnings);
    const notes = Number(run.outputs.notes);
    expect(errors).toBeGreaterThan(10);
    expect(Number(run.outputs.findings)).toBe(errors + warnings + notes);
    expect(run.outputs.suppressed).toBe("0");
    expect(run.outputs["sarif-file"]).toBe(join(run.workspace, "bulwark-manifests.sarif"));

    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toHaveLength(errors + warnings + notes);

    expect(annotations(run.stdout, "error")).toHaveLength(10);
    expect(annotations(run.stdout, "warning").length).toBeLessThanOrEqual(10);
    const shown = annotations(run.stdout, "error").length + annotations(run.stdout, "warning").length;
    const more = run.stdout.split("\n").filter((line) => line.startsWith("::notice title=Bulwark::"));
    expect(more).toEqual([
      `::notice title=Bulwark::${errors + warnings + notes - shown} more findings not annotated here: see the job summary and the SARIF report.`,
    ]);
    expect(annotations(run.stdout, "error")[0]).toMatch(
      /^::error file=[^,]+\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=/,
    );

    // The summary escapes Markdown in everything that came from the files.
    expect(run.summary).toContain("pss\\-privileged");
    expect(run.summary).toContain("apps\\/web\\/deployment\\.yaml");
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1024 * 1024);

    expect(run.stdout).toMatch(/^::error::Bulwark found \d+ errors?, .*\(fail-level: error\)\.$/m);
  });

  it("passes with fail-level none, and still writes outputs and SARIF", async () => {
    const run = await validateAction(UNSAFE_REPO, { "fail-level": "none" });
    expect(run.status).toBe(0);
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
    expect(existsSync(run.outputs["sarif-file"]!)).toBe(true);
    expect(run.stdout).not.toMatch(/^::error::/m);
  });

  it("writes a SARIF file with no results when there are no findings, and passes", async () => {
    const run = await validateAction(
      { "k8s/pod.yaml": SAFE_POD },
      { paths: "k8s", "sarif-file": "out/results.sarif", profile: "pss-baseline" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ errors: "0", warnings: "0", notes: "0", findings: "0" });
    const sarif = JSON.parse(readFileSync(join(run.workspace, "out/results.sarif"), "utf8"));
    expect(sarif.runs[0].results).toEqual([]);
    expect(annotations(run.stdout, "error")).toEqual([]);
  });

  it("fails by the chosen level: a warning fails at fail-level warning, not at error", async () => {
    const files = {
      "pod.yaml": SAFE_POD.replace("image:", "securityContext: {privileged: true}\n      image:"),
      ".bulwark.yaml": "profile: pss-baseline\nrules:\n  pss-privileged:\n    severity: warning\n",
    };
    const atError = await validateAction(files, { "fail-level": "error" });
    const atWarning = await validateAction(files, { "fail-level": "warning" });
    for (const run of [atError, atWarning]) expect(run.outputs).toMatchObject({ errors: "0", warnings: "1" });
    expect(annotations(atError.stdout, "warning")).toHaveLength(1);
    expect(atError.status).toBe(0);
    expect(atWarning.status).toBe(1);
  });

  it("fails with the config error's message alone on a bad .bulwark.yaml", async () => {
    const run = await validateAction({ "pod.yaml": SAFE_POD, ".bulwark.yaml": "profile: strictest\n" });
    expect(run.status).toBe(1);
    const failure = run.stdout.split("\n").filter((line) => line.startsWith("::error::"));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/^::error::\.bulwark\.yaml:1:\d+: .*strictest/);
    expect(run.stdout).not.toMatch(/Internal error|\s+at .+\(.+:\d+:\d+\)/);
  });

  it("fails with a clear message on an invalid input", async () => {
    const run = await validateAction({ "pod.yaml": SAFE_POD }, { "fail-level": "sometimes" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      '::error::Invalid fail-level "sometimes": expected one of error, warning, note, none.',
    );
  });

  it("keeps the job summary within GitHub's 1 MiB, counting what the step wrote before", async () => {
    const before = `${"x".repeat(1024 * 1024 - 3000)}\n`;
    const run = await validateAction(UNSAFE_REPO, { "fail-level": "none" }, before);
    expect(run.status).toBe(0);
    expect(run.summary.startsWith(before)).toBe(true);
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(run.summary.length).toBeGreaterThan(before.length);
  });

  it("escapes hostile text from a manifest so it cannot issue workflow commands", async () => {
    const hostile = SAFE_POD.replace(
      "name: app",
      'name: "app\\n::error::pwned\\n::set-output name=errors::0"',
    ).replace("image:", "securityContext: {privileged: true}\n      image:");
    const run = await validateAction({ "pod.yaml": hostile }, { profile: "pss-baseline" });
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(/^::error::pwned/m);
    expect(run.stdout).not.toMatch(/^::set-output/m);
    expect(run.stdout).toContain("%0A::error::pwned%0A::set-output name=errors::0");
    expect(run.outputs.errors).toBe("1");
  });

  it("writes SARIF that Microsoft's validator accepts with GitHub's ingestion rules, for real findings", async () => {
    const run = await validateAction(UNSAFE_REPO, { "fail-level": "none" });
    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8"));
    const errors = validateWithMultitool(sarif).filter((finding) => finding.level === "error");
    expect(errors).toEqual([]);
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it("suppresses the findings of a baseline recorded by the CLI, and counts them", async () => {
    const recorded = mkdtempSync(join(tmpdir(), "bulwark-baseline-"));
    cpSync(UNSAFE_REPO, recorded, { recursive: true });
    const io = { cwd: recorded, stdin: Readable.from([]), stdout: () => {}, stderr: () => {}, color: false };
    await runCli(["validate", ".", "--write-baseline", "bulwark-baseline.json", "--fail-level", "none"], io);

    const run = await validateAction(recorded, { baseline: "bulwark-baseline.json" });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ errors: "0", warnings: "0", findings: "0" });
    expect(Number(run.outputs.suppressed)).toBeGreaterThan(10);
    expect(annotations(run.stdout, "error")).toEqual([]);
  });
});

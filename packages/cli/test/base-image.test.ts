import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import type { Finding } from "@bulwark/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRegistry, type TestRegistry } from "../../oci/test/support/registry.js";
import { OFFLINE_NOTE } from "../src/base-image/check.js";
import { runCli } from "../src/cli.js";
import { EXIT } from "../src/commands/command.js";
import {
  type BaseImages,
  baseImageConfig,
  KEYS_ONLY_TRUSTED_ROOT,
  seedBaseImages,
} from "./support/base-images.js";

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `bulwark base-image` in-process, with an environment of its own (no Docker config, no token). */
async function baseImage(cwd: string, args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await runCli(["base-image", ...args], {
    cwd,
    stdin: Readable.from([]),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
    env: { DOCKER_CONFIG: join(cwd, ".no-docker-config") },
  });
  return { status, stdout, stderr };
}

function workspace(files: Record<string, string | Uint8Array>): string {
  const root = join(mkdtempSync(join(tmpdir(), "bulwark-base-image-")), "repo");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** What the JSON report says, finding by finding: path, line and rule (notes aside). */
const summary = (findings: Finding[]) =>
  findings
    .filter((f) => !f.suppressed && f.severity !== "note")
    .map((f) => `${f.location.path}:${f.location.startLine} ${f.ruleId}`)
    .sort();

/** Verifying key signatures made without a transparency log, against a root with no authorities. */
const KEY_ONLY = ["--trusted-root", "trusted_root.json", "--insecure-ignore-tlog"];

describe("bulwark base-image against distribution 2.8", () => {
  let registry: TestRegistry;
  let images: BaseImages;
  let repo: string;

  beforeAll(async () => {
    registry = await startRegistry();
    images = await seedBaseImages(registry);
    const { host, digests } = images;
    repo = workspace({
      ".bulwark.yaml": baseImageConfig(host),
      "keys/release.pub": images.trustedKeyPem,
      "trusted_root.json": KEYS_ONLY_TRUSTED_ROOT,
      "services/fresh/Dockerfile": `FROM ${host}/trusted/fresh:1\nUSER app\n`,
      "services/old/Dockerfile": `FROM ${host}/trusted/old:1@${digests.old}\nUSER app\n`,
      "services/foreign/api.Dockerfile": `FROM ${host}/trusted/foreign:1@${digests.foreign}\nUSER app\n`,
      "services/moving/Containerfile": `# pinned before the tag moved\nFROM ${host}/trusted/moving:1@${digests.movedFrom}\nUSER app\n`,
      "services/multi/Dockerfile": `FROM ${host}/plain/multi:1@${digests.multi}\n`,
      "services/umoci/Dockerfile.prod": `FROM ${host}/plain/umoci:1@${digests.umoci} AS base\nFROM base\nUSER 1000\n`,
      "services/umoci/README.md": "not a Dockerfile\n",
      "services/shared/Dockerfile": `FROM ${host}/trusted/fresh:1\nUSER app\n`,
    });
  });
  afterAll(async () => registry?.stop());

  it("reports pins, moved tags, age and signatures at the line of each reference (JSON)", async () => {
    const run = await baseImage(repo, ["--format", "json", ...KEY_ONLY]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(EXIT.findings);
    const report = JSON.parse(run.stdout);
    expect(summary(report.findings)).toEqual([
      "services/foreign/api.Dockerfile:1 base-image-signature-untrusted",
      "services/fresh/Dockerfile:1 base-image-not-pinned",
      "services/moving/Containerfile:2 base-image-stale-digest",
      "services/multi/Dockerfile:1 base-image-too-old",
      "services/multi/Dockerfile:1 dockerfile-root-user",
      "services/old/Dockerfile:1 base-image-too-old",
      "services/old/Dockerfile:1 base-image-unsigned",
      "services/shared/Dockerfile:1 base-image-not-pinned",
    ]);
    const find = (rule: string, path: string) =>
      report.findings.find((f: Finding) => f.ruleId === rule && f.location.path === path) as Finding;
    const { host, digests } = images;
    // The pin suggestion keeps the tag, and replaces exactly the reference.
    const pin = find("base-image-not-pinned", "services/fresh/Dockerfile");
    expect(pin.fix!.replacements).toEqual([
      {
        region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 6 + `${host}/trusted/fresh:1`.length },
        text: `${host}/trusted/fresh:1@${digests.fresh}`,
      },
    ]);
    const stale = find("base-image-stale-digest", "services/moving/Containerfile");
    expect(stale.message).toContain(digests.movedTo);
    expect(stale.fix!.replacements[0]!.text).toBe(`${host}/trusted/moving:1@${digests.movedTo}`);
    expect(find("base-image-signature-untrusted", "services/foreign/api.Dockerfile").message).toMatch(
      /signature is not trusted: for the key keys\/release\.pub, signature verification failed/,
    );
    // Seven references, six distinct images: each asked about once.
    expect(report.notes).toEqual(["Checked 7 Dockerfiles; asked the registry about 6 distinct images."]);
    // None of these images has provenance: a note each, by default.
    const notes = report.findings.filter((f: Finding) => f.severity === "note");
    expect(new Set(notes.map((f: Finding) => f.ruleId))).toEqual(new Set(["base-image-provenance-missing"]));
    expect(notes).toHaveLength(7);
  });

  it("reads the platform asked for from a multi-arch index", async () => {
    const run = await baseImage(repo, ["services/multi", "--platform", "linux/arm64", "--format", "json"]);
    expect(run.status).toBe(EXIT.ok);
    expect(summary(JSON.parse(run.stdout).findings)).toEqual([]);
  });

  it("reads each FROM's platform from a multi-arch index: its own age and user", async () => {
    const { host, digests } = images;
    const multi = `${host}/plain/multi:1@${digests.multi}`;
    const platforms = workspace({
      "arm/Dockerfile": `FROM --platform=linux/arm64 ${multi}\n`,
      "build/Dockerfile": `FROM --platform=$BUILDPLATFORM ${multi} AS build\nFROM build\n`,
      "plain/Dockerfile": `FROM ${multi}\n`,
    });
    const run = await baseImage(platforms, ["--format", "json"]);
    const report = JSON.parse(run.stdout);
    // linux/arm64 is recent and sets a user; linux/amd64, the run's platform, is neither.
    expect(summary(report.findings)).toEqual([
      "build/Dockerfile:1 base-image-too-old",
      "build/Dockerfile:2 dockerfile-root-user",
      "plain/Dockerfile:1 base-image-too-old",
      "plain/Dockerfile:1 dockerfile-root-user",
    ]);
    // One image read for two platforms: two resolutions, the index fetched once for both.
    expect(report.notes).toEqual(["Checked 3 Dockerfiles; asked the registry about 2 distinct images."]);
    const assumed = report.findings.filter((f: Finding) => f.ruleId === "base-image-platform-unresolved");
    expect(
      assumed.map((f: Finding) => [f.location.path, f.location.startLine, f.location.startColumn]),
    ).toEqual([["build/Dockerfile", 1, 17]]);
    expect(assumed[0].message).toBe(
      `--platform=$BUILDPLATFORM is not known ($BUILDPLATFORM depends on the machine that builds; pass it with --build-arg BUILDPLATFORM=...): ${host}/plain/multi:1@${digests.multi} was checked for linux/amd64, the run's platform.`,
    );

    // The run's platform stands in wherever a FROM names none it knows.
    const onArm = JSON.parse(
      (await baseImage(platforms, ["--format", "json", "--platform", "linux/arm64"])).stdout,
    );
    expect(summary(onArm.findings)).toEqual([]);
    expect(onArm.notes).toEqual(["Checked 3 Dockerfiles; asked the registry about 1 distinct image."]);
    const given = JSON.parse(
      (await baseImage(platforms, ["--format", "json", "--build-arg", "BUILDPLATFORM=linux/arm64"])).stdout,
    );
    expect(summary(given.findings)).toEqual([
      "plain/Dockerfile:1 base-image-too-old",
      "plain/Dockerfile:1 dockerfile-root-user",
    ]);
  });

  it("carries the pin suggestions into SARIF fixes", async () => {
    const run = await baseImage(repo, ["services/fresh", "--format", "sarif", ...KEY_ONLY]);
    const sarif = JSON.parse(run.stdout);
    const [result] = sarif.runs[0].results;
    expect(result.ruleId).toBe("base-image-not-pinned");
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 1, startColumn: 6 });
    const change = result.fixes[0].artifactChanges[0];
    expect(change.artifactLocation.uri).toBe("services/fresh/Dockerfile");
    expect(change.replacements[0].insertedContent.text).toBe(
      `${images.host}/trusted/fresh:1@${images.digests.fresh}`,
    );
  });

  it("does not accept key signatures without a transparency-log entry unless told to", async () => {
    const run = await baseImage(repo, [
      "services/fresh",
      "--format",
      "json",
      "--trusted-root",
      "trusted_root.json",
    ]);
    const untrusted = JSON.parse(run.stdout).findings.find(
      (f: Finding) => f.ruleId === "base-image-signature-untrusted",
    );
    expect(untrusted.message).toMatch(/for the key keys\/release\.pub, expected 1 timestamps, got 0/);
  });

  it("offline: static rules only, said in every format, and no registry is asked", async () => {
    const down = `127.0.0.1:${await freePort()}`;
    const offlineRepo = workspace({
      Dockerfile: `FROM ${down}/app/base:1\nUSER app\n`,
      "web/Dockerfile": `FROM nginx\n`,
    });
    const json = await baseImage(offlineRepo, ["--offline", "--format", "json", "--fail-level", "warning"]);
    expect(json.status).toBe(EXIT.findings);
    const report = JSON.parse(json.stdout);
    expect(report.notes[0]).toBe(OFFLINE_NOTE);
    expect(summary(report.findings)).toEqual([
      "Dockerfile:1 base-image-not-pinned",
      "web/Dockerfile:1 base-image-latest-tag",
      "web/Dockerfile:1 base-image-not-pinned",
      "web/Dockerfile:1 dockerfile-root-user",
    ]);
    // Offline there is no digest to suggest.
    expect(report.findings.every((f: Finding) => f.fix === undefined)).toBe(true);
    for (const format of ["text", "markdown", "sarif"]) {
      const run = await baseImage(offlineRepo, ["--offline", "--format", format, "--fail-level", "none"]);
      expect(run.status).toBe(EXIT.ok);
      // Markdown escapes the colon.
      expect(run.stdout).toMatch(/OFFLINE CHECK\\?: only the static Dockerfile rules ran/);
    }
    const sarif = JSON.parse((await baseImage(offlineRepo, ["--offline", "--format", "sarif"])).stdout);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toBe(OFFLINE_NOTE);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).not.toContain(
      "base-image-unsigned",
    );
  });

  it("build args resolve an ARG-driven FROM; unresolved, it is reported, not guessed", async () => {
    const argRepo = workspace({ Dockerfile: `ARG BASE\nFROM ${images.host}/trusted/\${BASE}\nUSER app\n` });
    const without = JSON.parse((await baseImage(argRepo, ["--offline", "--format", "json"])).stdout);
    expect(summary(without.findings)).toEqual(["Dockerfile:2 base-image-unresolved"]);
    const withArg = await baseImage(argRepo, [
      "--build-arg",
      `BASE=fresh:1@${images.digests.fresh}`,
      "--format",
      "json",
      ...KEY_ONLY,
    ]);
    expect(withArg.status).toBe(EXIT.ok);
    expect(summary(JSON.parse(withArg.stdout).findings)).toEqual([]);
  });

  it("writes the report to --output and honours a baseline", async () => {
    const run = await baseImage(repo, [
      "services/old",
      "--write-baseline",
      "baseline.json",
      "-o",
      "out.md",
      "--format",
      "markdown",
      "--fail-level",
      "warning",
      ...KEY_ONLY,
    ]);
    expect(run.status).toBe(EXIT.findings);
    expect(run.stdout).toBe("");
    expect(readFileSync(join(repo, "out.md"), "utf8")).toContain("base\\-image\\-too\\-old");
    const again = await baseImage(repo, [
      "services/old",
      "--baseline",
      "baseline.json",
      "--fail-level",
      "warning",
      ...KEY_ONLY,
    ]);
    expect(again.status).toBe(EXIT.ok);
  });

  it("usage and config mistakes exit 2 with a message", async () => {
    expect((await baseImage(repo, ["--build-arg", "NOVALUE"])).stderr).toMatch(/has no value/);
    expect((await baseImage(repo, ["--platform", "arm64"])).status).toBe(EXIT.usage);
    expect((await baseImage(repo, ["--format", "yaml"])).status).toBe(EXIT.usage);
    const noKey = workspace({
      ".bulwark.yaml": baseImageConfig(images.host),
      Dockerfile: `FROM ${images.host}/trusted/fresh:1\n`,
    });
    const run = await baseImage(noKey, KEY_ONLY);
    expect(run.status).toBe(EXIT.usage);
    expect(run.stderr).toMatch(
      /Cannot read the public key keys\/release\.pub named in base-images\.signers: ENOENT/,
    );
  });
});

describe("bulwark base-image with registries that fail", () => {
  let stalled: Server;
  let stalledHost: string;

  beforeAll(async () => {
    // Accepts connections and never answers.
    stalled = createServer(() => {});
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const address = stalled.address();
    stalledHost = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    stalled.closeAllConnections();
    await new Promise((resolve) => stalled.close(resolve));
  });

  it("a stalled and a down registry give findings within the time bound; other Dockerfiles are still checked", async () => {
    const down = `127.0.0.1:${await freePort()}`;
    const repo = workspace({
      "a/Dockerfile": `FROM ${stalledHost}/app/base:1\nUSER app\n`,
      "b/Dockerfile": `FROM ${down}/app/base:1\nUSER app\n`,
      "c/Dockerfile": "ARG BASE\nFROM $BASE\n",
    });
    const run = await baseImage(repo, ["--format", "json", "--timeout", "1", "--fail-level", "warning"]);
    expect(run.status).toBe(EXIT.findings);
    const report = JSON.parse(run.stdout);
    expect(summary(report.findings)).toEqual([
      "a/Dockerfile:1 base-image-not-pinned",
      "a/Dockerfile:1 base-image-unverifiable",
      "b/Dockerfile:1 base-image-not-pinned",
      "b/Dockerfile:1 base-image-unverifiable",
      "c/Dockerfile:2 base-image-unresolved",
    ]);
    const message = (path: string) =>
      report.findings.find((f: Finding) => f.location.path === path && f.ruleId === "base-image-unverifiable")
        .message;
    expect(message("a/Dockerfile")).toMatch(/no answer within 1000 ms|timed out|TIMEOUT/i);
    expect(message("b/Dockerfile")).toMatch(/registry unreachable/);
  });

  it("ends at --deadline however slow the registry, and reports every image it did not check", async () => {
    const files: Record<string, string> = { "static/Dockerfile": "ARG BASE\nFROM $BASE\n" };
    // More stalled images than the collector inspects at once: some never leave the queue.
    for (let i = 0; i < 10; i++)
      files[`stalled-${i}/Dockerfile`] = `FROM ${stalledHost}/app/base:${i}\nUSER app\n`;
    const repo = workspace(files);
    const started = Date.now();
    const run = await baseImage(repo, ["--format", "json", "--timeout", "120", "--deadline", "1.5"]);
    // Well below the per-image bound of 120 s: the deadline ended the run.
    expect(Date.now() - started).toBeLessThan(30_000);
    const report = JSON.parse(run.stdout);
    expect(report.notes[0]).toBe(
      "The run's deadline of 1.5 s passed: the images and signatures not checked by then are reported as such.",
    );
    const unverifiable = report.findings.filter((f: Finding) => f.ruleId === "base-image-unverifiable");
    expect(unverifiable).toHaveLength(10);
    for (let i = 0; i < 10; i++) {
      expect(unverifiable.find((f: Finding) => f.location.path === `stalled-${i}/Dockerfile`).message).toBe(
        `Could not check ${stalledHost}/app/base:${i}: the run's deadline of 1.5 s passed before it was checked.`,
      );
    }
    // The static rules still report.
    expect(summary(report.findings)).toContain("static/Dockerfile:2 base-image-unresolved");
    expect((await baseImage(repo, ["--deadline", "0"])).stderr).toMatch(
      /Invalid deadline "0": expected a positive number of seconds/,
    );
  });

  it("paths.include written for manifests does not hide Dockerfiles; paths.exclude applies to both", async () => {
    const repo = workspace({
      ".bulwark.yaml": "paths:\n  include: [deploy/**]\n  exclude: [services/legacy/**]\n",
      "deploy/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n",
      "services/api/Dockerfile": "FROM nginx:1.27\nUSER app\n",
      "services/legacy/Dockerfile": "FROM nginx:1.27\nUSER app\n",
    });
    const report = JSON.parse((await baseImage(repo, ["--offline", "--format", "json"])).stdout);
    expect(summary(report.findings)).toEqual(["services/api/Dockerfile:1 base-image-not-pinned"]);
    expect(report.notes.at(-1)).toBe("Checked 1 Dockerfile.");
  });

  it("unreadable Dockerfiles are findings, and the rest is still checked", async () => {
    const outside = workspace({ Dockerfile: "FROM nginx:1.27\n" });
    const repo = workspace({
      ".bulwark.yaml": "limits:\n  max-file-size: 1KiB\n",
      "bin/Dockerfile": new Uint8Array([0x46, 0x52, 0x00, 0x4d]),
      "latin1/Dockerfile": new Uint8Array([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xe9, 0x0a]),
      "big/Dockerfile": `FROM nginx:1.27\n${"# padding\n".repeat(200)}`,
      "ok/Dockerfile": "FROM nginx:1.27\nUSER app\n",
    });
    mkdirSync(join(repo, "linked"));
    symlinkSync(join(outside, "Dockerfile"), join(repo, "linked/Dockerfile"));
    const run = await baseImage(repo, ["--offline", "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(summary(report.findings)).toEqual([
      "big/Dockerfile:1 input-too-large",
      "bin/Dockerfile:1 unreadable-file",
      "latin1/Dockerfile:1 unreadable-file",
      "linked/Dockerfile:1 unreadable-file",
      "ok/Dockerfile:1 base-image-not-pinned",
    ]);
    expect(report.findings.find((f: Finding) => f.location.path === "linked/Dockerfile").message).toMatch(
      /outside the workspace/,
    );
    // SARIF describes the input rules those findings belong to.
    const sarif = JSON.parse((await baseImage(repo, ["--offline", "--format", "sarif"])).stdout);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(["unreadable-file", "input-too-large"]),
    );
  });
});

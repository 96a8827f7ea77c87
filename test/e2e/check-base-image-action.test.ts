import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFLINE_NOTE } from "../../packages/cli/src/base-image/check.js";
import {
  type BaseImages,
  baseImageConfig,
  KEYS_ONLY_TRUSTED_ROOT,
  seedBaseImages,
} from "../../packages/cli/test/support/base-images.js";
import { validateWithMultitool } from "../../packages/core/test/helpers/sarif-multitool.js";
import { RegistryClient } from "../../packages/oci/src/index.js";
import { pushImage } from "../../packages/oci/test/support/push-image.js";
import { startRegistry, type TestRegistry } from "../../packages/oci/test/support/registry.js";
import { annotations, REPO, runAction } from "./support/runner.js";

const BUNDLE = join(REPO, "actions/check-base-image/dist/index.js");

/** The action on a workspace, with no Docker config of the machine's. */
const checkAction = (workspace: Record<string, string>, inputs: Record<string, string> = {}) =>
  runAction("check-base-image", {
    workspace,
    inputs,
    env: { DOCKER_CONFIG: "/nonexistent/docker-config" },
  });

/** Key signatures made without a transparency log, checked against a root with no authorities. */
const KEY_ONLY_INPUTS = { "trusted-root": "trusted_root.json", "insecure-ignore-tlog": "true" };

describe("check-base-image bundle under Node 24, against distribution 2.8", () => {
  let registry: TestRegistry;
  let images: BaseImages;
  let files: Record<string, string>;

  beforeAll(async () => {
    registry = await startRegistry();
    images = await seedBaseImages(registry);
    const { host, digests } = images;
    files = {
      ".bulwark.yaml": baseImageConfig(host),
      "keys/release.pub": images.trustedKeyPem,
      "trusted_root.json": KEYS_ONLY_TRUSTED_ROOT,
      "app/Dockerfile": `# syntax=docker/dockerfile:1\nARG TAG\nFROM ${host}/trusted/fresh:\${TAG} AS build\nFROM ${host}/trusted/fresh:1\nUSER app\n`,
      "old/Dockerfile": `FROM ${host}/trusted/old:1@${digests.old}\nUSER app\n`,
      "foreign/Dockerfile": `FROM ${host}/trusted/foreign:1@${digests.foreign}\nUSER app\n`,
    };
  });
  afterAll(async () => registry?.stop());

  it("is the committed bundle", () => {
    expect(existsSync(BUNDLE)).toBe(true);
  });

  it("reports on the reference's line: outputs, summary, annotations, SARIF with the pin fix, failure", async () => {
    const run = await checkAction(files, { ...KEY_ONLY_INPUTS, "build-args": "# the release tag\nTAG=1\n" });
    expect(run.status).toBe(1);
    // trusted/fresh:1 twice (once through TAG), old, foreign: three distinct images.
    expect(run.outputs).toMatchObject({ errors: "1", warnings: "4", images: "3", suppressed: "0" });
    expect(run.outputs["sarif-file"]).toBe(join(run.workspace, "bulwark-base-images.sarif"));

    expect(annotations(run.stdout, "error")).toEqual([
      expect.stringMatching(
        /^::error file=foreign\/Dockerfile,line=1,col=6,endLine=1,endColumn=\d+,title=Bulwark base-image-signature-untrusted::/,
      ),
    ]);
    const warnings = annotations(run.stdout, "warning").map((line) =>
      /^::warning file=([^,]+),line=(\d+).*title=Bulwark ([^:]+)::/.exec(line)!.slice(1).join(" "),
    );
    expect(warnings.sort()).toEqual([
      "app/Dockerfile 3 base-image-not-pinned",
      "app/Dockerfile 4 base-image-not-pinned",
      "old/Dockerfile 1 base-image-too-old",
      "old/Dockerfile 1 base-image-unsigned",
    ]);
    expect(run.summary).toContain("base\\-image\\-signature\\-untrusted");
    expect(run.stdout).toMatch(
      /^::error::Bulwark found 1 error, 4 warnings, 4 notes \(fail-level: error\)\.$/m,
    );

    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8"));
    expect(validateWithMultitool(sarif).filter((f) => f.level === "error")).toEqual([]);
    const pin = sarif.runs[0].results.find(
      (r: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) =>
        r.ruleId === "base-image-not-pinned" && r.locations[0]!.physicalLocation.region.startLine === 4,
    );
    expect(pin.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe(
      `${images.host}/trusted/fresh:1@${images.digests.fresh}`,
    );
  });

  it("offline: static rules only, labelled in the summary, the SARIF and the log; no registry asked", async () => {
    const run = await checkAction(files, { offline: "true", "build-args": "TAG=1", "fail-level": "none" });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ images: "0", errors: "0", warnings: "2" });
    expect(run.summary).toMatch(/OFFLINE CHECK\\?: only the static Dockerfile rules ran/);
    expect(run.stdout).toContain(`::warning::${OFFLINE_NOTE.replaceAll(",", "%2C")}`.slice(0, 60));
    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8"));
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toBe(OFFLINE_NOTE);
  });

  it("a bad input fails the step with the message, not a stack", async () => {
    const run = await checkAction(files, { "build-args": "JUST_A_NAME" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error::Build arg "JUST_A_NAME" has no value/m);
    expect(run.stdout).not.toMatch(/Internal error/);
  });
});

describe("check-base-image with registry credentials and a stalled registry", () => {
  let registry: TestRegistry;
  let stalled: Server;
  let stalledHost: string;

  beforeAll(async () => {
    registry = await startRegistry({ auth: true });
    const { username, password } = registry.credentials!;
    const client = new RegistryClient({ credentials: async () => ({ kind: "basic", username, password }) });
    await pushImage(
      client.repository(registry.host, "private/base"),
      { created: new Date().toISOString(), content: "private" },
      "1",
    );
    stalled = createServer(() => {});
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const address = stalled.address();
    stalledHost = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    stalled?.closeAllConnections();
    await new Promise((resolve) => stalled?.close(resolve));
    await registry?.stop();
  });

  it("uses the registry login it is given, and masks the password", async () => {
    const workspace = { Dockerfile: `FROM ${registry.host}/private/base:1\nUSER app\n` };
    const { username, password } = registry.credentials!;
    const anonymous = await checkAction(workspace, { "fail-level": "none" });
    expect(annotations(anonymous.stdout, "warning").join("\n")).toMatch(/base-image-unverifiable/);

    const run = await checkAction(workspace, {
      registry: registry.host,
      "registry-username": username,
      "registry-password": password,
      "fail-level": "warning",
    });
    expect(run.stdout).toContain(`::add-mask::${password}`);
    expect(run.stdout.replace(`::add-mask::${password}`, "")).not.toContain(password);
    // Pinning is the one thing left to ask for: the registry answered.
    expect(
      annotations(run.stdout, "warning").map((line) => /title=Bulwark ([^:]+)::/.exec(line)![1]),
    ).toEqual(["base-image-not-pinned"]);
  });

  it("a stalled registry costs a finding within the time bound; the other Dockerfiles are still checked", async () => {
    const run = await checkAction(
      {
        "stuck/Dockerfile": `FROM ${stalledHost}/app/base:1\nUSER app\n`,
        "fine/Dockerfile": "ARG BASE\nFROM $BASE\n",
      },
      { timeout: "1", "fail-level": "none" },
    );
    expect(run.status).toBe(0);
    const rules = annotations(run.stdout, "warning").map((line) =>
      /file=([^,]+).*title=Bulwark ([^:]+)::/.exec(line)!.slice(1).join(" "),
    );
    expect(rules.sort()).toEqual([
      "fine/Dockerfile base-image-unresolved",
      "stuck/Dockerfile base-image-not-pinned",
      "stuck/Dockerfile base-image-unverifiable",
    ]);
    expect(run.outputs.images).toBe("1");
  });

  it("ends at its deadline however many images stall, and reports each one as not checked", async () => {
    const workspace: Record<string, string> = { "fine/Dockerfile": "ARG BASE\nFROM $BASE\n" };
    // More stalled images than are inspected at once (8): some are still queued at the deadline.
    for (let i = 0; i < 12; i++)
      workspace[`stuck-${i}/Dockerfile`] = `FROM ${stalledHost}/app/base:${i}\nUSER app\n`;
    const started = Date.now();
    const run = await checkAction(workspace, { timeout: "120", deadline: "2", "fail-level": "none" });
    // The step ended by itself, far inside the per-image bound of 120 s.
    expect(run.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(45_000);
    // Annotations are capped; the SARIF has every finding.
    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8"));
    const results: { ruleId: string; message: { text: string } }[] = sarif.runs[0].results;
    const unchecked = results.filter((r) => r.ruleId === "base-image-unverifiable");
    expect(unchecked).toHaveLength(12);
    for (const result of unchecked)
      expect(result.message.text).toMatch(
        /^Could not check 127\.0\.0\.1:\d+\/app\/base:\d+: the run's deadline of 2 s passed before it was checked\.$/,
      );
    expect(run.stdout).toMatch(/^::warning::The run's deadline of 2 s passed/m);
    // Markdown escapes the apostrophe.
    expect(run.summary).toMatch(/The run\\'s deadline of 2 s passed/);
    // The static rules still ran.
    expect(results.map((r) => r.ruleId)).toContain("base-image-unresolved");
  });
});

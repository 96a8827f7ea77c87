import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type KeylessCase,
  keylessConfig,
  keylessDockerfiles,
  seedKeylessBaseImages,
} from "../../packages/cli/test/support/keyless-base-images.js";
import { startRegistry, type TestRegistry } from "../../packages/oci/test/support/registry.js";
import { type MockSigstore, startMockSigstore } from "../../packages/sigstore/test/support/mock-sigstore.js";
import { annotations, runAction } from "./support/runner.js";

const SIGNATURE_RULES = ["base-image-unsigned", "base-image-signature-untrusted"];

/**
 * The committed check-base-image bundle under Node 24 with keyless signers in `.bulwark.yaml`: base
 * images in distribution 2.8 signed through mock Fulcio and Rekor, the mock's trusted root given as
 * the `trusted-root` input.
 */
describe("check-base-image with keyless signers, under Node 24", () => {
  let registry: TestRegistry;
  let mock: MockSigstore;
  let files: Record<string, string>;

  beforeAll(async () => {
    registry = await startRegistry();
    mock = await startMockSigstore(undefined, { canonicalDsse: true });
    const digests = await seedKeylessBaseImages(registry.host, mock);
    files = {
      ".bulwark.yaml": keylessConfig(registry.host),
      "sigstore/trusted_root.json": JSON.stringify(mock.trustedRoot),
      ...keylessDockerfiles(registry.host, digests),
    };
  }, 60_000);
  afterAll(async () => {
    await mock?.close();
    await registry?.stop();
  });

  it("annotates each image whose signer is not the configured one, and fails the step", async () => {
    const run = await runAction("check-base-image", {
      workspace: files,
      inputs: { "trusted-root": "sigstore/trusted_root.json" },
      env: { DOCKER_CONFIG: "/nonexistent/docker-config" },
    });
    const signatureAnnotations = (level: string) =>
      annotations(run.stdout, level)
        .map((line) => /^::\w+ file=([^/]+)\/Dockerfile,line=1,.*title=Bulwark ([^:]+)::(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null && SIGNATURE_RULES.includes(m[2]!))
        .map(([, name, rule, message]) => ({ name: name as KeylessCase, rule, message }));

    const errors = signatureAnnotations("error");
    expect(errors.map((e) => e.name).sort()).toEqual([
      "prefix",
      "wrongClaim",
      "wrongIdentity",
      "wrongIssuer",
    ]);
    expect(new Set(errors.map((e) => e.rule))).toEqual(new Set(["base-image-signature-untrusted"]));
    expect(errors.find((e) => e.name === "wrongClaim")!.message).toContain(
      'githubWorkflowTrigger "push", expected "release"',
    );
    expect(signatureAnnotations("warning")).toEqual([
      { name: "unsigned", rule: "base-image-unsigned", message: expect.stringContaining("is not signed") },
    ]);
    expect(run.outputs.images).toBe("9");
    expect(run.status).toBe(1);
  });
});

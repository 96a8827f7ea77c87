import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Finding } from "@bulwark/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type TestRegistry } from "../../oci/test/support/registry.js";
import {
  GITHUB_ISSUER,
  type MockSigstore,
  startMockSigstore,
  WORKFLOW_REF,
} from "../../sigstore/test/support/mock-sigstore.js";
import { EXIT } from "../src/commands/command.js";
import { KEYS_ONLY_TRUSTED_ROOT } from "./support/base-images.js";
import {
  type KeylessCase,
  keylessConfig,
  keylessDockerfiles,
  seedKeylessBaseImages,
} from "./support/keyless-base-images.js";
import { cli, workDir } from "./support/signing-cli.js";

/**
 * `bulwark base-image` with keyless signers in `.bulwark.yaml`: base images in distribution 2.8,
 * signed through mock Fulcio and Rekor with a GitHub Actions token, checked against the identity,
 * issuer and GitHub claims configured for their image pattern, with the mock's trusted root.
 */
describe("bulwark base-image with keyless signers, against distribution 2.8 and mock Sigstore", () => {
  let registry: TestRegistry;
  let mock: MockSigstore;
  let project: string;

  beforeAll(async () => {
    registry = await startRegistry();
    mock = await startMockSigstore(undefined, { canonicalDsse: true });
    const digests = await seedKeylessBaseImages(registry.host, mock);
    project = basename(mkdtempSync(join(workDir, "keyless-base-")));
    const files = {
      ".bulwark.yaml": keylessConfig(registry.host),
      "trusted_root.json": JSON.stringify(mock.trustedRoot),
      ...keylessDockerfiles(registry.host, digests),
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(workDir, project, path)), { recursive: true });
      writeFileSync(join(workDir, project, path), text);
    }
  }, 60_000);
  afterAll(async () => {
    await mock?.close();
    await registry?.stop();
  });

  /** The signature findings of a run, by case (the directory of its Dockerfile). */
  async function signatureFindings(trustedRoot = "trusted_root.json") {
    const run = await cli([
      "base-image",
      project,
      "--config",
      `${project}/.bulwark.yaml`,
      "--trusted-root",
      `${project}/${trustedRoot}`,
      "--format",
      "json",
    ]);
    expect(run.stderr).toBe("");
    const findings = (JSON.parse(run.stdout).findings as Finding[]).filter(
      (f) => f.ruleId === "base-image-unsigned" || f.ruleId === "base-image-signature-untrusted",
    );
    const byCase = new Map<KeylessCase, Finding>();
    for (const finding of findings) {
      const name = finding.location.path.split("/").at(-2) as KeylessCase;
      expect(byCase.has(name)).toBe(false);
      byCase.set(name, finding);
    }
    return { status: run.status, byCase };
  }

  it("trusts the configured identity, issuer and claims, and names the mismatch of every other signer", async () => {
    const { status, byCase } = await signatureFindings();
    expect(status).toBe(EXIT.findings);
    expect(Object.fromEntries([...byCase].map(([name, f]) => [name, f.ruleId]))).toEqual({
      unsigned: "base-image-unsigned",
      prefix: "base-image-signature-untrusted",
      wrongIdentity: "base-image-signature-untrusted",
      wrongIssuer: "base-image-signature-untrusted",
      wrongClaim: "base-image-signature-untrusted",
    });
    // exact (bundle), legacy (.sig) and regexp verified; uncovered is unsigned but no signer names it.
    for (const name of ["exact", "legacy", "regexp", "uncovered"] as const)
      expect(byCase.has(name)).toBe(false);

    const message = (name: KeylessCase) => byCase.get(name)!.message;
    expect(message("unsigned")).toMatch(/vendor\/unsigned:1@sha256:[0-9a-f]{64} is not signed\.$/);
    expect(message("wrongIdentity")).toContain(
      `for the identity acme/shop/.github/workflows/nightly.yml@refs/heads/main, signer identity ${JSON.stringify(WORKFLOW_REF)}, expected "acme/shop/.github/workflows/nightly.yml@refs/heads/main"`,
    );
    expect(message("wrongIssuer")).toContain(
      `signer issuer ${JSON.stringify(GITHUB_ISSUER)}, expected "https://accounts.google.com"`,
    );
    expect(message("wrongClaim")).toContain(`signer githubWorkflowTrigger "push", expected "release"`);
    // The pattern must match the whole identity: a prefix of it is not enough.
    expect(message("prefix")).toContain(
      `for the identity /acme/shop/\\.github/workflows/release\\.yml/, signer identity ${JSON.stringify(WORKFLOW_REF)}, expected a match for /^(?:acme/shop/\\.github/workflows/release\\.yml)$/`,
    );
    expect(byCase.get("unsigned")!.severity).toBe("warning");
    expect(byCase.get("wrongIdentity")!.severity).toBe("error");
  });

  it("does not trust the signatures against a trusted root without the mock's authorities", async () => {
    writeFileSync(join(workDir, project, "keys_only_root.json"), KEYS_ONLY_TRUSTED_ROOT);
    const { byCase } = await signatureFindings("keys_only_root.json");
    for (const name of ["exact", "legacy", "regexp"] as const) {
      expect(byCase.get(name)?.ruleId).toBe("base-image-signature-untrusted");
      expect(byCase.get(name)?.message).toContain("Failed to verify certificate chain (CERTIFICATE_ERROR)");
    }
    expect(byCase.get("unsigned")?.ruleId).toBe("base-image-unsigned");
    expect(byCase.has("uncovered")).toBe(false);
  });
});

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateWithMultitool } from "../../packages/core/test/helpers/sarif-multitool.js";
import { buildImage, skopeoCopy } from "../../packages/oci/test/support/images.js";
import { startRegistry, type TestRegistry } from "../../packages/oci/test/support/registry.js";
import { generateCosignKeyPair } from "../../packages/sigstore/src/index.js";
import {
  GITHUB_ISSUER,
  githubToken,
  type MockSigstore,
  WORKFLOW_REF as SIGNING_WORKFLOW,
  startMockSigstore,
} from "../../packages/sigstore/test/support/mock-sigstore.js";
import { REPO, runAction } from "./support/runner.js";

/**
 * The sign-image and verify-image bundles under Node 24 against Debian's distribution registry:
 * sign with a cosign key (no Rekor here, so without the transparency log), attest provenance and a
 * custom predicate, then verify with the right key, another key and an unsigned image.
 */

const PASSWORD = "release-key-password";
const signer = generateCosignKeyPair(PASSWORD);
const stranger = generateCosignKeyPair(PASSWORD);
const WORKFLOW = "acme/shop/.github/workflows/release.yml@refs/heads/main";

/** The variables a workflow run sets that provenance is generated from. */
const RUN_ENV = {
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_WORKFLOW_REF: WORKFLOW,
  GITHUB_REF: "refs/heads/main",
  GITHUB_RUN_ID: "4242",
  GITHUB_RUN_ATTEMPT: "1",
  RUNNER_ENVIRONMENT: "github-hosted",
};

describe("sign-image and verify-image under Node 24 against a local registry", () => {
  let registry: TestRegistry;
  let image: string;
  let unsigned: string;

  beforeAll(async () => {
    registry = await startRegistry();
    image = `${registry.host}/acme/shop:1.0`;
    unsigned = `${registry.host}/acme/shop:unsigned`;
    await skopeoCopy(await buildImage("1.0", "app.txt", "release\n"), "1.0", image);
    await skopeoCopy(await buildImage("u", "app.txt", "not signed\n"), "u", unsigned);
  });
  afterAll(async () => registry?.stop());

  const verify = (inputs: Record<string, string>, workspace: Record<string, string> = {}) =>
    runAction("verify-image", {
      inputs: { "insecure-ignore-tlog": "true", offline: "true", ...inputs },
      workspace,
      eventName: "push",
      env: RUN_ENV,
    });

  it("signs and attests with a key, then verifies with its public key", async () => {
    const signed = await runAction("sign-image", {
      inputs: {
        images: image,
        key: signer.privateKey,
        "key-password": PASSWORD,
        "tlog-upload": "false",
        format: "both",
        attestations: "custom predicates/scan result.json",
        provenance: "true",
      },
      workspace: { "predicates/scan result.json": JSON.stringify({ scanner: "none", findings: 0 }) },
      eventName: "push",
      env: RUN_ENV,
    });
    expect(signed.stderr).toBe("");
    expect(signed.status).toBe(0);
    expect(signed.outputs.digests).toMatch(new RegExp(`^${registry.host}/acme/shop@sha256:[0-9a-f]{64}$`));
    const bundles = signed.outputs["bundle-paths"]!.split("\n");
    // A signature in each format, and two attestations each stored in both formats as one bundle.
    expect(bundles).toHaveLength(4);
    for (const path of bundles) expect(existsSync(path)).toBe(true);
    expect(signed.outputs["tlog-indexes"]).toBe("");
    const results = JSON.parse(signed.outputs.results!);
    expect(results[0].entries.map((e: { predicateType: string }) => e.predicateType)).toContain(
      "https://slsa.dev/provenance/v1",
    );

    // Secrets are masked before anything else is printed, and appear nowhere else.
    expect(signed.stdout).toContain(`::add-mask::${PASSWORD}`);
    const unmasked = signed.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    for (const secret of [PASSWORD, signer.privateKey.split("\n")[1]!]) {
      expect(unmasked).not.toContain(secret);
      expect(JSON.stringify(signed.outputs)).not.toContain(secret);
    }

    const verified = await verify({
      images: `${image}\n${signed.outputs.digests}`,
      key: signer.publicKey,
      "attestation-types": "slsaprovenance1\ncustom",
    });
    expect(verified.status).toBe(0);
    expect(verified.outputs).toMatchObject({ verified: "2", failed: "0" });
    expect(JSON.parse(verified.outputs.results!).map((r: { status: string }) => r.status)).toEqual([
      "verified",
      "verified",
    ]);
    expect(verified.summary).toContain("2 images verified, 0 failed");
    const sarif = JSON.parse(readFileSync(verified.outputs["sarif-file"]!, "utf8"));
    expect(sarif.runs[0].results).toEqual([]);
  });

  it("fails with another key or no signature: SARIF findings, a summary that says why, a failed step", async () => {
    const workflow = `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./actions/verify-image\n        with:\n          images: |\n            ${image}\n            ${unsigned}\n`;
    const run = await verify(
      { images: `${image}\n${unsigned}`, key: stranger.publicKey },
      { ".github/workflows/release.yml": workflow },
    );
    expect(run.status).toBe(1);
    expect(run.outputs).toMatchObject({ verified: "0", failed: "2" });
    expect(run.stdout).toMatch(/::error::.*2 of 2 image\(s\) failed verification/);
    expect(run.summary).toContain("invalid signature");
    expect(run.summary).toContain("no signature");

    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8"));
    const results = sarif.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
    expect(results.map((r) => r.ruleId).sort()).toEqual([
      "image-signature-invalid",
      "image-signature-missing",
    ]);
    const lines = workflow.split("\n");
    for (const result of results) {
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).toBe(".github/workflows/release.yml");
      expect([image, unsigned].some((i) => lines[region.startLine - 1]!.includes(i))).toBe(true);
    }
    expect(validateWithMultitool(sarif).filter((f) => f.level === "error")).toEqual([]);
  });

  it("fails a required attestation that is missing", async () => {
    const run = await verify({ images: image, key: signer.publicKey, "attestation-types": "spdxjson" });
    expect(run.status).toBe(1);
    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8"));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      "image-attestation-missing",
    ]);
  });

  it("refuses an incomplete policy as a configuration error", async () => {
    const run = await verify({ images: image, "certificate-identity": "someone" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error::Say who must have signed");
  });
});

describe("sign-image and verify-image with a registry that requires a login", () => {
  let registry: TestRegistry;
  let image: string;

  beforeAll(async () => {
    registry = await startRegistry({ auth: true });
    image = `${registry.host}/acme/private:1.0`;
    await skopeoCopy(await buildImage("1.0", "app.txt", "private\n"), "1.0", image, registry.credentials);
  });
  afterAll(async () => registry?.stop());

  it("logs in with the credentials given, masks the password, and fails as unverifiable without them", async () => {
    const { username, password } = registry.credentials!;
    const login = { "registry-username": username, "registry-password": password };
    const signed = await runAction("sign-image", {
      inputs: {
        images: image,
        key: signer.privateKey,
        "key-password": PASSWORD,
        "tlog-upload": "false",
        ...login,
      },
    });
    expect(signed.status).toBe(0);
    expect(signed.stdout).toContain(`::add-mask::${password}`);
    const rest = signed.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::"));
    expect(rest.join("\n")).not.toContain(password);

    const inputs = { images: image, key: signer.publicKey, "insecure-ignore-tlog": "true", offline: "true" };
    const verified = await runAction("verify-image", { inputs: { ...inputs, ...login } });
    expect(verified.outputs).toMatchObject({ verified: "1", failed: "0" });

    const anonymous = await runAction("verify-image", { inputs });
    expect(anonymous.status).toBe(1);
    const sarif = JSON.parse(readFileSync(anonymous.outputs["sarif-file"]!, "utf8"));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(["image-unverifiable"]);
    expect(anonymous.summary).toContain("could not be checked");
  });
});

describe("sign-image keyless, as in a job with id-token: write", () => {
  let mock: MockSigstore;
  const oidcToken = githubToken();

  beforeAll(async () => {
    // The mock Rekor stores DSSE entries as real Rekor does only when asked (packages/sigstore/test/keyless.test.ts).
    mock = await startMockSigstore(
      (request) =>
        request.url?.startsWith("/github-token") && request.headers.authorization === "Bearer request-token"
          ? { status: 200, body: JSON.stringify({ value: oidcToken }) }
          : undefined,
      { canonicalDsse: true },
    );
  });
  afterAll(() => mock?.close());

  it("gets the OIDC token from the runner, masks it, signs through Fulcio and Rekor, and verifies the identity", async () => {
    const image = `oci-layout:${await buildImage("v1", "app.txt", "keyless release\n")}:v1`;
    const signed = await runAction("sign-image", {
      inputs: { images: image, "fulcio-url": mock.url, "rekor-url": mock.url },
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${mock.url}/github-token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token",
      },
    });
    expect(signed.status).toBe(0);
    expect(signed.outputs["tlog-indexes"]).toMatch(/^\d+$/);
    expect(signed.stdout).toContain(`::add-mask::${oidcToken}`);

    const verify = (identity: string) =>
      runAction("verify-image", {
        inputs: {
          images: image,
          "certificate-identity": identity,
          "certificate-oidc-issuer": GITHUB_ISSUER,
          "certificate-github-workflow-repository": "acme/shop",
          "trusted-root": "trusted_root.json",
        },
        workspace: { "trusted_root.json": JSON.stringify(mock.trustedRoot) },
      });
    expect((await verify(SIGNING_WORKFLOW)).outputs).toMatchObject({ verified: "1", failed: "0" });
    const other = await verify("acme/shop/.github/workflows/other.yml@refs/heads/main");
    expect(other.status).toBe(1);
    expect(other.summary).toContain("identity mismatch");
  });
});

describe("the example signing workflows", () => {
  type Permissions = Record<string, string>;
  const workflow = (name: string) =>
    parse(readFileSync(join(REPO, "workflows-examples", name), "utf8")) as {
      permissions: Permissions;
      jobs: Record<string, { permissions?: Permissions; steps: { uses?: string }[] }>;
    };

  it("release: id-token write only in the job that signs", () => {
    const release = workflow("release.yml");
    expect(release.permissions).toEqual({ contents: "read" });
    const withIdToken = Object.entries(release.jobs).filter(
      ([, job]) => job.permissions?.["id-token"] === "write",
    );
    expect(withIdToken.map(([name]) => name)).toEqual(["sign"]);
    expect(withIdToken[0]![1].steps.map((step) => step.uses)).toContain("./actions/sign-image");
  });

  it("verify-before-deploy: read-only", () => {
    const verify = workflow("verify-before-deploy.yml");
    const permissions = [
      verify.permissions,
      ...Object.values(verify.jobs).map((job) => job.permissions ?? {}),
    ];
    expect(permissions.flatMap((p) => Object.values(p)).every((level) => level === "read")).toBe(true);
  });
});

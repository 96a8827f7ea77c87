import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "../../oci/test/support/images.js";
import {
  GITHUB_ISSUER,
  githubToken,
  type MockSigstore,
  startMockSigstore,
  WORKFLOW_REF,
} from "../../sigstore/test/support/mock-sigstore.js";
import { EXIT } from "../src/commands/command.js";
import { cli, workDir } from "./support/signing-cli.js";

/**
 * Keyless `bulwark sign` as it runs in a GitHub Actions job with `id-token: write`: the OIDC token
 * from the runner's token service (served here beside mock Fulcio and Rekor), a Fulcio certificate
 * carrying the token's claims, a Rekor entry; then `bulwark verify` with an identity policy and
 * the instance's trusted root. The default bundle format: the mock Rekor is asked to store DSSE
 * entries as real Rekor does (see packages/sigstore/test/keyless.test.ts for why it must be asked).
 */

const REQUEST_TOKEN = "runner-request-token";

describe("keyless bulwark sign and verify against mock Sigstore", () => {
  let mock: MockSigstore;
  const tokenRequests: { url: string; authorization?: string }[] = [];
  const rootFile = join(workDir, "mock-trusted-root.json");

  beforeAll(async () => {
    mock = await startMockSigstore(
      (request) => {
        if (!request.url?.startsWith("/github-token")) return undefined;
        tokenRequests.push({ url: request.url, authorization: request.headers.authorization });
        return request.headers.authorization === `Bearer ${REQUEST_TOKEN}`
          ? { status: 200, body: JSON.stringify({ value: githubToken() }) }
          : { status: 403, body: "{}" };
      },
      { canonicalDsse: true },
    );
    writeFileSync(rootFile, JSON.stringify(mock.trustedRoot));
  });
  afterAll(() => mock?.close());

  const services = () => ["--fulcio-url", mock.url, "--rekor-url", mock.url];
  const runner = (requestToken = REQUEST_TOKEN) => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: `${mock.url}/github-token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
  });
  const policy = [
    "--trusted-root",
    rootFile,
    "--certificate-identity",
    WORKFLOW_REF,
    "--certificate-oidc-issuer",
    GITHUB_ISSUER,
  ];

  it("signs with the runner's OIDC token and verifies the identity policy end to end", async () => {
    const image = `oci-layout:${await buildImage("v1", "k.txt", "keyless one\n")}:v1`;
    const signed = await cli(["sign", image, ...services(), "--output", "json"], runner());
    expect(signed.stderr).toMatch(/tag v1 is sha256:[0-9a-f]{64}; signed the digest/);
    expect(signed.status).toBe(EXIT.ok);
    const [entry] = JSON.parse(signed.stdout).images[0].entries;
    expect(entry.tlogIndexes).toHaveLength(1);
    expect(tokenRequests.at(-1)?.url).toMatch(/[?&]audience=sigstore(&|$)/);

    const verified = await cli(["verify", image, ...policy, "--output", "json"]);
    expect(verified.status).toBe(EXIT.ok);
    expect(JSON.parse(verified.stdout).images[0].signatures[0]).toMatchObject({
      identity: WORKFLOW_REF,
      issuer: GITHUB_ISSUER,
    });

    const root = ["--trusted-root", rootFile];
    for (const mismatch of [
      ["--certificate-identity-regexp", "acme/shop/", "--certificate-oidc-issuer", GITHUB_ISSUER],
      ["--certificate-identity", WORKFLOW_REF, "--certificate-oidc-issuer", "https://accounts.google.com"],
      [...policy, "--certificate-github-workflow-repository", "acme/other"],
    ]) {
      const run = await cli(["verify", image, ...root, ...mismatch]);
      expect(run.stdout).toMatch(/^FAILED .*: identity mismatch: /);
      expect(run.status).toBe(EXIT.findings);
    }
    const claims = await cli([
      "verify",
      image,
      ...policy,
      "--certificate-github-workflow-repository",
      "acme/shop",
      "--certificate-github-workflow-trigger",
      "push",
    ]);
    expect(claims.status).toBe(EXIT.ok);

    // The public-good root does not know the mock CA.
    const untrusted = await cli(["verify", image, ...policy.slice(2), "--offline"]);
    expect(untrusted.stdout).toMatch(/^FAILED .*: untrusted root: /);
    expect(untrusted.status).toBe(EXIT.findings);
  });

  it("takes an explicit --identity-token, as a value or a file", async () => {
    const image = `oci-layout:${await buildImage("v1", "k.txt", "keyless two\n")}:v1`;
    const tokenFile = join(workDir, "oidc-token");
    writeFileSync(tokenFile, `${githubToken({ event_name: "workflow_dispatch" })}\n`);
    expect((await cli(["sign", image, ...services(), "--identity-token", tokenFile])).status).toBe(EXIT.ok);
    const run = await cli([
      "verify",
      image,
      ...policy,
      "--certificate-github-workflow-trigger",
      "push",
      "--output",
      "json",
    ]);
    expect(JSON.parse(run.stdout).images[0]).toMatchObject({ status: "failed", code: "IDENTITY_MISMATCH" });
    expect(run.status).toBe(EXIT.findings);
  });

  it("says what went wrong when the runner refuses the token request", async () => {
    const image = `oci-layout:${await buildImage("v1", "k.txt", "keyless three\n")}:v1`;
    const run = await cli(["sign", image, ...services()], runner("not-the-token"));
    expect(run.stderr).toContain("id-token: write");
    expect(run.stderr).not.toContain("not-the-token");
    expect(run.status).toBe(EXIT.internal);
  });
});

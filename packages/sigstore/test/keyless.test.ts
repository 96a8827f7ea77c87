import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "../../oci/test/support/images.js";
import {
  BundleVerifier,
  type IdentityPolicy,
  keylessSigning,
  signImage,
  trustedRootFromJSON,
  verifyImage,
} from "../src/index.js";
import {
  githubToken,
  GITHUB_ISSUER as ISSUER,
  type MockSigstore,
  startMockSigstore,
  WORKFLOW_REF,
} from "./support/mock-sigstore.js";

/**
 * The DSSE bundles (cosign 3 format) this signs against the mock Rekor fail sigstore-js's entry-body
 * check ("signature count mismatch"): the mock v1 log appears to store the proposed `dsse` entry as
 * is. So keyless runs here use the legacy format (message signatures, `hashedrekord` entries); the
 * bundle format is covered with keys and with real public-good bundles.
 */
const FORMAT = "legacy" as const;

describe("keyless signing against mock Fulcio and Rekor on 127.0.0.1", () => {
  let mock: MockSigstore;
  let base: string;
  let trustedRoot: ReturnType<typeof trustedRootFromJSON>;

  beforeAll(async () => {
    mock = await startMockSigstore();
    base = mock.url;
    trustedRoot = trustedRootFromJSON(JSON.stringify(mock.trustedRoot));
  });
  afterAll(() => mock?.close());

  const policy: IdentityPolicy = {
    identity: WORKFLOW_REF,
    issuer: ISSUER,
    claims: {
      sourceRepositoryURI: "https://github.com/acme/shop",
      sourceRepositoryRef: "refs/heads/main",
      buildTrigger: "push",
      runnerEnvironment: "github-hosted",
      buildSignerURI: `https://github.com/${WORKFLOW_REF}`,
    },
  };
  const verify = async (image: string, p: IdentityPolicy = policy) => {
    try {
      return (
        await verifyImage(image, {
          verifier: new BundleVerifier({ trustedRoot, signer: { kind: "identity", ...p } }),
        })
      ).signatures[0]?.identity?.claims.buildTrigger;
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  };

  it("signs with a Fulcio certificate for the token's identity, logged in Rekor, and verifies the policy end to end", async () => {
    const image = `oci-layout:${await buildImage("v1")}:v1`;
    const method = keylessSigning({
      identityToken: async () => githubToken(),
      fulcioURL: base,
      rekorURL: base,
    });
    const signed = await signImage(image, { method, format: FORMAT });
    expect(signed.tlogIndexes).toHaveLength(1);
    expect(await verify(image)).toBe("push");
    expect(
      await verify(image, { ...policy, claims: { ...policy.claims, buildTrigger: "pull_request_target" } }),
    ).toBe("IDENTITY_MISMATCH");
    expect(await verify(image, { ...policy, identity: { regexp: "acme/shop/" } })).toBe("IDENTITY_MISMATCH");
    expect(await verify(image, { ...policy, issuer: "https://accounts.google.com" })).toBe(
      "IDENTITY_MISMATCH",
    );
  });

  it("refuses a signature whose token came from another trigger or runner", async () => {
    // Other content, so the payload differs from the first test's.
    const image = `oci-layout:${await buildImage("v1", "other.txt", "another image\n")}:v1`;
    const token = githubToken({ event_name: "pull_request_target", runner_environment: "self-hosted" });
    await signImage(image, {
      method: keylessSigning({
        identityToken: async () => token,
        fulcioURL: base,
        rekorURL: base,
      }),
      format: FORMAT,
    });
    expect(await verify(image)).toBe("IDENTITY_MISMATCH");
  });
});

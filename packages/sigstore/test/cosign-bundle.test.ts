import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BundleVerifier,
  bundleStatement,
  embeddedTrustedRoot,
  isVerificationFailure,
  parseBundle,
  requireSubject,
  trustedRootFromJSON,
} from "../src/index.js";
import { COSIGN, present } from "./support/testdata.js";

/** A real bundle cosign wrote for an OCI attestation against public-good Sigstore (email identity). */
const found = present(COSIGN);

describe.skipIf(!found)("cosign's oci-attestation.sigstore.json, offline", () => {
  const read = (file: string) => readFileSync(join(COSIGN, file), "utf8");
  const bundle = () => parseBundle(read("oci-attestation.sigstore.json"));
  const pgi = () => trustedRootFromJSON(read("trusted_root_pgi.json"));
  const IMAGE = "sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4";
  const identity = {
    kind: "identity",
    identity: "cody@soyland.com",
    issuer: "https://github.com/login/oauth",
  } as const;

  it("verifies against the public-good trusted root cosign ships, for the image it names", () => {
    const verified = new BundleVerifier({ trustedRoot: pgi(), signer: identity }).verify(bundle());
    expect(verified.identity?.subject).toBe("cody@soyland.com");
    expect(verified.tlogIndexes).toHaveLength(1);
    const statement = bundleStatement(bundle());
    expect(statement.predicateType).toBe("https://cosign.sigstore.dev/attestation/v1");
    expect(() => requireSubject(statement, IMAGE)).not.toThrow();
  });

  it("verifies against the root embedded in @sigstore/tuf too", () => {
    expect(() =>
      new BundleVerifier({ trustedRoot: embeddedTrustedRoot(), signer: identity }).verify(bundle()),
    ).not.toThrow();
  });

  it("is refused for another image digest", () => {
    const other = `sha256:${"0".repeat(64)}`;
    expect(() => requireSubject(bundleStatement(bundle()), other)).toThrow(/not sha256:0000/);
  });

  it("is refused for another identity, or a pattern that only matches a part of it", () => {
    for (const policy of [
      { ...identity, identity: "someone@soyland.com" },
      { ...identity, identity: { regexp: "cody@soyland" } },
      { ...identity, issuer: "https://token.actions.githubusercontent.com" },
    ]) {
      let failure: unknown;
      try {
        new BundleVerifier({ trustedRoot: pgi(), signer: policy }).verify(bundle());
      } catch (error) {
        failure = error;
      }
      expect(isVerificationFailure(failure, "IDENTITY_MISMATCH"), String(failure)).toBe(true);
    }
  });

  it("is refused when a byte of the signed statement changes", () => {
    const tampered = bundle();
    if (tampered.content.$case !== "dsseEnvelope") throw new Error("expected a DSSE bundle");
    const payload = Buffer.from(tampered.content.dsseEnvelope.payload);
    payload.writeUInt8(payload.readUInt8(10) ^ 1, 10);
    tampered.content.dsseEnvelope.payload = payload;
    expect(() => new BundleVerifier({ trustedRoot: pgi(), signer: identity }).verify(tampered)).toThrow(
      expect.objectContaining({ code: "CRYPTO_FAILURE" }),
    );
  });

  it("is refused under a trusted root of another Sigstore instance", () => {
    const staging = read("../sigstore-conformance/bundle-verify/rekor2-happy-path/trusted_root.json");
    expect(() =>
      new BundleVerifier({ trustedRoot: trustedRootFromJSON(staging), signer: identity }).verify(bundle()),
    ).toThrow(expect.objectContaining({ code: expect.stringMatching(/UNTRUSTED_ROOT|CRYPTO_FAILURE/) }));
  });
});

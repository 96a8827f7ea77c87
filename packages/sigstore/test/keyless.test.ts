import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Bundle } from "@sigstore/bundle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "../../oci/test/support/images.js";
import {
  BundleVerifier,
  type IdentityPolicy,
  keylessSigning,
  parseBundle,
  type StorageFormat,
  signImage,
  trustedRootFromJSON,
  verifyImage,
} from "../src/index.js";
import {
  githubToken,
  GITHUB_ISSUER as ISSUER,
  type MockSigstore,
  type MockSigstoreOptions,
  startMockSigstore,
  WORKFLOW_REF,
} from "./support/mock-sigstore.js";
import { COSIGN, present } from "./support/testdata.js";

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

/** A mock Fulcio and Rekor per suite, with helpers that sign and verify an image against it. */
function withMock(options: MockSigstoreOptions) {
  let mock: MockSigstore;
  beforeAll(async () => {
    mock = await startMockSigstore(undefined, options);
  });
  afterAll(() => mock?.close());
  return {
    sign: (image: string, format: StorageFormat, token = githubToken()) =>
      signImage(image, {
        method: keylessSigning({ identityToken: async () => token, fulcioURL: mock.url, rekorURL: mock.url }),
        format,
      }),
    /** The build trigger of the verified identity, or the failure's code and message. */
    verify: async (image: string, p: IdentityPolicy = policy) => {
      const trustedRoot = trustedRootFromJSON(JSON.stringify(mock.trustedRoot));
      try {
        return (
          await verifyImage(image, {
            verifier: new BundleVerifier({ trustedRoot, signer: { kind: "identity", ...p } }),
          })
        ).signatures[0]?.identity?.claims.buildTrigger;
      } catch (error) {
        const { code, message } = error as { code?: string; message: string };
        return code === "IDENTITY_MISMATCH" ? code : `${code}: ${message}`;
      }
    },
  };
}

/** The fields of a Rekor entry body these tests read: a dsse proposal or Rekor's canonical dsse. */
interface DsseBody {
  apiVersion: string;
  kind: string;
  spec: {
    proposedContent?: { envelope: string; verifiers: string[] };
    payloadHash?: { algorithm: string; value: string };
    signatures?: { signature: string; verifier: string }[];
  };
}

const tlogBody = (bundle: Bundle | undefined): DsseBody =>
  JSON.parse(bundle?.verificationMaterial.tlogEntries[0]?.canonicalizedBody.toString() ?? "{}");

describe.each<StorageFormat>(["bundle", "legacy"])(
  "keyless signing in the %s format against mock Fulcio and Rekor (dsse entries canonicalized as Rekor does)",
  (format) => {
    const { sign, verify } = withMock({ canonicalDsse: true });

    it("signs with a Fulcio certificate for the token's identity, logged in Rekor, and verifies the policy end to end", async () => {
      const image = `oci-layout:${await buildImage("v1")}:v1`;
      const signed = await sign(image, format);
      expect(signed.stored.map((s) => s.format)).toEqual([format]);
      expect(signed.tlogIndexes).toHaveLength(1);
      expect(await verify(image)).toBe("push");
      expect(
        await verify(image, { ...policy, claims: { ...policy.claims, buildTrigger: "pull_request_target" } }),
      ).toBe("IDENTITY_MISMATCH");
      expect(await verify(image, { ...policy, identity: { regexp: "acme/shop/" } })).toBe(
        "IDENTITY_MISMATCH",
      );
      expect(await verify(image, { ...policy, issuer: "https://accounts.google.com" })).toBe(
        "IDENTITY_MISMATCH",
      );
    });

    it("refuses a signature whose token came from another trigger or runner", async () => {
      // Other content, so the payload differs from the first test's.
      const image = `oci-layout:${await buildImage("v1", "other.txt", "another image\n")}:v1`;
      await sign(
        image,
        format,
        githubToken({ event_name: "pull_request_target", runner_environment: "self-hosted" }),
      );
      expect(await verify(image)).toBe("IDENTITY_MISMATCH");
    });
  },
);

describe("the unmodified @sigstore/mock Rekor (0.12) and DSSE bundles", () => {
  const { sign, verify } = withMock({});

  // The mock's v1 log stores `canonicalize(proposedEntry)` as the body (dist/rekor/tlog.js, `log`);
  // real Rekor replaces a dsse proposal by hashes and signatures, which @sigstore/verify compares with
  // the envelope (dist/tlog/dsse.js, verifyDSSE001TLogBody). Fails once the mock canonicalizes.
  it("logs our dsse proposal verbatim, which @sigstore/verify then refuses for want of spec.signatures", async () => {
    const image = `oci-layout:${await buildImage("v1", "raw.txt", "raw mock\n")}:v1`;
    const signed = await sign(image, "bundle");
    const body = tlogBody(signed.bundles[0]);
    expect(Object.keys(body.spec)).toEqual(["proposedContent"]);
    expect(committed(body).signatures).toHaveLength(1);
    expect(await verify(image)).toMatch(
      /^CRYPTO_FAILURE: .*: signature count mismatch \(TLOG_BODY_ERROR\)\)$/,
    );
  });
});

/**
 * What a Rekor dsse entry commits to, read from our proposal (as the raw mock logs it) or from the
 * canonical body public-good Rekor returned to cosign: every signature with its verifier, and the
 * payload's SHA-256.
 */
function committed(body: DsseBody) {
  const { proposedContent, payloadHash, signatures } = body.spec;
  if (proposedContent) {
    const envelope = JSON.parse(proposedContent.envelope) as {
      payload: string;
      signatures: { sig: string }[];
    };
    return {
      signatures: envelope.signatures.map((s, i) => ({
        signature: s.sig,
        verifier: proposedContent.verifiers[i],
      })),
      payloadSha256: createHash("sha256").update(Buffer.from(envelope.payload, "base64")).digest("hex"),
    };
  }
  return { signatures: signatures ?? [], payloadSha256: payloadHash?.value };
}

describe.skipIf(!present(COSIGN))(
  "a keyless bundle we sign, field by field beside the one cosign wrote",
  () => {
    const { sign } = withMock({});
    // Read in the test, not here: a skipped describe still runs its body, and the file may be absent.
    const cosignBundle = () =>
      parseBundle(readFileSync(join(COSIGN, "oci-attestation.sigstore.json"), "utf8"));
    const shape = (bundle: Bundle) => {
      const material = bundle.verificationMaterial;
      const entry = material.tlogEntries[0];
      const body = tlogBody(bundle);
      const envelope = bundle.content.$case === "dsseEnvelope" ? bundle.content.dsseEnvelope : undefined;
      const logged = committed(body);
      const certificate =
        material.content.$case === "certificate" ? material.content.certificate.rawBytes : undefined;
      return {
        mediaType: bundle.mediaType,
        content: bundle.content.$case,
        payloadType: envelope?.payloadType,
        envelopeSignatures: envelope?.signatures.length,
        keyMaterial: material.content.$case,
        tlogEntries: material.tlogEntries.length,
        kindVersion: entry?.kindVersion,
        proofs: { promise: Boolean(entry?.inclusionPromise), proof: Boolean(entry?.inclusionProof) },
        entry: { apiVersion: body.apiVersion, kind: body.kind },
        loggedSignatures: logged.signatures.length,
        loggedSignatureIsTheEnvelopes:
          logged.signatures[0]?.signature === envelope?.signatures[0]?.sig.toString("base64"),
        loggedVerifierIsTheCertificate:
          certificate !== undefined &&
          new X509Certificate(Buffer.from(logged.signatures[0]?.verifier ?? "", "base64")).raw.equals(
            certificate,
          ),
        loggedPayloadIsTheEnvelopes:
          logged.payloadSha256 ===
          createHash("sha256")
            .update(envelope?.payload ?? "")
            .digest("hex"),
      };
    };

    it("matches in media type, content, key material, Rekor entry kind and version, and what the entry commits to", async () => {
      const signed = await sign(`oci-layout:${await buildImage("v1", "shape.txt", "shape\n")}:v1`, "bundle");
      const ours = signed.bundles[0];
      const cosign = cosignBundle();
      expect(ours && shape(ours)).toEqual(shape(cosign));
      expect(shape(cosign)).toMatchObject({
        mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
        kindVersion: { kind: "dsse", version: "0.0.1" },
        entry: { apiVersion: "0.0.1", kind: "dsse" },
        loggedSignatures: 1,
        loggedSignatureIsTheEnvelopes: true,
        loggedVerifierIsTheCertificate: true,
        loggedPayloadIsTheEnvelopes: true,
      });
    });
  },
);

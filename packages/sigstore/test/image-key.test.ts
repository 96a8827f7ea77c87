import { generateKeyPairSync } from "node:crypto";
import { RegistryClient } from "@bulwark/oci";
import { bundleFromJSON, bundleToJSON } from "@sigstore/bundle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage, skopeoCopy } from "../../oci/test/support/images.js";
import { startRegistry, type TestRegistry } from "../../oci/test/support/registry.js";
import {
  appendLegacyLayers,
  attestImage,
  BundleVerifier,
  COSIGN_SIGN_PREDICATE_TYPE,
  embeddedTrustedRoot,
  githubProvenance,
  IN_TOTO_PAYLOAD_TYPE,
  keySigning,
  LegacyAnnotation,
  legacyTag,
  listBundleReferrers,
  publicKeyPem,
  pushBundleReferrer,
  resolveImage,
  type SignerPolicy,
  SLSA_PROVENANCE_V1,
  type StorageFormat,
  signEnvelope,
  signImage,
  signMessage,
  simpleSigningPayload,
  statement,
  toLegacySignatureLayer,
  verifyImage,
} from "../src/index.js";

const client = new RegistryClient({ retries: 1 });
const signingKey = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
const otherKey = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
// No Rekor here: keys signed with --tlog-upload=false, verified with --insecure-ignore-tlog.
const method = keySigning(signingKey, { tlog: false });
const keyPolicy = (key = signingKey): SignerPolicy => ({ kind: "key", publicKey: publicKeyPem(key) });
const verifier = (key = signingKey, ignoreTlog = true) =>
  new BundleVerifier({ trustedRoot: embeddedTrustedRoot(), signer: keyPolicy(key), ignoreTlog });

/** The failure code of a verification, or "verified". */
async function outcome(
  image: string,
  options: { key?: typeof signingKey; ignoreTlog?: boolean; attest?: string[] } = {},
) {
  try {
    await verifyImage(image, {
      verifier: verifier(options.key, options.ignoreTlog ?? true),
      client,
      ...(options.attest ? { requiredAttestations: options.attest } : {}),
    });
    return "verified";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const FORMATS: StorageFormat[] = ["bundle", "legacy", "both"];

describe("key-based signing round trips", () => {
  let registry: TestRegistry;
  let n = 0;
  /** Each test signs its own image, so signatures of one test never satisfy another. */
  const images: Record<"registry" | "layout", () => Promise<string>> = {
    registry: async () => {
      const tag = `v${++n}`;
      const layout = await buildImage(tag, "app.txt", `image ${n}\n`);
      await skopeoCopy(layout, tag, `${registry.host}/demo/app:${tag}`);
      return `${registry.host}/demo/app:${tag}`;
    },
    layout: async () => {
      const tag = `v${++n}`;
      return `oci-layout:${await buildImage(tag, "app.txt", `image ${n}\n`)}:${tag}`;
    },
  };

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => registry?.stop());

  for (const where of ["registry", "layout"] as const) {
    for (const format of FORMATS) {
      it(`${where}: ${format} — sign, then verify with the key; another key is refused`, async () => {
        const image = await images[where]();
        expect(await outcome(image)).toBe("NO_SIGNATURE");
        const signed = await signImage(image, { method, format, client });
        expect(signed.stored.map((s) => s.format)).toEqual(
          format === "both" ? ["bundle", "legacy"] : [format],
        );
        const result = await verifyImage(image, { verifier: verifier(), client });
        expect(result.digest).toBe(signed.digest);
        expect(result.signatures.map((s) => s.format).sort()).toEqual(
          format === "both" ? ["bundle", "legacy"] : [format],
        );
        expect(await outcome(image, { key: otherKey })).toBe("CRYPTO_FAILURE");
        // Without a transparency-log entry the signature only passes when the tlog is ignored.
        expect(await outcome(image, { ignoreTlog: false })).toBe("CRYPTO_FAILURE");
      });
    }
  }

  it("signs a tag by its digest and says so", async () => {
    const image = await images.registry();
    const messages: string[] = [];
    const logger = { debug() {}, info: (m: string) => messages.push(m), warning() {}, error() {} };
    const signed = await signImage(image, { method, client, logger });
    const { digest } = await resolveImage(image, client);
    expect(signed).toMatchObject({ digest, tag: image.split(":").pop() });
    expect(messages.join("\n")).toContain(`resolved to ${digest}`);
    expect(await outcome(`${image.replace(/:[^:]+$/, "")}@${digest}`)).toBe("verified");
  });

  it("refuses a bundle moved from another image (swapped digest)", async () => {
    const [first, second] = [await images.registry(), await images.registry()];
    const signed = await signImage(first, { method, client });
    const target = await resolveImage(second, client);
    await pushBundleReferrer(
      target.store,
      target.descriptor,
      signed.bundles[0]!,
      "https://sigstore.dev/cosign/sign/v1",
      new Date(),
    );
    expect(await outcome(second)).toBe("DIGEST_MISMATCH");
  });

  it("refuses a legacy signature copied to another image's .sig tag", async () => {
    // Same repository, so the copied manifest's blobs are there.
    const [first, second] = [await images.registry(), await images.registry()];
    const signed = await signImage(first, { method, format: "legacy", client });
    const target = await resolveImage(second, client);
    const sig = await target.store.fetchManifest(legacyTag(signed.digest, "sig"));
    await target.store.pushManifest(sig.bytes, sig.descriptor.mediaType, legacyTag(target.digest, "sig"));
    expect(await outcome(second)).toBe("DIGEST_MISMATCH");
  });

  it("refuses a tampered signature in each format, and accepts the untampered one", async () => {
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
      return bytes.toString("base64");
    };

    const image = await images.registry();
    const target = await resolveImage(image, client);
    const payload = Buffer.from(
      JSON.stringify(statement([{ digest: target.digest }], COSIGN_SIGN_PREDICATE_TYPE, {})),
    );
    const bundle = await signEnvelope(method, payload, IN_TOTO_PAYLOAD_TYPE);
    const json = bundleToJSON(bundle) as { dsseEnvelope: { signatures: { sig: string }[] } };
    json.dsseEnvelope.signatures[0]!.sig = flip(json.dsseEnvelope.signatures[0]!.sig);
    await pushBundleReferrer(target.store, target.descriptor, bundleFromJSON(json), undefined, new Date());
    expect(await outcome(image)).toBe("CRYPTO_FAILURE");
    await pushBundleReferrer(target.store, target.descriptor, bundle, COSIGN_SIGN_PREDICATE_TYPE, new Date());
    expect(await outcome(image)).toBe("verified");

    const legacyImage = await images.registry();
    const legacy = await resolveImage(legacyImage, client);
    const simple = simpleSigningPayload(legacy.store.name, legacy.digest);
    const layer = toLegacySignatureLayer(await signMessage(method, simple), simple);
    const tampered = {
      ...layer,
      annotations: {
        ...layer.annotations,
        [LegacyAnnotation.Signature]: flip(layer.annotations[LegacyAnnotation.Signature]!),
      },
    };
    await appendLegacyLayers(legacy.store, legacy.digest, "sig", [tampered]);
    expect(await outcome(legacyImage)).toBe("CRYPTO_FAILURE");
    await appendLegacyLayers(legacy.store, legacy.digest, "sig", [layer]);
    expect(await outcome(legacyImage)).toBe("verified");
  });

  it("finds several signatures through the referrers tag fallback and keeps each", async () => {
    const image = await images.registry();
    await signImage(image, { method, client });
    await signImage(image, { method: keySigning(otherKey, { tlog: false }), client });
    const result = await verifyImage(image, { verifier: verifier(), client });
    expect(result.signatures).toHaveLength(1);
    expect(await outcome(image, { key: otherKey })).toBe("verified");
  });

  it("attests with a custom predicate in each format and requires it by predicate type", async () => {
    for (const format of FORMATS) {
      const image = await images.registry();
      await signImage(image, { method, client });
      expect(await outcome(image, { attest: ["https://example.com/review/v1"] })).toBe("MISSING_ATTESTATION");
      await attestImage(image, {
        method,
        client,
        format,
        predicateType: "https://example.com/review/v1",
        predicate: { reviewer: "alice" },
      });
      const result = await verifyImage(image, {
        verifier: verifier(),
        client,
        requiredAttestations: ["https://example.com/review/v1"],
      });
      expect(result.attestations.map((a) => a.format).sort()).toEqual(
        format === "both" ? ["bundle", "legacy"] : [format],
      );
      expect(result.attestations[0]?.statement.predicate).toEqual({ reviewer: "alice" });
      expect(await outcome(image, { attest: ["https://slsa.dev/provenance/v1"] })).toBe(
        "MISSING_ATTESTATION",
      );
      expect(await outcome(image, { attest: ["https://example.com/review/v1"], key: otherKey })).toBe(
        "CRYPTO_FAILURE",
      );
    }
  });

  it("attests SLSA provenance built from a GitHub run, stored as cosign 3 does", async () => {
    const image = await images.layout();
    await signImage(image, { method, client });
    const run = {
      serverUrl: "https://github.com",
      repository: "acme/shop",
      workflowRef: "acme/shop/.github/workflows/release.yml@refs/heads/main",
      sha: "0123456789abcdef0123456789abcdef01234567",
      ref: "refs/heads/main",
      eventName: "push",
      runId: "42",
      runAttempt: "1",
    };
    await attestImage(image, {
      method,
      client,
      predicateType: SLSA_PROVENANCE_V1,
      predicate: githubProvenance(run),
    });
    const result = await verifyImage(image, {
      verifier: verifier(),
      client,
      requiredAttestations: [SLSA_PROVENANCE_V1],
    });
    expect(result.attestations[0]?.statement).toMatchObject({
      _type: "https://in-toto.io/Statement/v1",
      predicateType: SLSA_PROVENANCE_V1,
      subject: [{ digest: { sha256: result.digest.slice("sha256:".length) } }],
      predicate: { runDetails: { builder: { id: `https://github.com/${run.workflowRef}` } } },
    });
    const target = await resolveImage(image, client);
    const referrers = await listBundleReferrers(target.store, target.digest);
    expect(referrers.map((r) => r.announcedPredicateType).sort()).toEqual([
      COSIGN_SIGN_PREDICATE_TYPE,
      SLSA_PROVENANCE_V1,
    ]);
  });
});

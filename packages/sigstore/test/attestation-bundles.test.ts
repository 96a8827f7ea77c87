import { generateKeyPairSync } from "node:crypto";
import type { BaseImageFacts } from "@bulwark/core";
import {
  type AttestationBundleVerifier,
  collectBaseImageFacts,
  type Descriptor,
  MAX_BUNDLE_BYTES,
  RegistryClient,
  type RegistryRepository,
} from "@bulwark/oci";
import { bundleToJSON } from "@sigstore/bundle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushImage as pushImageSpec } from "../../oci/test/support/push-image.js";
import { type ReferrersApi, startReferrersApi } from "../../oci/test/support/referrers-api.js";
import { startRegistry, type TestRegistry } from "../../oci/test/support/registry.js";
import {
  attestationBundleVerifier,
  attestImage,
  BundleAnnotation,
  IN_TOTO_PAYLOAD_TYPE,
  keylessSigning,
  keySigning,
  pushBundleBytes,
  pushBundleReferrer,
  signEnvelope,
  statement,
  trustedRootFromJSON,
} from "../src/index.js";
import {
  GITHUB_ISSUER,
  githubToken,
  type MockSigstore,
  startMockSigstore,
  WORKFLOW_REF,
} from "./support/mock-sigstore.js";

const SLSA_V1 = "https://slsa.dev/provenance/v1";
const SLSA_V02 = "https://slsa.dev/provenance/v0.2";
/** The builder id GitHub's attest-build-provenance writes for a GitHub-hosted runner. */
const GITHUB_RUNNER = "https://github.com/actions/runner/github-hosted";
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

const v1Predicate = {
  buildDefinition: { buildType: "https://actions.github.io/buildtypes/workflow/v1", externalParameters: {} },
  runDetails: { builder: { id: GITHUB_RUNNER }, metadata: { invocationId: "run/1" } },
};
const v02Predicate = {
  builder: { id: "https://ci.example.com/builder" },
  buildType: "https://example.com/build",
  metadata: { buildFinishedOn: "2025-06-01T12:00:00Z" },
};

/** The registry facts of one image, read for linux/amd64. */
async function factsOf(
  client: RegistryClient,
  name: string,
  verifyBundle: AttestationBundleVerifier | undefined,
): Promise<BaseImageFacts> {
  const target = { name, platform: "linux/amd64" };
  const facts = await collectBaseImageFacts(client, [target], verifyBundle ? { verifyBundle } : {});
  return [...facts.values()][0]!;
}

/** Pushes a small distinct image and returns its descriptor. */
const pushImage = (repo: RegistryRepository, content: string, tag: string) =>
  pushImageSpec(repo, { created: "2025-05-01T00:00:00Z", content }, tag);

/** Stores `bytes` as a bundle referrer of `subject` exactly as given, the way a hostile pusher could. */
const pushRawBundle = (repo: RegistryRepository, subject: Descriptor, bytes: Uint8Array) =>
  pushBundleBytes(repo, subject, bytes, {
    [BundleAnnotation.Content]: "dsse-envelope",
    [BundleAnnotation.PredicateType]: SLSA_V1,
  });

describe.each([
  { api: "the referrers tag fallback (distribution 2.8)", native: false },
  { api: "the referrers API", native: true },
])("sigstore bundle provenance found through $api", ({ native }) => {
  let registry: TestRegistry;
  let proxy: ReferrersApi | undefined;
  let mock: MockSigstore;
  let host: string;
  const client = new RegistryClient({ retries: 0 });
  const keyless = () =>
    keylessSigning({ identityToken: async () => githubToken(), fulcioURL: mock.url, rekorURL: mock.url });

  beforeAll(async () => {
    registry = await startRegistry();
    proxy = native ? await startReferrersApi(registry.host) : undefined;
    host = proxy?.host ?? registry.host;
    mock = await startMockSigstore(undefined, { canonicalDsse: true });
  });
  afterAll(async () => {
    await proxy?.close();
    await mock?.close();
    await registry?.stop();
  });

  const verifyBundle = () =>
    attestationBundleVerifier(async () => trustedRootFromJSON(JSON.stringify(mock.trustedRoot)));
  const facts = (reference: string, verify = verifyBundle()) => factsOf(client, reference, verify);
  const repo = (name: string) => client.repository(host, name);

  it("counts verified SLSA v1 provenance, signed keylessly, with its signer", async () => {
    await pushImage(repo("gh/v1"), "v1", "1");
    const reference = `${host}/gh/v1:1`;
    const attested = await attestImage(reference, {
      method: keyless(),
      client,
      predicateType: SLSA_V1,
      predicate: v1Predicate,
    });
    const result = await facts(reference);
    expect(result.attestations).toEqual([
      {
        form: "sigstore-bundle",
        digest: attested.stored[0]!.location,
        subject: attested.digest,
        predicateTypes: [SLSA_V1],
        verification: { status: "verified", identity: WORKFLOW_REF, issuer: GITHUB_ISSUER },
      },
    ]);
    expect(result.provenance).toEqual({
      predicateType: SLSA_V1,
      builderId: GITHUB_RUNNER,
      signer: { identity: WORKFLOW_REF, issuer: GITHUB_ISSUER },
    });
    // The rules judge the builder by this signer (core's registry tests); GITHUB_RUNNER is anyone's.
  });

  it("reads builder and build time from SLSA v0.2 provenance; the build time dates the image", async () => {
    await pushImage(repo("gh/v02"), "v02", "1");
    const reference = `${host}/gh/v02:1`;
    await attestImage(reference, {
      method: keyless(),
      client,
      predicateType: SLSA_V02,
      predicate: v02Predicate,
    });
    const result = await facts(reference);
    expect(result.provenance).toMatchObject({
      predicateType: SLSA_V02,
      builderId: "https://ci.example.com/builder",
      buildTime: "2025-06-01T12:00:00Z",
      signer: { identity: WORKFLOW_REF },
    });
    expect(result.created).toEqual({ time: "2025-06-01T12:00:00Z", source: "provenance" });
  });

  it("ignores a signed statement about another digest stored beside the image", async () => {
    const image = await pushImage(repo("gh/other"), "other", "1");
    const payload = json(statement([{ digest: `sha256:${"ab".repeat(32)}` }], SLSA_V1, v1Predicate));
    const bundle = await signEnvelope(keyless(), payload, IN_TOTO_PAYLOAD_TYPE);
    await pushBundleReferrer(repo("gh/other"), image, bundle, SLSA_V1, new Date());
    const result = await facts(`${host}/gh/other:1`);
    expect(result.attestations).toEqual([]);
    expect(result.provenance).toBeUndefined();
    expect(result.referrersError).toBeUndefined();
  });

  it("rejects a tampered bundle, with the reason; it is not provenance", async () => {
    const image = await pushImage(repo("gh/tampered"), "tampered", "1");
    const reference = `${host}/gh/tampered:1`;
    const payload = json(statement([{ digest: image.digest }], SLSA_V1, v1Predicate));
    const bundle = bundleToJSON(await signEnvelope(keyless(), payload, IN_TOTO_PAYLOAD_TYPE)) as {
      dsseEnvelope: { payload: string };
    };
    const forged = { ...v1Predicate, runDetails: { builder: { id: "https://github.com/acme/trusted" } } };
    bundle.dsseEnvelope.payload = json(statement([{ digest: image.digest }], SLSA_V1, forged)).toString(
      "base64",
    );
    const referrer = await pushRawBundle(repo("gh/tampered"), image, json(bundle));
    const result = await facts(reference);
    expect(result.attestations).toEqual([
      expect.objectContaining({
        form: "sigstore-bundle",
        digest: referrer.digest,
        verification: { status: "rejected", detail: "DSSE payload hash mismatch (TLOG_BODY_ERROR)" },
      }),
    ]);
    expect(result.provenance).toBeUndefined();
  });

  it("rejects a bundle signed with a bare key: it names no one to trust", async () => {
    await pushImage(repo("gh/keyed"), "keyed", "1");
    const reference = `${host}/gh/keyed:1`;
    const key = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    await attestImage(reference, {
      method: keySigning(key, { tlog: false }),
      client,
      predicateType: SLSA_V1,
      predicate: v1Predicate,
    });
    const result = await facts(reference);
    expect(result.attestations[0]?.verification).toEqual({
      status: "rejected",
      detail: "signed with a key, not a certificate: verify it with the public key",
    });
    expect(result.provenance).toBeUndefined();
  });

  it("states a malformed or oversized bundle as an unreadable attestation", async () => {
    const image = await pushImage(repo("gh/broken"), "broken", "1");
    const reference = `${host}/gh/broken:1`;
    const notJson = await pushRawBundle(repo("gh/broken"), image, Buffer.from("{ this is not json"));
    const huge = await pushRawBundle(repo("gh/broken"), image, Buffer.alloc(MAX_BUNDLE_BYTES + 1, 0x20));
    const result = await facts(reference);
    expect(result.error).toBeUndefined();
    expect(result.attestations.map((a) => [a.digest, a.verification])).toEqual([
      [notJson.digest, { status: "rejected", detail: "unreadable attestation: the bundle is not JSON" }],
      [
        huge.digest,
        {
          status: "rejected",
          detail: `unreadable attestation: the bundle is ${MAX_BUNDLE_BYTES + 1} bytes, over the limit of ${MAX_BUNDLE_BYTES}`,
        },
      ],
    ]);
    expect(result.provenance).toBeUndefined();
  });

  it("leaves an image without referrers as it was", async () => {
    await pushImage(repo("gh/plain"), "plain", "1");
    const result = await facts(`${host}/gh/plain:1`);
    expect(result).toMatchObject({ attestations: [], annotations: {}, user: "" });
    expect(result.provenance).toBeUndefined();
    expect(result.referrersError).toBeUndefined();
    expect(result.error).toBeUndefined();
  });

  it("counts nothing without a verifier: a bundle's mere presence is not trust", async () => {
    await pushImage(repo("gh/unchecked"), "unchecked", "1");
    const reference = `${host}/gh/unchecked:1`;
    await attestImage(reference, {
      method: keyless(),
      client,
      predicateType: SLSA_V1,
      predicate: v1Predicate,
    });
    const result = await factsOf(client, reference, undefined);
    expect(result.attestations[0]?.verification).toEqual({
      status: "rejected",
      detail: "not verified: no signature verifier was given",
    });
    expect(result.provenance).toBeUndefined();
  });
});

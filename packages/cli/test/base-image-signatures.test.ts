import { generateKeyPairSync } from "node:crypto";
import { type BaseImageFacts, ConfigError, factsKey, type TrustedSigner } from "@bulwark/core";
import { collectBaseImageFacts, RegistryClient } from "@bulwark/oci";
import { addSignatureFacts, publicKeyPem, trustedRootFromJSON } from "@bulwark/sigstore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type TestRegistry } from "../../oci/test/support/registry.js";
import { type BaseImages, KEYS_ONLY_TRUSTED_ROOT, seedBaseImages } from "./support/base-images.js";

/** Each reference read for linux/amd64, as the collector is asked for them. */
const amd64 = (references: string[]) => references.map((name) => ({ name, platform: "linux/amd64" }));

/** A client that counts its HTTP requests, so a test can see what was asked twice. */
function countingClient() {
  const counter = { requests: 0 };
  const fetch: typeof globalThis.fetch = (input, init) => {
    counter.requests++;
    return globalThis.fetch(input, init);
  };
  return { client: new RegistryClient({ fetch, retries: 0 }), counter };
}

describe("addSignatureFacts against distribution 2.8", () => {
  let registry: TestRegistry;
  let images: BaseImages;
  const keys: Record<string, string> = {};
  const otherKey = publicKeyPem(generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey);

  beforeAll(async () => {
    registry = await startRegistry();
    images = await seedBaseImages(registry);
    keys["release.pub"] = images.trustedKeyPem;
    keys["other.pub"] = otherKey;
  });
  afterAll(async () => registry?.stop());

  const keySigner = (key: string, pattern = `${images.host}/trusted/**`): TrustedSigner => ({
    kind: "key",
    images: [pattern],
    key,
  });

  async function signatures(
    references: string[],
    signers: TrustedSigner[],
    client = new RegistryClient({ retries: 0 }),
    signal?: AbortSignal,
  ): Promise<Map<string, BaseImageFacts>> {
    const facts = await collectBaseImageFacts(client, amd64(references));
    const signed = await addSignatureFacts(
      facts,
      { signers },
      {
        client,
        trustedRoot: async () => trustedRootFromJSON(KEYS_ONLY_TRUSTED_ROOT),
        readKey: async (path) => {
          const pem = keys[path];
          if (!pem) throw new ConfigError(`no key ${path}`);
          return pem;
        },
        ignoreTlog: true,
        ...(signal ? { signal } : {}),
      },
    );
    return new Map(
      references.map((name) => [name, signed.get(factsKey({ name, platform: "linux/amd64" }))!]),
    );
  }

  it("verifies each distinct image once, however many references pull it", async () => {
    const tag = `${images.host}/trusted/fresh:1`;
    const pinned = `${images.host}/trusted/fresh:1@${images.digests.fresh}`;
    const byDigest = `${images.host}/trusted/fresh@${images.digests.fresh}`;
    const one = countingClient();
    const alone = await signatures([tag], [keySigner("release.pub")], one.client);
    expect(alone.get(tag)!.signature).toEqual({ status: "verified", identity: "key release.pub" });

    const three = countingClient();
    const facts = await signatures([tag, pinned, byDigest], [keySigner("release.pub")], three.client);
    for (const reference of [tag, pinned, byDigest]) {
      expect(facts.get(reference)!.signature?.status).toBe("verified");
    }
    // Facts are per reference (three); the signature check is per digest (one).
    const factRequests = countingClient();
    await collectBaseImageFacts(factRequests.client, amd64([tag, pinned, byDigest]));
    const factOnly = countingClient();
    await collectBaseImageFacts(factOnly.client, amd64([tag]));
    expect(three.counter.requests - factRequests.counter.requests).toBe(
      one.counter.requests - factOnly.counter.requests,
    );
  });

  it("any matching signer is enough; the reasons of all are kept when none verifies", async () => {
    const fresh = `${images.host}/trusted/fresh:1`;
    const either = await signatures([fresh], [keySigner("other.pub"), keySigner("release.pub")]);
    expect(either.get(fresh)!.signature?.status).toBe("verified");
    const neither = await signatures([fresh], [keySigner("other.pub")]);
    expect(neither.get(fresh)!.signature).toEqual({
      status: "untrusted",
      detail: expect.stringMatching(/^for the key other\.pub, /),
    });
  });

  it("unsigned, moved tags by the pinned digest, and images no signer covers", async () => {
    const old = `${images.host}/trusted/old:1`;
    const moved = `${images.host}/trusted/moving:1@${images.digests.movedFrom}`;
    const plain = `${images.host}/plain/umoci:1`;
    const facts = await signatures([old, moved, plain], [keySigner("release.pub")]);
    expect(facts.get(old)!.signature).toEqual({ status: "unsigned" });
    expect(facts.get(moved)!.signature?.status).toBe("verified");
    expect(facts.get(plain)!.signature).toBeUndefined();
  });

  it("after the run's deadline, images not verified yet are errors that say so, never verified", async () => {
    const fresh = `${images.host}/trusted/fresh:1`;
    const late = AbortSignal.abort(new Error("the run's deadline of 5 s passed before it was checked"));
    const facts = await signatures([fresh], [keySigner("release.pub")], undefined, late);
    expect(facts.get(fresh)!.signature).toEqual({
      status: "error",
      detail: "the run's deadline of 5 s passed before it was checked",
    });
  });

  it("leaves images the registry gave no facts for alone; a missing key is the config's mistake", async () => {
    const absent = `${images.host}/trusted/absent:1`;
    const facts = await signatures([absent], [keySigner("release.pub")]);
    expect(facts.get(absent)!.error).toBeDefined();
    expect(facts.get(absent)!.signature).toBeUndefined();
    await expect(signatures([`${images.host}/trusted/fresh:1`], [keySigner("missing.pub")])).rejects.toThrow(
      ConfigError,
    );
  });
});

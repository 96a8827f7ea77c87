// The image-verification benchmark: 100 images signed with a key in each storage format, stored in
// a real registry (distribution 2.8 on loopback, which has no referrers API, so the tag fallback is
// used), verified by `verifyImages` with bounded concurrency. It reports HTTP requests per image,
// by kind, the most requests in flight at once, and the total time, next to a bare baseline: the
// same 100 tags resolved to digests (one HEAD each) in the same run.
//
//   node test/bench/verify.mjs
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./median.mjs";
import { sourceLoader } from "./sources.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");
const IMAGES = 100;
const CONCURRENCY = 8;
const RUNS = 3;
const FORMATS = ["bundle", "legacy", "both"];

const { load, close } = await sourceLoader(REPO);
const { startRegistry } = await load("packages/oci/test/support/registry.ts");
const { pushImage } = await load("packages/oci/test/support/push-image.ts");
const { RegistryClient, mapConcurrent } = await load("packages/oci/src/index.ts");
const { BundleVerifier, embeddedTrustedRoot, keySigning, publicKeyPem, signImage } = await load(
  "packages/sigstore/src/index.ts",
);
const { verifyImages } = await load("packages/cli/src/index.ts");
const { generateKeyPairSync } = await import("node:crypto");

/** What a request is for, from its method and path. */
function kind(method, url) {
  const path = new URL(url).pathname;
  if (path.includes("/referrers/")) return "referrers API";
  if (path.includes("/blobs/")) return `${method} blob`;
  if (/\/manifests\/sha256-[0-9a-f]{64}(\.sig|\.att)?$/.test(path)) return `${method} fallback/legacy tag`;
  if (/\/manifests\/sha256:/.test(path)) return `${method} manifest by digest`;
  if (path.includes("/manifests/")) return `${method} manifest by tag`;
  return `${method} other`;
}

/** A registry client whose fetch counts requests by kind and the most in flight at once. */
function countingClient() {
  const counter = { requests: 0, kinds: new Map(), inFlight: 0, maxInFlight: 0 };
  const fetch = async (input, init) => {
    counter.requests++;
    const k = kind(init?.method ?? "GET", String(input));
    counter.kinds.set(k, (counter.kinds.get(k) ?? 0) + 1);
    counter.maxInFlight = Math.max(counter.maxInFlight, ++counter.inFlight);
    try {
      return await globalThis.fetch(input, init);
    } finally {
      counter.inFlight--;
    }
  };
  return { client: new RegistryClient({ fetch }), counter };
}

/** Runs `work` on a fresh client RUNS times (each cold: no token or referrers-API knowledge). */
async function measure(work) {
  const times = [];
  let last;
  for (let run = 0; run < RUNS; run++) {
    const { client, counter } = countingClient();
    const start = process.hrtime.bigint();
    await work(client);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    last = counter;
  }
  return { ...last, ms: median(times) };
}

const quiet = { debug() {}, info() {}, warning() {}, error() {} };
const registry = await startRegistry();
try {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const method = keySigning(privateKey, { tlog: false });
  const seed = new RegistryClient();
  const created = new Date().toISOString();
  const images = {};
  for (const format of FORMATS) {
    const repo = seed.repository(registry.host, `bench/${format}`);
    images[format] = Array.from({ length: IMAGES }, (_, i) => `${registry.host}/bench/${format}:v${i}`);
    await mapConcurrent(images[format], CONCURRENCY, async (image, i) => {
      await pushImage(repo, { created, content: `${format} image ${i}` }, `v${i}`);
      await signImage(image, { method, format, client: seed });
    });
  }
  const verifier = new BundleVerifier({
    trustedRoot: embeddedTrustedRoot(),
    signer: { kind: "key", publicKey: publicKeyPem(privateKey) },
    ignoreTlog: true,
  });

  const baseline = await measure((client) =>
    mapConcurrent(images.bundle, CONCURRENCY, async (image) => {
      const [, path, tag] = /^[^/]+\/(.+):([^:]+)$/.exec(image);
      await client.repository(registry.host, path).resolve(tag);
    }),
  );
  const results = {};
  for (const format of FORMATS) {
    results[format] = await measure(async (client) => {
      const outcomes = await verifyImages({
        images: images[format],
        verifier,
        requiredAttestations: [],
        client,
        logger: quiet,
        concurrency: CONCURRENCY,
      });
      const failed = outcomes.filter((o) => o.status !== "verified");
      if (failed.length > 0) throw new Error(`${failed.length} images failed: ${failed[0].reason}`);
    });
  }

  const perImage = (n) => (n / IMAGES).toFixed(2);
  console.log(
    `${IMAGES} key-signed images per format, concurrency ${CONCURRENCY}, median of ${RUNS} cold runs\n`,
  );
  console.log(
    `${"".padEnd(32)} ${"requests/image".padStart(14)} ${"max in flight".padStart(13)} ${"total ms".padStart(9)} ${"vs baseline".padStart(11)}`,
  );
  const row = (name, m) =>
    `${name.padEnd(32)} ${perImage(m.requests).padStart(14)} ${String(m.maxInFlight).padStart(13)} ${m.ms.toFixed(0).padStart(9)} ${`${(m.ms / baseline.ms).toFixed(1)}x`.padStart(11)}`;
  console.log(row("baseline: resolve each tag", baseline));
  for (const format of FORMATS)
    console.log(
      row(format === "both" ? "verify, both formats" : `verify, ${format} format`, results[format]),
    );
  for (const format of FORMATS) {
    const kinds = [...results[format].kinds]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ${perImage(n)}`)
      .join(", ");
    console.log(`\n${format}: ${kinds}`);
  }
  if (Object.values(results).some((r) => r.maxInFlight > CONCURRENCY * 3)) {
    console.error("more requests in flight than the concurrency bound allows");
    process.exitCode = 1;
  }
} finally {
  await registry.stop();
  await close();
}

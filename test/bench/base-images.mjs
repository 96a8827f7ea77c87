// The base-image benchmark: 200 Dockerfiles sharing 20 base images, checked by `checkBaseImages`
// against a real registry (distribution 2.8 on loopback). Registry work must follow distinct images,
// not references: it reports the resolutions and HTTP requests of the whole check next to a bare
// baseline, the same 20 images resolved directly by the facts collector, measured in the same run.
// A second tree pulls the same images for two platforms (half its FROMs say --platform=linux/arm64):
// 40 resolutions, each image's tag fetched once for both.
//
//   node test/bench/base-images.mjs
//
// The TypeScript sources (and the registry test support) are loaded as the tests load them, so no
// build is needed.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./median.mjs";
import { sourceLoader } from "./sources.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");
const DOCKERFILES = 200;
const IMAGES = 20;
const RUNS = 5;

const { load, close } = await sourceLoader(REPO);

const { startRegistry } = await load("packages/oci/test/support/registry.ts");
const { pushImage } = await load("packages/oci/test/support/push-image.ts");
const { RegistryClient, BaseImageFactsCollector } = await load("packages/oci/src/index.ts");
const { checkBaseImages } = await load("packages/cli/src/index.ts");
const { DEFAULT_CONFIG } = await load("packages/core/src/index.ts");

/** A registry client whose fetch counts the HTTP requests it sends. */
function countingClient() {
  const counter = { requests: 0 };
  const fetch = (input, init) => {
    counter.requests++;
    return globalThis.fetch(input, init);
  };
  return { client: new RegistryClient({ fetch }), counter };
}

/** Runs `work` on a fresh client RUNS times; each run starts cold (no token or fact cache). */
async function measure(work) {
  const times = [];
  let last;
  for (let run = 0; run < RUNS; run++) {
    const { client, counter } = countingClient();
    const start = process.hrtime.bigint();
    const resolutions = await work(client);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    last = { resolutions, requests: counter.requests };
  }
  return { ...last, ms: median(times) };
}

const registry = await startRegistry();
try {
  const seed = new RegistryClient();
  const repo = seed.repository(registry.host, "shared/base");
  const created = new Date().toISOString();
  for (let i = 0; i < IMAGES; i++) await pushImage(repo, { created, content: `image ${i}` }, `v${i}`);
  const references = Array.from({ length: IMAGES }, (_, i) => `${registry.host}/shared/base:v${i}`);

  /** A tree of DOCKERFILES Dockerfiles; `flag(i)` is the `--platform` of the i-th one's FROM, if any. */
  function tree(name, flag) {
    const root = mkdtempSync(join(tmpdir(), `bulwark-bench-base-images-${name}-`));
    for (let i = 0; i < DOCKERFILES; i++) {
      mkdirSync(join(root, `svc-${i}`));
      writeFileSync(
        join(root, `svc-${i}/Dockerfile`),
        `FROM ${flag(i)}${references[i % IMAGES]} AS build\nRUN make\nFROM build\nUSER app\n`,
      );
    }
    return root;
  }
  const root = tree("one-platform", () => "");
  // Every other round of IMAGES Dockerfiles pulls for linux/arm64: each image for both platforms.
  const twoPlatforms = tree("two-platforms", (i) =>
    Math.floor(i / IMAGES) % 2 === 1 ? "--platform=linux/arm64 " : "",
  );

  const baseline = await measure(async (client) => {
    const collector = new BaseImageFactsCollector(client);
    await collector.collect(references.map((name) => ({ name, platform: "linux/amd64" })));
    return collector.resolutions;
  });
  let findings = 0;
  const checkTree = (path) => async (client) => {
    const { report, resolutions } = await checkBaseImages({
      paths: ["."],
      root: path,
      config: DEFAULT_CONFIG,
      registry: {
        client,
        signatures: {
          trustedRoot: () => Promise.reject(new Error("no signers configured")),
          readKey: () => Promise.reject(new Error("no signers configured")),
        },
      },
    });
    findings = report.findings.length;
    return resolutions;
  };
  const check = await measure(checkTree(root));
  const checkFindings = findings;
  const twoPlatformCheck = await measure(checkTree(twoPlatforms));

  const row = (name, m) =>
    `${name.padEnd(34)} ${String(m.resolutions).padStart(11)} ${String(m.requests).padStart(13)} ${m.ms.toFixed(1).padStart(9)}`;
  console.log(`${DOCKERFILES} Dockerfiles, ${IMAGES} distinct base images, median of ${RUNS} cold runs\n`);
  console.log(
    `${"".padEnd(34)} ${"resolutions".padStart(11)} ${"HTTP requests".padStart(13)} ${"ms".padStart(9)}`,
  );
  console.log(row("baseline: resolve the 20 images", baseline));
  console.log(row(`bulwark base-image (${checkFindings} findings)`, check));
  console.log(row(`  two platforms (${findings} findings)`, twoPlatformCheck));
  console.log(
    `\nratios to the baseline: resolutions ${(check.resolutions / baseline.resolutions).toFixed(2)}x, requests ${(check.requests / baseline.requests).toFixed(2)}x, time ${(check.ms / baseline.ms).toFixed(2)}x`,
  );
  if (check.resolutions !== IMAGES || twoPlatformCheck.resolutions !== 2 * IMAGES) {
    console.error(
      `expected ${IMAGES} and ${2 * IMAGES} resolutions, got ${check.resolutions} and ${twoPlatformCheck.resolutions}`,
    );
    process.exitCode = 1;
  }
} finally {
  await registry.stop();
  await close();
}

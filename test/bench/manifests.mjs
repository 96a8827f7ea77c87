// The manifest-validation benchmark. Each measurement runs in its own process, so peak memory
// (maxRSS) belongs to that measurement alone; times are medians of several runs, and every number
// is reported next to a bare js-yaml parse of the same text, measured the same way in the same run.
// The processes of the two sides alternate over several rounds, so a slow spell of a shared machine
// falls on both sides rather than on one.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./corpus.mjs";
import { median } from "./median.mjs";

const RUNS = 5;
const self = fileURLToPath(import.meta.url);

/** The corpora: a governed repository (one object in ten has mistakes) and a worst case (one in two). */
const CASES = [
  { objects: 10_000, unsafeEvery: 10, rounds: 5 },
  { objects: 100_000, unsafeEvery: 10, rounds: 1 },
  { objects: 10_000, unsafeEvery: 2, rounds: 5 },
];

async function child(mode, objects, unsafeEvery) {
  const files = generateCorpus(objects, { unsafeEvery });
  let work;
  let info = {};
  if (mode === "js-yaml") {
    const yaml = createRequire(new URL("../../packages/core/package.json", import.meta.url))("js-yaml");
    work = () => {
      for (const f of files) yaml.loadAll(f.text);
    };
  } else if (mode === "loader") {
    const core = await import("../../packages/core/dist/index.js");
    work = () => {
      for (const f of files) core.loadManifests(f);
    };
  } else {
    const core = await import("../../packages/core/dist/index.js");
    const input = { files, config: core.DEFAULT_CONFIG, today: core.isoDate(new Date()) };
    work = () => {
      const result = core.validateManifests(input);
      info = {
        findings: result.findings.length,
        objects: result.stats.objects,
        fallbacks: result.stats.locatorFallbacks,
      };
    };
  }
  work(); // warm up the JIT
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ times, maxRssMiB, bytes, ...info }));
}

function measureOnce(mode, { objects, unsafeEvery }) {
  const args = ["--max-old-space-size=8192", self, "--child", mode, String(objects), String(unsafeEvery)];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8" }));
}

/**
 * Both sides, and bulwark's loader alone (what its own parse costs), their processes alternating:
 * the median of every run, the highest peak memory.
 */
function measure(c) {
  const sides = { base: [], ours: [], loader: [] };
  for (let round = 0; round < c.rounds; round++) {
    sides.base.push(measureOnce("js-yaml", c));
    sides.ours.push(measureOnce("bulwark", c));
    sides.loader.push(measureOnce("loader", c));
  }
  const summary = (results) => ({
    ...results[0],
    ms: median(results.flatMap((r) => r.times)),
    maxRssMiB: Math.max(...results.map((r) => r.maxRssMiB)),
  });
  return { base: summary(sides.base), ours: summary(sides.ours), loader: summary(sides.loader) };
}

export function runManifestBenchmark() {
  console.log(
    `Manifest validation (recommended profile; per side, the median of ${RUNS} runs in each of its processes, which alternate with the other side's)`,
  );
  const rows = [];
  for (const c of CASES) {
    const { base, ours, loader } = measure(c);
    rows.push({ ...c, base, ours });
    const mib = (base.bytes / 1048576).toFixed(1);
    console.log(
      `  ${c.objects.toLocaleString("en-US")} objects, 1 in ${c.unsafeEvery} unsafe (${mib} MiB): ` +
        `${c.rounds} round${c.rounds > 1 ? "s" : ""}: js-yaml ${base.ms.toFixed(0)} ms, bulwark ${ours.ms.toFixed(0)} ms => ${(ours.ms / base.ms).toFixed(2)}x; ` +
        `peak RSS ${base.maxRssMiB.toFixed(0)} vs ${ours.maxRssMiB.toFixed(0)} MiB; ` +
        `${ours.findings.toLocaleString("en-US")} findings, ${ours.fallbacks} locator fallbacks; ` +
        `bulwark's loading alone ${loader.ms.toFixed(0)} ms (${(loader.ms / base.ms).toFixed(2)}x js-yaml)`,
    );
  }
  const [small, large] = rows;
  const growth = (side) => (large[side].ms / large.objects / (small[side].ms / small.objects)).toFixed(2);
  console.log(
    `  time per object at 100,000 vs 10,000: bulwark ${growth("ours")}x, js-yaml ${growth("base")}x (1.00 = linear)`,
  );
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
}

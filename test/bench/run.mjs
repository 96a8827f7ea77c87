// The manifest-validation benchmark (`pnpm bench`). Each measurement runs in its own process, so
// peak memory (maxRSS) belongs to that measurement alone; times are medians of several runs, and
// every number is reported next to a bare js-yaml parse of the same text measured the same way.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./corpus.mjs";

const RUNS = 5;
const SIZES = [10_000, 100_000];
const self = fileURLToPath(import.meta.url);

async function child(mode, size) {
  const files = generateCorpus(size);
  let work;
  let info = {};
  if (mode === "js-yaml") {
    const yaml = createRequire(new URL("../../packages/core/package.json", import.meta.url))("js-yaml");
    work = () => {
      for (const f of files) yaml.loadAll(f.text);
    };
  } else {
    const core = await import("../../packages/core/dist/index.js");
    const config = { ...core.DEFAULT_CONFIG };
    work = () => {
      const result = core.validateManifests({ files, config, today: core.isoDate(new Date()) });
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
  times.sort((a, b) => a - b);
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  process.stdout.write(
    JSON.stringify({
      ms: times[Math.floor(RUNS / 2)],
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      bytes,
      ...info,
    }),
  );
}

function measure(mode, size) {
  const out = execFileSync(
    process.execPath,
    ["--max-old-space-size=8192", self, "--child", mode, String(size)],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out);
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], Number(process.argv[4]));
} else {
  console.log(
    `Manifest validation benchmark (node ${process.version}, median of ${RUNS} runs, recommended profile)\n`,
  );
  const rows = [];
  for (const size of SIZES) {
    const base = measure("js-yaml", size);
    const ours = measure("bulwark", size);
    rows.push({ size, base, ours });
    console.log(
      `${size.toLocaleString("en-US")} objects (${(base.bytes / 1048576).toFixed(1)} MiB): js-yaml ${base.ms.toFixed(0)} ms, ` +
        `bulwark validate ${ours.ms.toFixed(0)} ms => ${(ours.ms / base.ms).toFixed(2)}x; ` +
        `peak RSS ${base.maxRssMiB.toFixed(0)} MiB vs ${ours.maxRssMiB.toFixed(0)} MiB; ` +
        `${ours.findings} findings on ${ours.objects} objects, ${ours.fallbacks} parser fallbacks`,
    );
  }
  const [small, large] = rows;
  const growth = large.ours.ms / large.size / (small.ours.ms / small.size);
  console.log(
    `\nTime per object at ${large.size.toLocaleString("en-US")} vs ${small.size.toLocaleString("en-US")}: ${growth.toFixed(2)}x (1.00 = linear)`,
  );
}

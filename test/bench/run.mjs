// `pnpm bench`: every benchmark, each reporting against a bare baseline measured in the same run.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runManifestBenchmark } from "./manifests.mjs";

runManifestBenchmark();
for (const script of ["base-images.mjs", "verify.mjs"]) {
  console.log("");
  execFileSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { stdio: "inherit" });
}

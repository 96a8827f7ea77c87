// `pnpm bench`: every benchmark, each reporting against a bare baseline measured in the same run.
import { runManifestBenchmark } from "./manifests.mjs";

runManifestBenchmark();

import type { Options } from "tsup";

/**
 * How every action is bundled: one self-contained ESM file the runner executes as is, every
 * dependency bundled, workspace packages taken from their sources, nothing machine-specific in the
 * output, so rebuilding gives the same bytes (CI compares them with the committed dist/).
 */
export function actionBundle(entry = "src/main.ts"): Options {
  return {
    entry: { index: entry },
    outDir: "dist",
    format: ["esm"],
    platform: "node",
    target: "node20",
    bundle: true,
    noExternal: [/.*/],
    splitting: false,
    sourcemap: false,
    dts: false,
    clean: true,
    minify: false,
    esbuildOptions(options) {
      options.conditions = ["source"];
      // Bundled CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
      options.banner = {
        js: 'import { createRequire as __bulwarkCreateRequire } from "node:module"; const require = __bulwarkCreateRequire(import.meta.url);',
      };
    },
  };
}

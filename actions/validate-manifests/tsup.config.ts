import { defineConfig } from "tsup";

// One self-contained file the runner executes as is: every dependency bundled, workspace packages
// taken from their sources, nothing machine-specific in the output, so rebuilding gives the same bytes.
export default defineConfig({
  entry: { index: "src/main.ts" },
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
});

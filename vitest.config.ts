import { defineConfig } from "vitest/config";

// Tests import workspace packages from their TypeScript sources (the "source" export condition),
// so `vitest` needs no build; the end-to-end tests run the committed bundles instead.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "actions/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Imports its JSON schemas without import attributes, which only a bundler accepts: pre-bundle it.
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: ["@actions/workflow-parser", "@actions/workflow-parser/actions/index"],
        },
      },
    },
  },
});

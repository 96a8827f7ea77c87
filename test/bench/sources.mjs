// Loads the TypeScript sources (and test support) through Vite, from vitest, as the tests load
// them, so a benchmark needs no build.
import { join } from "node:path";
import { createViteServer as createServer } from "vitest/node";

/** `load(path)` imports a file of the repository; `close()` ends the loader. */
export async function sourceLoader(repo) {
  const vite = await createServer({
    root: repo,
    configFile: false,
    logLevel: "error",
    appType: "custom",
    server: { middlewareMode: true, hmr: false, ws: false },
    resolve: { conditions: ["source"] },
    ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  return { load: (path) => vite.ssrLoadModule(join(repo, path)), close: () => vite.close() };
}

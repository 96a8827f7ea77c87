import { globMatcher } from "./glob.js";
import type { BulwarkConfig } from "./types.js";

/**
 * Whether a file (path relative to the scan root, forward slashes) is to be checked: it matches an
 * include glob (or there are none) and no exclude glob. Adapters apply it while walking directories.
 */
export function pathFilter(
  config: Pick<BulwarkConfig, "include" | "exclude">,
): (relativePath: string) => boolean {
  const included = config.include.length > 0 ? globMatcher(config.include) : () => true;
  const excluded = config.exclude.length > 0 ? globMatcher(config.exclude) : () => false;
  return (relativePath) => included(relativePath) && !excluded(relativePath);
}

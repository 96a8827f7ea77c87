import { globMatcher } from "./glob.js";
import type { BulwarkConfig } from "./types.js";

/**
 * What a directory walk looks for. `paths.include` names where manifests are (`deploy/**`); Dockerfiles
 * are recognised by their names, so include globs written for manifests never hide them. `paths.exclude`
 * applies to both.
 */
export type PathKind = "manifests" | "dockerfiles";

/**
 * Whether a file (path relative to the scan root, forward slashes) is to be checked: it matches no
 * exclude glob and, for manifests, an include glob (or there are none). Adapters apply it while walking
 * directories.
 */
export function pathFilter(
  config: Pick<BulwarkConfig, "include" | "exclude">,
  kind: PathKind,
): (relativePath: string) => boolean {
  const included =
    kind === "manifests" && config.include.length > 0 ? globMatcher(config.include) : () => true;
  const excluded = config.exclude.length > 0 ? globMatcher(config.exclude) : () => false;
  return (relativePath) => included(relativePath) && !excluded(relativePath);
}

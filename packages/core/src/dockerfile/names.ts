/**
 * Where adapters look for Dockerfiles. The patterns are relative to the scan root; `isDockerfileName`
 * says the same for one path, so walking a tree and globbing agree.
 */
export const DOCKERFILE_GLOBS: readonly string[] = [
  "**/Dockerfile",
  "**/*.Dockerfile",
  "**/Dockerfile.*",
  "**/Containerfile",
  "**/*.Containerfile",
  "**/Containerfile.*",
];

/** Dockerfile names people use: `Dockerfile`, `api.Dockerfile`, `Dockerfile.prod`, `Containerfile`. */
export function isDockerfileName(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /^(?:Dockerfile|Containerfile)(?:\.[^/]+)?$|^[^/]+\.(?:Dockerfile|Containerfile)$/.test(name);
}

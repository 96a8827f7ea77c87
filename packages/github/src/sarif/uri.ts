import type { SarifArtifactLocationInput, SarifRunInput } from "./shape.js";

/** Where a result is in the repository, or why it cannot be placed there and must not be posted. */
export type RepositoryPath = { path: string } | { refused: string };

/**
 * Characters a URI reference may hold (RFC 3986), plus visible non-ASCII (tools write IRIs). Spaces,
 * backslashes, control and formatting characters (bidirectional overrides) and stray `%` are
 * refused: GitHub's code scanning refuses such URIs too.
 */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2}|[^\p{ASCII}\p{C}\p{Z}])*$/u;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** How deep `uriBaseId` chains may go: a cycle in `originalUriBaseIds` must not hang ingestion. */
const MAX_BASE_DEPTH = 8;

/**
 * The repository path of a result's artifact location, resolved the way SARIF defines it: the URI
 * (or the run's `artifacts[index]` it points to) against its `uriBaseId`, through the run's
 * `originalUriBaseIds`, then percent-decoded. `root` is the repository's `file:` URL (ending in "/").
 *
 * A result whose file is not under the repository is refused: absolute paths elsewhere, `..` that
 * climbs out, other schemes. A base with no URI (CodeQL's `%SRCROOT%`) stands for the repository
 * root, and so does an absolute base outside the workspace: it is where the tool ran on another
 * machine, and paths below it are still relative to the checkout.
 */
export function repositoryPath(
  location: SarifArtifactLocationInput,
  run: SarifRunInput,
  root: URL,
): RepositoryPath {
  const artifact = location.index !== undefined ? run.artifacts?.[location.index]?.location : undefined;
  const uri = location.uri ?? artifact?.uri;
  if (uri === undefined || uri === null) return { refused: "the result names no file" };
  if (!URI_REFERENCE.test(uri)) return { refused: `${JSON.stringify(uri)} is not a valid URI reference` };
  const base = baseDirectory(location.uriBaseId ?? artifact?.uriBaseId, run, root, 0);
  if ("refused" in base) return base;
  const target = new URL(uri, base.url);
  return relativeTo(root, target, uri);
}

function baseDirectory(
  id: string | undefined | null,
  run: SarifRunInput,
  root: URL,
  depth: number,
): { url: URL } | { refused: string } {
  const entry = id ? run.originalUriBaseIds?.[id] : undefined;
  if (!entry?.uri) return { url: root };
  if (depth >= MAX_BASE_DEPTH) return { refused: `the uriBaseId ${JSON.stringify(id)} is defined in a loop` };
  if (!URI_REFERENCE.test(entry.uri))
    return { refused: `the base ${JSON.stringify(entry.uri)} is not a valid URI reference` };
  const parent = baseDirectory(entry.uriBaseId, run, root, depth + 1);
  if ("refused" in parent) return parent;
  const url = new URL(entry.uri.endsWith("/") ? entry.uri : `${entry.uri}/`, parent.url);
  const absolute = SCHEME.test(entry.uri) || entry.uri.startsWith("/");
  if (url.protocol === "file:" && !inside(root, url) && absolute && !entry.uriBaseId) return { url: root };
  return { url };
}

function relativeTo(root: URL, target: URL, uri: string): RepositoryPath {
  if (target.protocol !== "file:")
    return { refused: `${JSON.stringify(uri)} is not a file in the repository` };
  if (!inside(root, target)) {
    const absolute = SCHEME.test(uri) || uri.startsWith("/");
    return {
      refused: absolute
        ? `${JSON.stringify(uri)} is an absolute path outside the repository`
        : `${JSON.stringify(uri)} leads outside the repository with ".."`,
    };
  }
  const segments = target.pathname.slice(root.pathname.length).split("/");
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { refused: `${JSON.stringify(uri)} has a percent-encoding that is not UTF-8` };
  }
  // An encoded separator or NUL would make one segment into several, or cut the path short.
  if (decoded.some((segment) => /[/\\\0]/.test(segment) || segment === "..")) {
    return { refused: `${JSON.stringify(uri)} encodes a path separator` };
  }
  if (decoded.at(-1) === "") return { refused: `${JSON.stringify(uri)} is a directory, not a file` };
  return { path: decoded.join("/") };
}

function inside(root: URL, url: URL): boolean {
  return url.host === root.host && url.pathname.startsWith(root.pathname);
}

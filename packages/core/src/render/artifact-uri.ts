/** The uriBaseId of paths relative to the scan root, as GitHub code scanning and CodeQL name it. */
export const SOURCE_ROOT_BASE_ID = "%SRCROOT%";

export interface ArtifactUri {
  uri: string;
  uriBaseId?: string;
}

/**
 * A finding's path as a SARIF artifact location: a relative URI reference against %SRCROOT%, each
 * segment percent-encoded (spaces, `#`, `%`, non-ASCII, and `:` so that "a:b.yaml" is not read as a
 * scheme). Absolute paths, which only a caller outside the scan root produces, become `file:` URIs.
 */
export function artifactUri(path: string): ArtifactUri {
  const slashed = path.replace(/\\/g, "/");
  if (slashed.startsWith("/")) return { uri: `file://${encodePath(slashed)}` };
  if (/^[A-Za-z]:\//.test(slashed))
    return { uri: `file:///${slashed.slice(0, 2)}${encodePath(slashed.slice(2))}` };
  return { uri: encodePath(slashed.replace(/^(\.\/)+/, "")), uriBaseId: SOURCE_ROOT_BASE_ID };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function encodePath(path: string): string {
  // encodeURIComponent throws on a lone surrogate; U+FFFD keeps the rest of the path readable.
  return path.replace(LONE_SURROGATE, "\uFFFD").split("/").map(encodeURIComponent).join("/");
}

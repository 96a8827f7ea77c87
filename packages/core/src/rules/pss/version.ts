/** A Pod Security Standards version, as `pss-version: v1.N` names it. */
export interface PssVersionNumber {
  major: number;
  minor: number;
}

/**
 * The newest version whose policy the PSS rules implement; "latest" means this one. It is the newest
 * version the reference implementation defines a check revision for (the v1.37 sysctl allow-list);
 * like the reference, any newer version behaves as this one.
 */
export const LATEST_PSS_VERSION: PssVersionNumber = { major: 1, minor: 37 };

/** Parses "latest" or "v1.N"; undefined when the text is neither. */
export function parsePssVersion(text: string): PssVersionNumber | undefined {
  if (text === "latest") return LATEST_PSS_VERSION;
  const match = /^v1\.(0|[1-9]\d?)$/.exec(text);
  return match ? { major: 1, minor: Number(match[1]) } : undefined;
}

/** True when `version` is `v1.minor` or newer. */
export function atLeast(version: PssVersionNumber, minor: number): boolean {
  return version.major > 1 || version.minor >= minor;
}

/**
 * Picks what applies at `version` from revisions listed as `[first minor, value]` in increasing order:
 * the last revision that is not newer than `version`, or undefined before the first one.
 */
export function revisionAt<T>(
  version: PssVersionNumber,
  revisions: readonly (readonly [number, T])[],
): T | undefined {
  let current: T | undefined;
  for (const [since, value] of revisions) {
    if (atLeast(version, since)) current = value;
  }
  return current;
}

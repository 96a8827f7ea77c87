/** A Pod Security Standards version, as `pss-version: v1.N` names it. */
export interface PssVersionNumber {
  major: number;
  minor: number;
}

/** The newest version whose policy the PSS rules implement; "latest" means this one. */
export const LATEST_PSS_VERSION: PssVersionNumber = { major: 1, minor: 35 };

/** Parses "latest" or "v1.N"; undefined when the text is neither. */
export function parsePssVersion(text: string): PssVersionNumber | undefined {
  if (text === "latest") return LATEST_PSS_VERSION;
  const match = /^v1\.(0|[1-9]\d?)$/.exec(text);
  return match ? { major: 1, minor: Number(match[1]) } : undefined;
}

/** True when `version` is `v1.minor` or newer. */
export function atLeast(version: PssVersionNumber, minor: number): boolean {
  return version.minor >= minor;
}

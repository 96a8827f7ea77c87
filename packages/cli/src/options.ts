import {
  ConfigError,
  type FailLevel,
  isProfileName,
  PROFILES,
  type ProfileName,
  parsePssVersion,
} from "@bulwark/core";

/** Parsing of the option values the CLI and the action share, with the same messages in both. */

export const FAIL_LEVELS: readonly FailLevel[] = ["error", "warning", "note", "none"];
export const FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type OutputFormat = (typeof FORMATS)[number];

export function parseFailLevel(text: string): FailLevel {
  return oneOf("fail-level", text, FAIL_LEVELS);
}

export function parseFormat(text: string): OutputFormat {
  return oneOf("format", text, FORMATS);
}

export function parseProfile(text: string): ProfileName {
  if (isProfileName(text)) return text;
  throw new ConfigError(`Unknown profile "${text}": expected one of ${PROFILES.join(", ")}.`);
}

export function parsePssVersionOption(text: string): string {
  if (parsePssVersion(text)) return text;
  throw new ConfigError(`Invalid pss-version "${text}": expected "latest" or a version such as v1.35.`);
}

/** Paths and globs from one text: one per line or separated by commas, blanks dropped. */
export function splitPatterns(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== "");
}

function oneOf<T extends string>(option: string, text: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new ConfigError(`Invalid ${option} "${text}": expected one of ${allowed.join(", ")}.`);
}

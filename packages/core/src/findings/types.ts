/** How bad a finding is. Ordered: error > warning > note. */
export type Severity = "error" | "warning" | "note";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "note"];

/** 1-based lines and columns; the end is inclusive of the last character's line, exclusive column. */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Location extends Region {
  /** Path relative to the repository (or the scan root), with forward slashes. */
  path: string;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface Replacement {
  region: Region;
  /** The text that replaces the region (an empty region is an insertion). */
  text: string;
}

export interface Fix {
  description: string;
  replacements: Replacement[];
}

export type SuppressionKind = "inline" | "config" | "baseline";

export interface Suppression {
  kind: SuppressionKind;
  reason: string;
  /** ISO date (YYYY-MM-DD) after which the suppression no longer applies. */
  expires?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  object?: ObjectRef;
  /** Stable across unrelated edits: derived from rule, file, object and field, never from line numbers. */
  fingerprint: string;
  fix?: Fix;
  suppressed?: Suppression;
}

export function severityRank(severity: Severity): number {
  return severity === "error" ? 3 : severity === "warning" ? 2 : 1;
}

/** A fail level of "none" never fails; otherwise findings at or above the level fail. */
export type FailLevel = Severity | "none";

export function failsAt(findings: readonly Finding[], level: FailLevel): boolean {
  if (level === "none") return false;
  const threshold = severityRank(level);
  return findings.some((f) => !f.suppressed && severityRank(f.severity) >= threshold);
}

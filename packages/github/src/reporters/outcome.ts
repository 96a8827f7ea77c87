/** What a reporter did, and in sentences what it could not show and why. */
export interface ReporterOutcome {
  reporter: "check" | "pr-review" | "pr-comment";
  /** Findings (or for a sticky comment, 1 for the comment) now visible through this channel. */
  shown: number;
  notShown: string[];
  /** Earlier comments marked resolved because their finding is gone. */
  resolved?: number;
  url?: string;
}

/** Findings reported once per fingerprint: merged runs may repeat one. */
export function uniqueByFingerprint<T extends { fingerprint: string }>(findings: readonly T[]): T[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint));
}

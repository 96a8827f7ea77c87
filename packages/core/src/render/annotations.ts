import { type Finding, type Severity, severityRank } from "../findings/types.js";
import { byLocation } from "./summary.js";

/** The lines a pull request changed, per file path (relative, as findings name them). */
export type ChangedLines = ReadonlyMap<string, ReadonlySet<number>>;

export interface AnnotationOptions {
  /** How many annotations of each level to emit; GitHub shows at most 10 per level for a step. */
  maxPerLevel?: Partial<Record<Severity, number>>;
  changedLines?: ChangedLines;
}

export interface AnnotationSelection {
  /** In emission order: errors first, and within a level the findings on changed lines first. */
  annotations: Finding[];
  /** Unsuppressed findings left out by the caps: the adapter says so in one notice. */
  omitted: number;
}

const DEFAULT_MAX_PER_LEVEL: Record<Severity, number> = { error: 10, warning: 10, note: 10 };

/**
 * Chooses the findings that become workflow-command annotations. Suppressed findings never do.
 * Within each level, findings that touch a changed line come first, because that is where the
 * author is looking; the rest follow in file order until the level's cap.
 */
export function selectAnnotations(
  findings: readonly Finding[],
  options: AnnotationOptions = {},
): AnnotationSelection {
  const caps = { ...DEFAULT_MAX_PER_LEVEL, ...options.maxPerLevel };
  const changed = options.changedLines;
  const onChangedLine = (f: Finding): boolean => {
    const lines = changed?.get(f.location.path);
    if (!lines) return false;
    for (let line = f.location.startLine; line <= f.location.endLine; line++)
      if (lines.has(line)) return true;
    return false;
  };
  const candidates = findings
    .filter((f) => !f.suppressed)
    .map((finding) => ({ finding, changed: onChangedLine(finding) }))
    .sort(
      (a, b) =>
        severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
        Number(b.changed) - Number(a.changed) ||
        byLocation(a.finding, b.finding),
    );
  const used: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const annotations: Finding[] = [];
  for (const { finding } of candidates) {
    if (used[finding.severity] >= caps[finding.severity]) continue;
    used[finding.severity]++;
    annotations.push(finding);
  }
  return { annotations, omitted: candidates.length - annotations.length };
}

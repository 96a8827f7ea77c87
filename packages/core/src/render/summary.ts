import { type Finding, type Suppression, severityRank } from "../findings/types.js";

/** Counts of one report: the severities count unsuppressed findings; `suppressed` counts the rest. */
export interface FindingCounts {
  error: number;
  warning: number;
  note: number;
  suppressed: number;
  total: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, note: 0, suppressed: 0, total: findings.length };
  for (const finding of findings) {
    if (finding.suppressed) counts.suppressed++;
    else counts[finding.severity]++;
  }
  return counts;
}

/** "1 error", "3 warnings": counts people read. */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}

/** "2 errors, 1 warning, 0 notes": the headline every human-facing renderer shows. */
export function describeCounts(counts: FindingCounts): string {
  return (["error", "warning", "note"] as const).map((s) => plural(counts[s], s)).join(", ");
}

/** Reading order: by file, then position, then rule, so output is stable whatever order rules ran in. */
export function byLocation(a: Finding, b: Finding): number {
  return (
    compareText(a.location.path, b.location.path) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

/** Worst first, then reading order. */
export function bySeverityThenLocation(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || byLocation(a, b);
}

/** Code-unit order, not locale order: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "Deployment team-a/web", or "ClusterRole admin" for cluster-scoped objects. */
export function describeObject(object: NonNullable<Finding["object"]>): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ""}${object.name}`;
}

const SUPPRESSION_SOURCE: Record<Suppression["kind"], string> = {
  inline: "inline annotation",
  config: "configuration exemption",
  baseline: "baseline",
};

/** Where a suppression comes from and how long it lasts: "configuration exemption, until 2026-06-30". */
export function describeSuppression(suppression: Suppression): string {
  const until = suppression.expires ? `, until ${suppression.expires}` : "";
  return `${SUPPRESSION_SOURCE[suppression.kind]}${until}`;
}

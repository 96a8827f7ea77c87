import type { Finding } from "@bulwark/core";
import type { PullRequestDiff } from "./files.js";

/**
 * Which findings to report, as reviewdog's `-filter-mode` says it: on added lines, on any line the
 * diff shows (added or context), anywhere in a changed file, or everywhere.
 */
export type FilterMode = "added" | "diff_context" | "file" | "nofilter";

export const FILTER_MODES: readonly FilterMode[] = ["added", "diff_context", "file", "nofilter"];

export interface FilterResult {
  kept: Finding[];
  /** Outside the filter: not reported on the pull request's lines, but still counted in summaries. */
  filteredOut: Finding[];
}

export function filterFindings(
  findings: readonly Finding[],
  diff: PullRequestDiff,
  mode: FilterMode,
): FilterResult {
  const result: FilterResult = { kept: [], filteredOut: [] };
  for (const finding of findings) {
    (inFilter(finding, diff, mode) ? result.kept : result.filteredOut).push(finding);
  }
  return result;
}

/** A finding spanning several lines is in the diff when any of its lines is. */
export function inFilter(finding: Finding, diff: PullRequestDiff, mode: FilterMode): boolean {
  if (mode === "nofilter") return true;
  const file = diff.files.get(finding.location.path);
  if (!file || file.status === "removed") return false;
  if (mode === "file") return true;
  const { startLine, endLine } = finding.location;
  for (let line = startLine; line <= Math.max(startLine, endLine); line++) {
    const diffLine = file.lines.get(line);
    if (diffLine && (mode === "diff_context" || diffLine.added)) return true;
  }
  return false;
}

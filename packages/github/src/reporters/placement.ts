import type { Finding, Region } from "@bulwark/core";
import type { PullRequestDiff } from "../diff/files.js";
import type { DiffLines } from "../diff/patch.js";

/** Where a review comment goes: RIGHT-side lines of the diff, all within one hunk. */
export interface Placement {
  path: string;
  startLine: number;
  line: number;
  /** The commented lines as the fix would leave them, when the fix stays within them. */
  suggestion?: string;
}

/**
 * Places a finding's comment on the diff, or returns undefined when none of its lines is there.
 * With a fix, the comment spans the finding and the fix so that a `suggestion` can replace exactly
 * those lines; when that span leaves the diff, the comment falls back to the finding's own lines
 * (or its first line) without a suggestion.
 */
export function placeComment(finding: Finding, diff: PullRequestDiff): Placement | undefined {
  const file = diff.files.get(finding.location.path);
  if (!file) return undefined;
  const { startLine, endLine } = finding.location;
  const own: [number, number] = [startLine, Math.max(startLine, endLine)];
  const replacements = finding.fix?.replacements ?? [];
  if (replacements.length > 0) {
    const first = Math.min(own[0], ...replacements.map((r) => r.region.startLine));
    const last = Math.max(own[1], ...replacements.map((r) => lastLineOf(r.region)));
    if (withinHunk(file.lines, first, last)) {
      const suggestion = applyFix(file.lines, first, last, finding);
      if (suggestion !== undefined) return { path: file.path, startLine: first, line: last, suggestion };
    }
  }
  if (withinHunk(file.lines, own[0], own[1])) return { path: file.path, startLine: own[0], line: own[1] };
  if (file.lines.has(startLine)) return { path: file.path, startLine, line: startLine };
  return undefined;
}

/** A region that ends at column 1 of a line ends with the line break before it. */
function lastLineOf(region: Region): number {
  return region.endColumn === 1 && region.endLine > region.startLine ? region.endLine - 1 : region.endLine;
}

function withinHunk(lines: DiffLines, first: number, last: number): boolean {
  const hunk = lines.get(first)?.hunk;
  for (let line = first; line <= last; line++) {
    if (hunk === undefined || lines.get(line)?.hunk !== hunk) return false;
  }
  return true;
}

/**
 * Lines `first`..`last` with the fix's replacements applied, as the suggestion block's content.
 * Undefined when a replacement falls outside those lines, replacements overlap, or the result would
 * merge the last line with the one after it (a suggestion can only replace whole lines).
 */
function applyFix(lines: DiffLines, first: number, last: number, finding: Finding): string | undefined {
  const starts: number[] = [];
  let text = "";
  for (let line = first; line <= last; line++) {
    starts.push(text.length);
    text += `${lines.get(line)!.text}\n`;
  }
  const offset = (line: number, column: number): number | undefined => {
    if (line === last + 1 && column === 1) return text.length;
    const start = starts[line - first];
    const lineLength = (starts[line - first + 1] ?? text.length) - (start ?? 0) - 1;
    if (start === undefined || column < 1 || column > lineLength + 1) return undefined;
    return start + column - 1;
  };
  const edits = finding.fix!.replacements.map(({ region, text: replacement }) => ({
    from: offset(region.startLine, region.startColumn),
    to: offset(region.endLine, region.endColumn),
    replacement,
  }));
  edits.sort((a, b) => (b.from ?? 0) - (a.from ?? 0));
  let end = text.length;
  for (const edit of edits) {
    if (edit.from === undefined || edit.to === undefined || edit.from > edit.to || edit.to > end)
      return undefined;
    text = text.slice(0, edit.from) + edit.replacement + text.slice(edit.to);
    end = edit.from;
  }
  if (text === "") return "";
  return text.endsWith("\n") ? text.slice(0, -1) : undefined;
}

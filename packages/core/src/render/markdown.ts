import type { Finding, Severity } from "../findings/types.js";
import { escapeMarkdown } from "./markdown-escape.js";
import type { Report } from "./report.js";
import {
  bySeverityThenLocation,
  countFindings,
  describeObject,
  describeSuppression,
  plural,
} from "./summary.js";
import { truncateUtf8, utf8Length } from "./utf8.js";

/** GitHub's limit for one step's job summary; sticky comments allow less and pass their own. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

export interface MarkdownOptions {
  /** The most UTF-8 bytes the output may take; rows beyond it are left out and counted. */
  maxBytes?: number;
}

const SEVERITY_CELL: Record<Severity, string> = { error: "❌ error", warning: "⚠️ warning", note: "ℹ️ note" };

/** A run of rows under one heading; the heading is written only when at least one row is. */
interface Section {
  open: string;
  close: string;
  rows: string[];
  /** What a row is, for the line that counts the rows left out. */
  noun: string;
}

/**
 * The job summary (or sticky comment) for one report: a headline with the counts, a table of the
 * findings worst first, the suppressed findings folded away, and the notes. Every string that came
 * from the scanned files is escaped. When the whole does not fit in `maxBytes`, rows are dropped
 * from the end (notes first, then suppressed findings, then the least severe) and a closing line
 * says how many.
 */
export function renderMarkdown(
  report: Report,
  { maxBytes = JOB_SUMMARY_MAX_BYTES }: MarkdownOptions = {},
): string {
  const active = report.findings.filter((f) => !f.suppressed).sort(bySeverityThenLocation);
  const suppressed = report.findings.filter((f) => f.suppressed).sort(bySeverityThenLocation);
  const sections: Section[] = [
    {
      open: "| Severity | Location | Rule | Message | Object |\n| --- | --- | --- | --- | --- |\n",
      close: "\n",
      rows: active.map(findingRow),
      noun: "finding",
    },
    {
      open: `<details><summary>${plural(suppressed.length, "suppressed finding")}</summary>\n\n| Location | Rule | Message | Object | Suppressed by | Reason |\n| --- | --- | --- | --- | --- | --- |\n`,
      close: "\n</details>\n\n",
      rows: suppressed.map(suppressedRow),
      noun: "suppressed finding",
    },
    {
      open: "**Notes**\n\n",
      close: "\n",
      rows: report.notes.map((note) => `- ${escapeMarkdown(note)}\n`),
      noun: "note",
    },
  ];
  const head = headline(report);
  const total = sections.reduce((sum, s) => sum + s.rows.length, 0);
  const document = (keep: number) => assemble(head, sections, keep, maxBytes);
  const full = document(total);
  if (utf8Length(full) <= maxBytes) return full;
  // With a closing line present, size only grows with the rows kept: bisect for the most that fit.
  let fits = -1;
  let tooMany = total;
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (utf8Length(document(middle)) <= maxBytes) fits = middle;
    else tooMany = middle;
  }
  return fits >= 0 ? document(fits) : truncateUtf8(document(0), maxBytes);
}

function headline(report: Report): string {
  const counts = countFindings(report.findings);
  const icon = counts.error > 0 ? "❌" : counts.warning > 0 ? "⚠️" : "✅";
  const title = `${escapeMarkdown(report.tool.name)}: ${escapeMarkdown(report.category)}`;
  const tally = [
    plural(counts.error, "error"),
    plural(counts.warning, "warning"),
    plural(counts.note, "note"),
    `${counts.suppressed.toLocaleString("en-US")} suppressed`,
  ].join(", ");
  const body = counts.total === 0 ? "No findings.\n\n" : "";
  return `### ${icon} ${title}\n\n**${tally}**\n\n${body}`;
}

function findingRow(finding: Finding): string {
  return tableRow([SEVERITY_CELL[finding.severity], ...cellsOf(finding)]);
}

function suppressedRow(finding: Finding): string {
  const suppression = finding.suppressed!;
  return tableRow([
    ...cellsOf(finding),
    escapeMarkdown(describeSuppression(suppression)),
    escapeMarkdown(suppression.reason),
  ]);
}

/** Location, rule, message and object cells, escaped: all of them can come from a pull request. */
function cellsOf(finding: Finding): string[] {
  return [
    escapeMarkdown(`${finding.location.path}:${finding.location.startLine}`),
    escapeMarkdown(finding.ruleId),
    escapeMarkdown(finding.message),
    finding.object ? escapeMarkdown(describeObject(finding.object)) : "",
  ];
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(" | ")} |\n`;
}

/** The headline and the first `keep` rows, in section order, and a line counting the rest. */
function assemble(head: string, sections: readonly Section[], keep: number, maxBytes: number): string {
  let text = head;
  let left = keep;
  const omitted: string[] = [];
  for (const section of sections) {
    const shown = Math.min(left, section.rows.length);
    left -= shown;
    if (shown > 0) text += section.open + section.rows.slice(0, shown).join("") + section.close;
    if (shown < section.rows.length) omitted.push(plural(section.rows.length - shown, section.noun));
  }
  if (omitted.length > 0) {
    text += `> **Not shown:** ${joinList(omitted)}, to keep this summary within ${formatLimit(maxBytes)}.\n`;
  }
  return text;
}

function joinList(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");
}

function formatLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  const kib = bytes / 1024;
  return Number.isInteger(mib) ? `${mib} MiB` : Number.isInteger(kib) ? `${kib} KiB` : plural(bytes, "byte");
}

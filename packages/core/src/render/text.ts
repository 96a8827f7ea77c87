import type { Finding, Severity } from "../findings/types.js";
import type { Report } from "./report.js";
import { oneLine } from "./sanitize.js";
import {
  byLocation,
  countFindings,
  describeCounts,
  describeObject,
  describeSuppression,
  plural,
} from "./summary.js";

export interface TextOptions {
  /** ANSI colours, for a terminal that shows them. */
  color?: boolean;
}

type Style = (text: string) => string;

const ANSI = { red: 31, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;

function styles(color: boolean): Record<Severity | "bold" | "dim", Style> {
  const sgr = (code: number): Style => (color ? (text) => `\u001b[${code}m${text}\u001b[0m` : (text) => text);
  return {
    error: sgr(ANSI.red),
    warning: sgr(ANSI.yellow),
    note: sgr(ANSI.cyan),
    bold: sgr(ANSI.bold),
    dim: sgr(ANSI.dim),
  };
}

/**
 * Terminal output in the shape compilers use, so editors and terminals make the locations
 * clickable: `path:line:col severity rule-id message (Kind namespace/name)`, in file order, then the
 * suppressed findings with their reasons, the notes, and a closing count. Strings from the scanned
 * files are kept to one line with control characters made visible: they must not drive the terminal.
 */
export function renderText(report: Report, { color = false }: TextOptions = {}): string {
  const style = styles(color);
  const line = (finding: Finding): string => {
    const { path, startLine, startColumn } = finding.location;
    const object = finding.object ? ` ${style.dim(`(${oneLine(describeObject(finding.object))})`)}` : "";
    return `${style.bold(`${oneLine(path)}:${startLine}:${startColumn}`)} ${style[finding.severity](finding.severity)} ${style.dim(oneLine(finding.ruleId))} ${oneLine(finding.message)}${object}`;
  };
  const active = report.findings.filter((f) => !f.suppressed).sort(byLocation);
  const suppressed = report.findings.filter((f) => f.suppressed).sort(byLocation);
  const out = active.map(line);
  if (suppressed.length > 0) {
    out.push("", `Suppressed (${suppressed.length}):`);
    for (const finding of suppressed) {
      const suppression = finding.suppressed!;
      out.push(
        `  ${line(finding)} ${style.dim(`[${describeSuppression(suppression)}: ${oneLine(suppression.reason)}]`)}`,
      );
    }
  }
  if (report.notes.length > 0)
    out.push("", ...report.notes.map((note) => `${style.dim("note:")} ${oneLine(note)}`));
  const counts = countFindings(report.findings);
  const worst: Severity | undefined = counts.error
    ? "error"
    : counts.warning
      ? "warning"
      : counts.note
        ? "note"
        : undefined;
  const summary =
    counts.total === 0
      ? "No findings."
      : `${plural(counts.error + counts.warning + counts.note, "finding")}: ${describeCounts(counts)}; ${counts.suppressed} suppressed.`;
  if (out.length > 0) out.push("");
  out.push(worst ? style[worst](summary) : summary);
  return `${out.join("\n")}\n`;
}

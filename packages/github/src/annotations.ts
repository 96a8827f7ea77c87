import type { Finding, Severity } from "@bulwark/core";
import { formatCommand } from "./commands.js";

const LEVEL: Record<Severity, string> = { error: "error", warning: "warning", note: "notice" };

/** One finding as a workflow-command annotation at its file, line and column. */
export function formatAnnotation(finding: Finding): string {
  const { location } = finding;
  return formatCommand(
    LEVEL[finding.severity],
    {
      file: location.path,
      line: location.startLine,
      col: location.startColumn,
      endLine: location.endLine,
      endColumn: location.endColumn,
      title: `Bulwark ${finding.ruleId}`,
    },
    finding.message,
  );
}

/**
 * The chosen findings as annotations, then one notice counting the ones left out: the runner shows
 * only a few annotations per step, and the rest are in the summary and in code scanning.
 */
export function annotationCommands(chosen: readonly Finding[], omitted: number): string[] {
  const lines = chosen.map(formatAnnotation);
  if (omitted > 0) {
    const more = `${omitted} more finding${omitted === 1 ? "" : "s"} not annotated here: see the job summary and the SARIF report.`;
    lines.push(formatCommand("notice", { title: "Bulwark" }, more));
  }
  return lines;
}

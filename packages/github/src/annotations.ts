import { type ChangedLines, type Finding, type Severity, selectAnnotations } from "@bulwark/core";
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

/** What one step annotates: the runner shows 10 of each level; notes stay in the summary. */
export const ANNOTATIONS_PER_LEVEL: Record<Severity, number> = { error: 10, warning: 10, note: 0 };

/** Writes the findings worth annotating (errors first, changed lines first) and the notice counting the rest. */
export function annotateFindings(
  findings: readonly Finding[],
  write: (line: string) => void,
  changedLines?: ChangedLines,
): void {
  const { annotations, omitted } = selectAnnotations(findings, {
    maxPerLevel: ANNOTATIONS_PER_LEVEL,
    ...(changedLines ? { changedLines } : {}),
  });
  for (const line of annotationCommands(annotations, omitted)) write(line);
}

import type { Report } from "@bulwark/core";
import type { OutputFormat } from "./options.js";

/** The report in the format the user asked for. */
export function renderReport(report: Report, format: OutputFormat, options: { color: boolean }): string {
  void options;
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  return report.findings
    .map(
      (f) =>
        `${f.location.path}:${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.ruleId} ${f.message}\n`,
    )
    .join("");
}

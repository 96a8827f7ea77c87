import type { Finding } from "../findings/types.js";
import type { Report } from "./report.js";
import { byLocation, countFindings, type FindingCounts } from "./summary.js";

/** Bumped whenever a field changes meaning or disappears; new optional fields keep the version. */
export const JSON_REPORT_VERSION = 1;

/** The machine-readable report: what `--format json` prints. Keys and order are stable. */
export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  tool: { name: string; version: string };
  category: string;
  /** error/warning/note count unsuppressed findings; suppressed counts the rest; total counts all. */
  summary: FindingCounts;
  /** Sorted by file, position and rule; suppressed findings included, with `suppressed` set. */
  findings: JsonFinding[];
  notes: string[];
}

/** A finding as the JSON report writes it: the fields of `Finding`, in a fixed order. */
export type JsonFinding = Finding;

/** The report as versioned JSON, two-space indented, ending in a newline. */
export function renderJson(report: Report): string {
  const json: JsonReport = {
    version: JSON_REPORT_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    category: report.category,
    summary: countFindings(report.findings),
    findings: [...report.findings].sort(byLocation).map(jsonFinding),
    notes: [...report.notes],
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Only the documented fields, in a fixed order, whatever else a finding object carries. */
function jsonFinding(finding: Finding): JsonFinding {
  const { path, startLine, startColumn, endLine, endColumn } = finding.location;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    location: { path, startLine, startColumn, endLine, endColumn },
    ...(finding.object ? { object: finding.object } : {}),
    fingerprint: finding.fingerprint,
    ...(finding.fix ? { fix: finding.fix } : {}),
    ...(finding.suppressed ? { suppressed: finding.suppressed } : {}),
  };
}

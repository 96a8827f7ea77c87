import type { Finding } from "../findings/types.js";
import type { RuleMeta } from "../rules/types.js";

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

/**
 * What every renderer takes: the findings of one tool run and the rules behind them. Manifest
 * validation and the base-image check each produce one; SARIF writes one run per report.
 */
export interface Report {
  tool: ToolInfo;
  /** Distinguishes runs of the same tool (SARIF automation id, code-scanning category). */
  category: string;
  findings: Finding[];
  /** Metadata of every rule that ran, so viewers can explain each finding. */
  rules: readonly RuleMeta[];
  /** What was not checked or is worth knowing (skipped documents, offline mode), said rather than dropped. */
  notes: string[];
  /**
   * The absolute `file:` URI (ending in "/") of the directory finding paths are relative to, when the
   * adapter knows it; SARIF records it as the %SRCROOT% base.
   */
  sourceRoot?: string;
}

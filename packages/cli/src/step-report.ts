import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  ConfigError,
  countFindings,
  describeCounts,
  type FailLevel,
  failsAt,
  type Report,
  renderMarkdown,
} from "@bulwark/core";
import {
  type AnnotateStepOptions,
  annotateFindings,
  annotateStep,
  appendStepSummary,
  type Logger,
  type RunnerEnvironment,
  stepSummaryBudget,
  writeOutputs,
} from "@bulwark/github";
import { renderReport } from "./render.js";

export interface StepReportOptions {
  runner: RunnerEnvironment;
  /** Where the SARIF report goes, relative to the workspace. */
  sarifFile: string;
  failLevel: FailLevel;
  /** Where workflow commands (annotations) go: the step's standard output. */
  write: (line: string) => void;
  logger: Logger;
  /** Outputs of this action besides the counts and the SARIF path. */
  outputs?: Record<string, string | number>;
  /** The action's `annotate` and `github-token` inputs: the report also on the pull request. */
  annotate?: Pick<AnnotateStepOptions, "reporters" | "token" | "env">;
}

export interface StepReport {
  /** Absolute path of the SARIF report. */
  sarifFile: string;
  /** Why the step fails at its fail level, or undefined when it passes. */
  failure?: string;
}

/**
 * Reports a run through every channel a step has, the same way for every checking action: the SARIF
 * report (always written, also without findings), the job summary within GitHub's size limit, capped
 * annotations, the counts as outputs, the pull request when `annotate` asks for it, and whether the
 * findings reach the fail level.
 */
export async function reportStep(report: Report, options: StepReportOptions): Promise<StepReport> {
  const { runner, logger } = options;
  const sarifFile = resolve(runner.workspace, options.sarifFile);
  await mkdir(dirname(sarifFile), { recursive: true });
  await writeFile(sarifFile, renderReport(report, "sarif", { color: false }), "utf8");
  if (runner.summaryFile) {
    const budget = stepSummaryBudget(runner.summaryFile);
    appendStepSummary(runner.summaryFile, renderMarkdown(report, { maxBytes: budget }));
  }
  annotateFindings(report.findings, options.write);

  const counts = countFindings(report.findings);
  const outputs = {
    errors: counts.error,
    warnings: counts.warning,
    notes: counts.note,
    suppressed: counts.suppressed,
    findings: counts.error + counts.warning + counts.note,
    "sarif-file": sarifFile,
    ...options.outputs,
  };
  if (runner.outputFile) writeOutputs(runner.outputFile, outputs);
  else logger.warning("GITHUB_OUTPUT is not set: the step outputs were not written.");

  logger.info(`Bulwark: ${describeCounts(counts)}, ${counts.suppressed} suppressed. SARIF: ${sarifFile}`);
  if (options.annotate) {
    await annotateStep(report, {
      ...options.annotate,
      failLevel: options.failLevel,
      write: options.write,
      logger,
    });
  }
  if (!failsAt(report.findings, options.failLevel)) return { sarifFile };
  return {
    sarifFile,
    failure: `Bulwark found ${describeCounts(counts)} (fail-level: ${options.failLevel}).`,
  };
}

/** What a step that threw says: a ConfigError is the user's to fix; anything else is ours, with its stack. */
export function stepFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  return `Internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

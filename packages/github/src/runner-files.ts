import { randomUUID } from "node:crypto";
import { appendFileSync, statSync } from "node:fs";
import { JOB_SUMMARY_MAX_BYTES } from "@bulwark/core";

/**
 * One `name<<delimiter` block per output, the runner's multi-line syntax. The delimiter is random and
 * checked against the value, so no value can end its block early and smuggle in another output.
 */
export function formatOutputs(outputs: Record<string, string | number>): string {
  let text = "";
  for (const [name, raw] of Object.entries(outputs)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name))
      throw new Error(`invalid output name ${JSON.stringify(name)}`);
    const value = String(raw);
    let delimiter = `ghadelimiter_${randomUUID()}`;
    while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return text;
}

/** Appends step outputs to the file the runner names in `GITHUB_OUTPUT`. */
export function writeOutputs(file: string, outputs: Record<string, string | number>): void {
  appendFileSync(file, formatOutputs(outputs), "utf8");
}

/**
 * How many bytes the step summary can still take: GitHub drops a summary over its limit entirely,
 * and what this step already wrote counts against it.
 */
export function stepSummaryBudget(file: string): number {
  let used = 0;
  try {
    used = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return Math.max(0, JOB_SUMMARY_MAX_BYTES - used);
}

/**
 * Appends Markdown to the job summary (`GITHUB_STEP_SUMMARY`). The caller renders within
 * `stepSummaryBudget`; this refuses to go past GitHub's limit rather than have the whole summary dropped.
 */
export function appendStepSummary(file: string, markdown: string): void {
  const bytes = Buffer.byteLength(markdown, "utf8");
  const budget = stepSummaryBudget(file);
  if (bytes > budget) {
    throw new Error(
      `a step summary of ${bytes} bytes does not fit in the ${budget} bytes GitHub still accepts`,
    );
  }
  appendFileSync(file, markdown, "utf8");
}

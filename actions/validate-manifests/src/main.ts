import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import * as core from "@actions/core";
import {
  ConfigError,
  countFindings,
  describeCounts,
  failsAt,
  renderMarkdown,
  renderSarif,
} from "@bulwark/core";
import {
  actionsLogger,
  annotateFindings,
  appendStepSummary,
  runnerEnvironment,
  stepSummaryBudget,
  writeOutputs,
} from "@bulwark/github";
import {
  loadConfig,
  parseFailLevel,
  parseProfile,
  parsePssVersionOption,
  readBaseline,
  renderReport,
  splitPatterns,
  validateWorkspace,
} from "bulwark";

/** Reads the inputs, validates the workspace, and reports through every channel the runner offers. */
async function run(): Promise<void> {
  const runner = runnerEnvironment(process.env, process.cwd());
  const input = (name: string) => core.getInput(name);
  const failLevel = parseFailLevel(input("fail-level") || "error");
  const { config } = await loadConfig({
    cwd: runner.workspace,
    path: input("config") || undefined,
    profile: input("profile") ? parseProfile(input("profile")) : undefined,
    pssVersion: input("pss-version") ? parsePssVersionOption(input("pss-version")) : undefined,
  });
  const { report } = await validateWorkspace({
    paths: splitPatterns(input("paths") || "."),
    root: runner.workspace,
    config,
    baseline: input("baseline") ? await readBaseline(runner.workspace, input("baseline")) : undefined,
    logger: actionsLogger,
  });

  const sarifFile = resolve(runner.workspace, input("sarif-file") || "bulwark-manifests.sarif");
  await mkdir(dirname(sarifFile), { recursive: true });
  await writeFile(sarifFile, renderReport(report, "sarif", { color: false }), "utf8");
  if (runner.summaryFile) {
    const budget = stepSummaryBudget(runner.summaryFile);
    appendStepSummary(runner.summaryFile, renderMarkdown(report, { maxBytes: budget }));
  }
  annotateFindings(report.findings, (line) => process.stdout.write(`${line}\n`));

  const counts = countFindings(report.findings);
  const outputs = {
    errors: counts.error,
    warnings: counts.warning,
    notes: counts.note,
    suppressed: counts.suppressed,
    findings: counts.error + counts.warning + counts.note,
    "sarif-file": sarifFile,
  };
  if (runner.outputFile) writeOutputs(runner.outputFile, outputs);
  else core.warning("GITHUB_OUTPUT is not set: the step outputs were not written.");

  core.info(`Bulwark: ${describeCounts(counts)}, ${counts.suppressed} suppressed. SARIF: ${sarifFile}`);
  if (failsAt(report.findings, failLevel)) {
    core.setFailed(`Bulwark found ${describeCounts(counts)} (fail-level: ${failLevel}).`);
  }
}

run().catch((error: unknown) => {
  if (error instanceof ConfigError) core.setFailed(error.message);
  else
    core.setFailed(
      `Internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
});

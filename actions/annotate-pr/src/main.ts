import * as core from "@actions/core";
import { ConfigError } from "@bulwark/core";
import {
  actionsLogger,
  annotate,
  loadSarif,
  parseByteSize,
  parseFilterMode,
  parsePullNumber,
  parseReporters,
  runnerEnvironment,
  writeOutputs,
} from "@bulwark/github";
import { parseFailLevel } from "bulwark";

/** Reads SARIF files from any tool and reports their findings on the pull request the event is for. */
async function run(): Promise<void> {
  const runner = runnerEnvironment(process.env, process.cwd());
  const input = (name: string) => core.getInput(name);
  const token = input("github-token");
  if (token) core.setSecret(token);
  const ingested = await loadSarif(core.getMultilineInput("sarif"), {
    workspace: runner.workspace,
    maxBytes: parseByteSize(input("max-sarif-size") || "10 MiB", "max-sarif-size"),
  });
  if (ingested.skipped.length > 0) {
    core.warning(
      `${ingested.skipped.length} SARIF result(s) not reported: their file is not in the repository (see the job summary).`,
    );
  }
  const result = await annotate(ingested.findings, {
    reporters: parseReporters(input("reporter")),
    category: input("category") || "annotate-pr",
    tool: ingested.tool,
    notes: ingested.notes,
    filterMode: parseFilterMode(input("filter-mode") || "added"),
    failLevel: parseFailLevel(input("fail-level") || "none"),
    env: process.env,
    token: token || undefined,
    pullNumber: parsePullNumber(input("pull-request-number")),
    write: (line) => process.stdout.write(`${line}\n`),
    logger: actionsLogger,
  });
  const outputs = {
    total: result.total,
    shown: result.shown,
    filtered: result.filtered,
    skipped: ingested.skipped.length,
    fallback: result.fallback ?? "",
  };
  if (runner.outputFile) writeOutputs(runner.outputFile, outputs);
  core.info(
    `Bulwark: ${result.total} finding(s) from ${ingested.files.length} SARIF file(s); ${result.shown} shown at their line, ${result.filtered} outside the filter.`,
  );
  if (result.failed) core.setFailed(`Findings at or above the fail level (${input("fail-level")}).`);
}

run().catch((error: unknown) => {
  if (error instanceof ConfigError) core.setFailed(error.message);
  else
    core.setFailed(
      `Internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
});

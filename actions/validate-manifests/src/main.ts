import * as core from "@actions/core";
import { actionsLogger, runnerEnvironment } from "@bulwark/github";
import {
  loadConfig,
  parseFailLevel,
  parseProfile,
  parsePssVersionOption,
  readBaseline,
  reportStep,
  splitPatterns,
  stepFailure,
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
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const { failure } = await reportStep(report, {
    runner,
    sarifFile: input("sarif-file") || "bulwark-manifests.sarif",
    failLevel,
    write,
    logger: actionsLogger,
    annotate: { reporters: input("annotate"), token: input("github-token"), env: process.env },
  });
  if (failure) core.setFailed(failure);
}

run().catch((error: unknown) => core.setFailed(stepFailure(error)));

import * as core from "@actions/core";
import { ConfigError } from "@bulwark/core";
import { actionsLogger, maskSecret, runnerEnvironment } from "@bulwark/github";
import {
  checkBaseImages,
  loadConfig,
  parseBuildArgs,
  parseFailLevel,
  parseSeconds,
  readBaseline,
  registryAccess,
  reportStep,
  splitBuildArgLines,
  splitPatterns,
  stepFailure,
} from "bulwark";

const write = (line: string) => process.stdout.write(`${line}\n`);

/** Reads the inputs, checks the Dockerfiles' base images, and reports through every channel the runner offers. */
async function run(): Promise<void> {
  const runner = runnerEnvironment(process.env, process.cwd());
  const input = (name: string) => core.getInput(name);
  const secret = (name: string) => {
    const value = input(name);
    if (value) maskSecret(value, write);
    return value;
  };
  const flag = (name: string) => {
    try {
      return core.getBooleanInput(name);
    } catch (error) {
      throw new ConfigError(`Invalid ${name}: ${(error as Error).message}`);
    }
  };
  const failLevel = parseFailLevel(input("fail-level") || "error");
  const loaded = await loadConfig({ cwd: runner.workspace, path: input("config") || undefined });
  const token = secret("github-token");
  const password = secret("registry-password");
  const registry = flag("offline")
    ? undefined
    : await registryAccess({
        env: { ...process.env, GITHUB_TOKEN: token || process.env.GITHUB_TOKEN },
        login: input("registry")
          ? { registry: input("registry"), username: input("registry-username"), password }
          : undefined,
        timeoutMs: parseSeconds("timeout", input("timeout") || "60"),
        deadlineMs: parseSeconds("deadline", input("deadline") || "600"),
        platform: input("platform") || undefined,
        trustedRoot: input("trusted-root") || undefined,
        ignoreTlog: flag("insecure-ignore-tlog"),
        cwd: runner.workspace,
        configPath: loaded.path,
        logger: actionsLogger,
      });
  const { report, resolutions } = await checkBaseImages({
    paths: splitPatterns(input("paths") || "."),
    root: runner.workspace,
    config: loaded.config,
    buildArgs: parseBuildArgs(splitBuildArgLines(input("build-args"))),
    registry,
    target: input("target") || undefined,
    baseline: input("baseline") ? await readBaseline(runner.workspace, input("baseline")) : undefined,
    logger: actionsLogger,
  });
  const { failure } = await reportStep(report, {
    runner,
    sarifFile: input("sarif-file") || "bulwark-base-images.sarif",
    failLevel,
    write,
    logger: actionsLogger,
    outputs: { images: resolutions },
    annotate: { reporters: input("annotate"), token, env: process.env },
  });
  if (failure) core.setFailed(failure);
}

run().catch((error: unknown) => core.setFailed(stepFailure(error)));

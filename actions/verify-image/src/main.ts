import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import * as core from "@actions/core";
import { ConfigError, renderSarif } from "@bulwark/core";
import {
  actionsLogger,
  annotateStep,
  appendStepSummary,
  maskSecret,
  runnerEnvironment,
  stepSummaryBudget,
  writeOutputs,
} from "@bulwark/github";
import {
  actionFailure,
  actionRegistryClient,
  GITHUB_CLAIM_OPTIONS,
  keyFromInput,
  parseBoolean,
  predicateType,
  signerPolicy,
  splitPatterns,
  verificationMarkdown,
  verificationReport,
  verifyImagesWithPolicy,
  workflowLocator,
} from "bulwark";

/** Reads the inputs, verifies each image, and reports through the summary, the outputs and SARIF. */
async function run(): Promise<void> {
  const input = (name: string) => core.getInput(name);
  for (const secret of ["registry-password", "github-token"]) {
    maskSecret(input(secret), (line) => process.stdout.write(`${line}\n`));
  }
  const runner = runnerEnvironment(process.env, process.cwd());
  const images = splitPatterns(input("images"));
  if (images.length === 0) throw new ConfigError("The images input names no image.");
  const signer = signerPolicy({
    ...(input("key") ? { key: await keyFromInput(input("key"), runner.workspace, "public key") } : {}),
    "certificate-identity": input("certificate-identity"),
    "certificate-identity-regexp": input("certificate-identity-regexp"),
    "certificate-oidc-issuer": input("certificate-oidc-issuer"),
    "certificate-oidc-issuer-regexp": input("certificate-oidc-issuer-regexp"),
    github: Object.fromEntries(Object.keys(GITHUB_CLAIM_OPTIONS).map((name) => [name, input(name)])),
  });
  const outcomes = await verifyImagesWithPolicy({
    images,
    signer,
    trust: {
      ...(input("trusted-root") ? { file: input("trusted-root") } : {}),
      cwd: runner.workspace,
      offline: parseBoolean("offline", input("offline") || "false"),
      logger: actionsLogger,
    },
    ignoreTlog: parseBoolean("insecure-ignore-tlog", input("insecure-ignore-tlog") || "false"),
    requiredAttestations: splitPatterns(input("attestation-types")).map(predicateType),
    client: await actionRegistryClient({
      images,
      registry: input("registry"),
      username: input("registry-username"),
      password: input("registry-password"),
      githubToken: input("github-token"),
      env: process.env,
    }),
    logger: actionsLogger,
  });

  const report = verificationReport(
    outcomes,
    workflowLocator(process.env.GITHUB_WORKFLOW_REF, runner.workspace),
  );
  const sarifFile = resolve(runner.workspace, input("sarif-file") || "bulwark-images.sarif");
  await mkdir(dirname(sarifFile), { recursive: true });
  await writeFile(sarifFile, `${JSON.stringify(renderSarif([report]), null, 2)}\n`, "utf8");
  if (runner.summaryFile) {
    appendStepSummary(
      runner.summaryFile,
      verificationMarkdown(outcomes, stepSummaryBudget(runner.summaryFile)),
    );
  }

  const failed = outcomes.filter((outcome) => outcome.status === "failed");
  const outputs = {
    results: JSON.stringify(outcomes),
    verified: outcomes.length - failed.length,
    failed: failed.length,
    "sarif-file": sarifFile,
  };
  if (runner.outputFile) writeOutputs(runner.outputFile, outputs);
  else core.warning("GITHUB_OUTPUT is not set: the step outputs were not written.");
  for (const outcome of failed) core.error(`${outcome.image}: ${outcome.reason}`);
  await annotateStep(report, {
    reporters: input("annotate"),
    token: input("github-token"),
    failLevel: "error",
    env: process.env,
    write: (line) => process.stdout.write(`${line}\n`),
    logger: actionsLogger,
  });
  if (failed.length > 0)
    core.setFailed(`${failed.length} of ${outcomes.length} image(s) failed verification.`);
  else core.info(`All ${outcomes.length} image(s) verified.`);
}

run().catch((error: unknown) => core.setFailed(actionFailure(error)));

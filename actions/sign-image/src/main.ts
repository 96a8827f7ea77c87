import { join } from "node:path";
import * as core from "@actions/core";
import { ConfigError } from "@bulwark/core";
import { actionsLogger, maskSecret, runnerEnvironment, writeOutputs } from "@bulwark/github";
import {
  actionFailure,
  actionRegistryClient,
  attestationsFromLines,
  githubProvenanceAttestation,
  identityTokenSource,
  keyFromInput,
  parseBoolean,
  parseStorageFormat,
  signImages,
  signingMethod,
  splitPatterns,
} from "bulwark";

const mask = (secret: string) => maskSecret(secret, (line) => process.stdout.write(`${line}\n`));

/** Reads the inputs, signs and attests each image, and reports what was stored where. */
async function run(): Promise<void> {
  const input = (name: string) => core.getInput(name);
  for (const secret of ["key", "key-password", "registry-password", "github-token"]) mask(input(secret));
  const runner = runnerEnvironment(process.env, process.cwd());
  const images = splitPatterns(input("images"));
  if (images.length === 0) throw new ConfigError("The images input names no image.");
  const format = parseStorageFormat(input("format") || "bundle");
  const attestations = await attestationsFromLines(input("attestations"), runner.workspace);
  if (parseBoolean("provenance", input("provenance") || "false")) {
    attestations.push(githubProvenanceAttestation(process.env));
  }
  const identityToken = identityTokenSource({ env: process.env, onToken: mask });
  const method = signingMethod({
    ...(input("key") ? { key: await keyFromInput(input("key"), runner.workspace, "signing key") } : {}),
    ...(input("key-password") ? { keyPassword: input("key-password") } : {}),
    passwordHint: "Give key-password.",
    ...(identityToken ? { identityToken } : {}),
    tlogUpload: parseBoolean("tlog-upload", input("tlog-upload") || "true"),
    fulcioURL: input("fulcio-url") || undefined,
    rekorURL: input("rekor-url") || undefined,
    tsaURL: input("tsa-url") || undefined,
  });
  const client = await actionRegistryClient({
    images,
    registry: input("registry"),
    username: input("registry-username"),
    password: input("registry-password"),
    githubToken: input("github-token"),
    env: process.env,
  });
  const signed = await signImages({
    images,
    method,
    format,
    sign: true,
    attestations,
    client,
    bundleDir: join(process.env.RUNNER_TEMP || runner.workspace, "bulwark-bundles"),
    logger: actionsLogger,
  });

  const entries = signed.flatMap((image) => image.entries);
  for (const image of signed) {
    core.info(`Signed ${image.reference}${image.tag ? ` (tag ${image.tag} resolved to its digest)` : ""}.`);
  }
  const outputs = {
    digests: signed.map((image) => image.reference).join("\n"),
    "bundle-paths": [...new Set(entries.flatMap((entry) => entry.bundlePath ?? []))].join("\n"),
    "tlog-indexes": entries.flatMap((entry) => entry.tlogIndexes).join("\n"),
    results: JSON.stringify(signed),
  };
  if (runner.outputFile) writeOutputs(runner.outputFile, outputs);
  else core.warning("GITHUB_OUTPUT is not set: the step outputs were not written.");
}

run().catch((error: unknown) => core.setFailed(actionFailure(error)));

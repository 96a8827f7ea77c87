import {
  type BaseImageFacts,
  type Baseline,
  type BulwarkConfig,
  baseImageTargets,
  checkDockerfiles,
  DOCKERFILE_INPUT_RULES,
  type DockerfileCheckResult,
  plural,
  type Report,
} from "@bulwark/core";
import type { Logger } from "@bulwark/github";
import { BaseImageFactsCollector, type RegistryClient } from "@bulwark/oci";
import {
  addSignatureFacts,
  attestationBundleVerifier,
  type BaseImageSignatureOptions,
} from "@bulwark/sigstore";
import { collectFiles, DOCKERFILES } from "../collect.js";
import { TOOL } from "../validate.js";
import type { RunDeadline } from "./deadline.js";

/** The code-scanning category of Dockerfile findings: one SARIF run per category. */
export const BASE_IMAGE_CATEGORY = "bulwark-base-images";

/** What every output says first when the registry was not asked. */
export const OFFLINE_NOTE =
  "OFFLINE CHECK: only the static Dockerfile rules ran. The registry was not asked, so digests, moved tags, image age, provenance and signatures were NOT checked.";

/** How the registry is reached; absent means offline. */
export interface RegistryAccess {
  client: RegistryClient;
  /**
   * The platform whose config and provenance are read from multi-platform images, where a FROM names
   * none (`os/architecture[/variant]`). Default linux/amd64.
   */
  platform?: string;
  /** Images inspected at once. Default 8. */
  concurrency?: number;
  /** Bound on one image's registry work (facts, then signatures). Default 60 s. */
  timeoutMs?: number;
  /** Bound on the whole run's registry work; what it cuts off is reported as not checked. None when absent. */
  deadline?: RunDeadline;
  /** How signatures are verified, for images `base-images.signers` names a signer for. */
  signatures: Omit<BaseImageSignatureOptions, "client" | "concurrency" | "timeoutMs" | "signal" | "logger">;
}

export interface CheckBaseImagesOptions {
  /** Files, directories (walked for Dockerfiles and Containerfiles) and globs, relative to `root`. */
  paths: readonly string[];
  root: string;
  config: BulwarkConfig;
  /** Offline (static rules only) when absent. */
  registry?: RegistryAccess;
  buildArgs?: Readonly<Record<string, string>>;
  target?: string;
  baseline?: Baseline;
  /** The run's time (ISO 8601); the real time unless a test fixes it. */
  now?: string;
  logger?: Logger;
}

export interface BaseImageCheck {
  report: Report;
  result: DockerfileCheckResult;
  /** Distinct images the registry was asked about (0 offline). */
  resolutions: number;
}

/**
 * Finds the Dockerfiles the paths name, asks the registry about each distinct base image once (unless
 * offline), verifies signatures where the policy names signers, and checks everything against the
 * base-image rules. A registry that is down or slow costs findings about its images, not the run.
 */
export async function checkBaseImages(options: CheckBaseImagesOptions): Promise<BaseImageCheck> {
  const { config, logger } = options;
  const collected = await collectFiles(options.paths, DOCKERFILES, { root: options.root, config });
  const buildArgs = options.buildArgs ?? {};
  const platform = options.registry?.platform;
  const deadline = options.registry?.deadline;
  let facts: Map<string, BaseImageFacts> | undefined;
  let resolutions = 0;
  if (options.registry) {
    const targets = baseImageTargets(
      collected.files,
      { buildArgs, ...(platform ? { platform } : {}) },
      config,
    );
    const collector = new BaseImageFactsCollector(options.registry.client, {
      ...(deadline ? { signal: deadline.signal } : {}),
      ...(options.registry.concurrency ? { concurrency: options.registry.concurrency } : {}),
      ...(options.registry.timeoutMs ? { timeoutMs: options.registry.timeoutMs } : {}),
      verifyBundle: attestationBundleVerifier(options.registry.signatures.trustedRoot),
    });
    facts = await addSignatureFacts(await collector.collect(targets), config.baseImages, {
      ...options.registry.signatures,
      client: options.registry.client,
      ...(options.registry.timeoutMs ? { timeoutMs: options.registry.timeoutMs } : {}),
      ...(deadline ? { signal: deadline.signal } : {}),
      ...(logger ? { logger } : {}),
    });
    resolutions = collector.resolutions;
  }
  const result = checkDockerfiles(collected.files, config, facts, {
    now: options.now ?? new Date().toISOString(),
    buildArgs,
    ...(platform ? { platform } : {}),
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
    unreadable: collected.unreadable,
    oversized: collected.oversized,
  });
  const checked = plural(collected.files.length, "Dockerfile");
  const notes = options.registry
    ? [`Checked ${checked}; asked the registry about ${plural(resolutions, "distinct image")}.`]
    : [OFFLINE_NOTE, `Checked ${checked}.`];
  if (!options.registry) logger?.warning(OFFLINE_NOTE);
  if (deadline?.signal.aborted) {
    const passed = `The run's deadline of ${deadline.seconds} s passed: the images and signatures not checked by then are reported as such.`;
    notes.unshift(passed);
    logger?.warning(passed);
  }
  logger?.info(notes.at(-1)!);
  return {
    report: {
      tool: TOOL,
      category: BASE_IMAGE_CATEGORY,
      findings: result.findings,
      rules: [...result.rules, ...DOCKERFILE_INPUT_RULES],
      notes,
    },
    result,
    resolutions,
  };
}

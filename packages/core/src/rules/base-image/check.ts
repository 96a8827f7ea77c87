import { isoDate } from "../../config/date.js";
import type { Exemption, RuleOverride } from "../../config/types.js";
import type { DockerfileModel } from "../../dockerfile/model.js";
import { type DockerfileParseOptions, parseDockerfile } from "../../dockerfile/parse.js";
import { DEFAULT_PLATFORM, platformOption } from "../../dockerfile/platform.js";
import type { UnreadableFile } from "../../engine.js";
import { fingerprintOf } from "../../findings/fingerprint.js";
import type { Finding } from "../../findings/types.js";
import { DEFAULT_LIMITS, type InputLimits } from "../../manifests/limits.js";
import { type OversizedFile, tooLargeProblem } from "../../manifests/load.js";
import type { SourceFile } from "../../manifests/types.js";
import { applySuppressions } from "../../suppress/apply.js";
import type { Baseline } from "../../suppress/baseline.js";
import { compileExemptions, expiredExemptionProblem } from "../../suppress/exemptions.js";
import { inputRules } from "../input.js";
import type { InputRule } from "../types.js";
import { platformUnresolved } from "./platform.js";
import { registryRules } from "./registry.js";
import { staticRules } from "./static.js";
import { factsKey, type ImageTarget } from "./targets.js";
import type { BaseImageFacts, BaseImagePolicy, DockerfileRule, DockerfileRuleContext } from "./types.js";

/** Every Dockerfile rule, static first. */
export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  ...staticRules,
  ...registryRules,
  platformUnresolved,
];

/** The part of the configuration the base-image check reads: pass the parsed `BulwarkConfig`. */
export interface DockerfileCheckConfig {
  rules: Record<string, RuleOverride>;
  exemptions: Exemption[];
  baseImages?: BaseImagePolicy;
  /** The size limit oversized files were measured against. */
  limits?: InputLimits;
}

export interface DockerfileCheckOptions {
  /** `--build-arg` values; they win over `base-images.build-args`. */
  buildArgs?: Readonly<Record<string, string>>;
  /**
   * The platform the run checks, `os/architecture[/variant]` (`--platform`): images are read for it
   * unless their FROM names another. Default linux/amd64.
   */
  platform?: string;
  /** The stage the build targets (`--target`); its user is the one checked. The last stage when absent. */
  target?: string;
  /** The run's time (ISO 8601): image age is measured against it, exemptions expire by its date. */
  now: string;
  baseline?: Baseline;
  /** Dockerfiles the adapter could not hand over as text (binary, not UTF-8, a link out of the workspace). */
  unreadable?: readonly UnreadableFile[];
  /** Dockerfiles the adapter did not read because they are over `limits.maxFileBytes`. */
  oversized?: readonly OversizedFile[];
}

export interface DockerfileCheckResult {
  findings: Finding[];
  /** The rules that ran: offline, the registry rules did not. Unread files and expired exemptions are `DOCKERFILE_INPUT_RULES` findings. */
  rules: DockerfileRule[];
  dockerfiles: DockerfileModel[];
}

/**
 * Checks Dockerfiles against the base-image rules. Pure: `facts` (from `collectBaseImageFacts`, keyed
 * by `factsKey` of each target `baseImageTargets` lists) are handed in; without them the check is
 * offline and only the static rules run.
 */
export function checkDockerfiles(
  files: readonly SourceFile[],
  config: DockerfileCheckConfig,
  facts: ReadonlyMap<string, BaseImageFacts> | undefined,
  options: DockerfileCheckOptions,
): DockerfileCheckResult {
  const now = Date.parse(options.now);
  if (Number.isNaN(now))
    throw new Error(`"now" must be an ISO 8601 time, got ${JSON.stringify(options.now)}`);
  const rules = DOCKERFILE_RULES.filter(
    (rule) => isEnabled(rule, config) && (facts !== undefined || !rule.online),
  );
  const ctx: DockerfileRuleContext = {
    policy: config.baseImages ?? {},
    ...(facts ? { facts } : {}),
    now,
    ...(options.target !== undefined ? { target: options.target } : {}),
  };
  const parseOptions = parseOptionsOf(config, options);
  const dockerfiles = files.map((file) => parseDockerfile(file, parseOptions));
  const exemptions = compileExemptions(config.exemptions, isoDate(new Date(now)));
  const findings: Finding[] = inputFindings(config, options, exemptions.expired);
  for (const model of dockerfiles) {
    for (const rule of rules) {
      for (const violation of rule.check(model, ctx)) {
        findings.push({
          ruleId: rule.id,
          severity: config.rules[rule.id]?.severity ?? violation.severity ?? rule.severity,
          message: violation.message,
          location: { path: model.path, ...violation.region },
          fingerprint: fingerprintOf([rule.id, model.path, violation.key]),
          ...(violation.fix ? { fix: violation.fix } : {}),
        });
      }
    }
  }
  applySuppressions(findings, exemptions, options.baseline);
  return { findings, rules, dockerfiles };
}

/**
 * The input rules a Dockerfile check may report besides its own (files not checked at all, expired
 * exemptions): a report of Dockerfiles lists them with `rules`.
 */
export const DOCKERFILE_INPUT_RULES: readonly InputRule[] = inputRules.filter((rule) =>
  ["unreadable-file", "input-too-large", "expired-exemption"].includes(rule.id),
);

/** Files that were not checked at all and exemptions past their date, as findings, as for manifests. */
function inputFindings(
  config: DockerfileCheckConfig,
  options: DockerfileCheckOptions,
  expired: readonly Exemption[],
): Finding[] {
  const limit = (config.limits ?? DEFAULT_LIMITS).maxFileBytes;
  const problems = [
    ...(options.oversized ?? []).map((file) => tooLargeProblem(file, limit)),
    ...(options.unreadable ?? []).map((file) => ({
      ruleId: "unreadable-file",
      message: file.reason,
      path: file.path,
      line: 1,
      column: 1,
    })),
    ...expired.map(expiredExemptionProblem),
  ];
  return problems.map(({ ruleId, message, path, line, column }) => ({
    ruleId,
    severity:
      config.rules[ruleId]?.severity ?? DOCKERFILE_INPUT_RULES.find((rule) => rule.id === ruleId)!.severity,
    message,
    location: { path, startLine: line, startColumn: column, endLine: line, endColumn: column },
    fingerprint: fingerprintOf([ruleId, path, message]),
  }));
}

/**
 * The distinct images the Dockerfiles pull, each with the platform it is pulled for: what facts are
 * needed for. Give it the config and options `checkDockerfiles` gets, so build args and platforms
 * resolve the same way.
 */
export function baseImageTargets(
  files: readonly SourceFile[],
  options: Pick<DockerfileCheckOptions, "buildArgs" | "platform"> = {},
  config: Pick<DockerfileCheckConfig, "baseImages"> = {},
): ImageTarget[] {
  const parseOptions = parseOptionsOf(config, options);
  const targets = new Map<string, ImageTarget>();
  for (const file of files) {
    for (const use of parseDockerfile(file, parseOptions).images) {
      if (use.status === "resolved") targets.set(factsKey(use), { name: use.name, platform: use.platform });
    }
  }
  return [...targets.values()];
}

/** Input rules report Dockerfiles that were not (fully) checked, so config cannot switch them off. */
function isEnabled(rule: DockerfileRule, config: DockerfileCheckConfig): boolean {
  if (rule.category === "input") return true;
  return config.rules[rule.id]?.enabled ?? !rule.optIn;
}

/** Build args from the config, overridden by those given to the run; the run's platform, checked. */
function parseOptionsOf(
  config: Pick<DockerfileCheckConfig, "baseImages">,
  options: Pick<DockerfileCheckOptions, "buildArgs" | "platform">,
): Required<DockerfileParseOptions> {
  return {
    buildArgs: { ...config.baseImages?.buildArgs, ...options.buildArgs },
    platform: platformOption(options.platform ?? DEFAULT_PLATFORM),
  };
}

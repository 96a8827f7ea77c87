import { DEFAULT_PLATFORM } from "../../../src/dockerfile/platform.js";
import type { Finding } from "../../../src/findings/types.js";
import {
  type BaseImageFacts,
  checkDockerfiles,
  type DockerfileCheckConfig,
  type DockerfileCheckOptions,
  factsKey,
} from "../../../src/rules/base-image/index.js";

/** A fixed "now", so ages and expiry never change with the calendar. */
export const NOW = "2025-06-15T12:00:00Z";

export const DIGEST_A = `sha256:${"a".repeat(64)}`;
export const DIGEST_B = `sha256:${"b".repeat(64)}`;
export const DIGEST_C = `sha256:${"c".repeat(64)}`;

/** Facts for a reference with nothing notable, to be overridden per test. */
export function facts(reference: string, more: Partial<BaseImageFacts> = {}): BaseImageFacts {
  return { reference, attestations: [], annotations: {}, ...more };
}

/** Facts as the collector keys them, all read for the run's default platform. */
export function factsMap(...list: BaseImageFacts[]): Map<string, BaseImageFacts> {
  return new Map(list.map((f) => [factsKey({ name: f.reference, platform: DEFAULT_PLATFORM }), f]));
}

export interface CheckInput {
  config?: Partial<DockerfileCheckConfig>;
  facts?: Map<string, BaseImageFacts>;
  options?: Partial<DockerfileCheckOptions>;
}

export function check(text: string, input: CheckInput = {}) {
  return checkDockerfiles(
    [{ path: "Dockerfile", text }],
    { rules: {}, exemptions: [], ...input.config },
    input.facts,
    { now: NOW, ...input.options },
  );
}

/** The findings of one rule as "line:column message". */
export function hits(text: string, ruleId: string, input: CheckInput = {}): string[] {
  return check(text, input)
    .findings.filter((f: Finding) => f.ruleId === ruleId)
    .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`);
}

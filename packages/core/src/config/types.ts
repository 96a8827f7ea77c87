import type { Severity } from "../findings/types.js";
import { DEFAULT_LIMITS, type InputLimits } from "../manifests/limits.js";
import type { BaseImagePolicy } from "../rules/base-image/types.js";
import { DEFAULT_PROFILE, type ProfileName } from "../rules/profiles.js";

/** The usual name of the config file; adapters look for it from the working directory upward. */
export const CONFIG_FILE_NAME = ".bulwark.yaml";

/** Selects objects by glob patterns on kind, namespace and name; every given field must match. */
export interface ObjectSelector {
  kind?: string;
  namespace?: string;
  name?: string;
}

/** A deliberate, documented exception to one or more rules. */
export interface Exemption {
  /** Rule ids, or "*" for every rule. */
  rules: string[];
  /** Path globs (relative to the scan root); when absent, any path. */
  paths?: string[];
  /** Object selectors; when absent, any object. */
  objects?: ObjectSelector[];
  reason: string;
  /** YYYY-MM-DD: the last day the exemption applies. */
  expires?: string;
  /** Where the exemption was written: findings about it (such as its expiry) point there. */
  source?: { path: string; line: number; column: number };
}

/** A rule's setting in config: switched on or off regardless of the profile, and/or a new severity. */
export interface RuleOverride {
  enabled?: boolean;
  severity?: Severity;
}

/** The validated, defaulted configuration every adapter hands to the core. */
export interface BulwarkConfig {
  profile: ProfileName;
  /** "latest" or "v1.N". */
  pssVersion: string;
  /** "latest" or "v1.N": the cluster release that API deprecations and removals are judged against. */
  kubernetesVersion: string;
  rules: Record<string, RuleOverride>;
  /** Path globs (`paths.include`) for manifests; empty means every manifest. See `pathFilter`. */
  include: string[];
  /** Path globs (`paths.exclude`). */
  exclude: string[];
  exemptions: Exemption[];
  limits: InputLimits;
  /** `base-images:`: the policy `checkDockerfiles` applies. */
  baseImages: BaseImagePolicy;
}

export const DEFAULT_CONFIG: BulwarkConfig = {
  profile: DEFAULT_PROFILE,
  pssVersion: "latest",
  kubernetesVersion: "latest",
  rules: {},
  include: [],
  exclude: [],
  exemptions: [],
  limits: DEFAULT_LIMITS,
  baseImages: {},
};

import type { CheckRule } from "../types.js";
import { deprecatedApiVersion, removedApiVersion } from "./api-versions.js";
import { dangerousCapabilities } from "./capabilities.js";
import { plaintextEnvSecret } from "./env-secrets.js";
import { containerRuntimeSocketMount, sensitiveHostPath, writableHostPath } from "./host-paths.js";
import { latestImageTag, missingImageDigest, mutableImageNotAlwaysPulled } from "./images.js";
import { defaultNamespace, missingNamespace } from "./namespace.js";
import { missingLivenessProbe, missingReadinessProbe } from "./probes.js";
import { resourceRules } from "./resources.js";
import { automountedServiceAccountToken, defaultServiceAccount } from "./service-account.js";

/**
 * Workload hygiene. Rule ids name the problem a finding reports, in words a reviewer understands
 * without the docs: `missing-<field>` when a field is absent (`missing-cpu-requests`), otherwise the
 * offending thing with what is wrong with it (`latest-image-tag`, `writable-host-path`,
 * `removed-api-version`). Requests and limits are one rule per resource and bound, like Polaris, so
 * each can be switched on its own. Noisy or opinionated rules are `optIn` and run only in `all`:
 * `missing-cpu-limits`, `missing-image-digest`, `missing-namespace`.
 */
export const hygieneRules: readonly CheckRule[] = [
  ...resourceRules,
  missingLivenessProbe,
  missingReadinessProbe,
  latestImageTag,
  missingImageDigest,
  mutableImageNotAlwaysPulled,
  automountedServiceAccountToken,
  defaultServiceAccount,
  defaultNamespace,
  missingNamespace,
  containerRuntimeSocketMount,
  sensitiveHostPath,
  writableHostPath,
  dangerousCapabilities,
  plaintextEnvSecret,
  removedApiVersion,
  deprecatedApiVersion,
];

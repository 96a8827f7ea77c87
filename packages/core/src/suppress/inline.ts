import type { Suppression } from "../findings/types.js";
import type { JsonObject } from "../manifests/types.js";
import { isObject } from "../manifests/workloads.js";

export const IGNORE_ANNOTATION = "bulwark.dev/ignore";
export const IGNORE_REASON_ANNOTATION = "bulwark.dev/ignore-reason";

/**
 * The inline suppression an object's annotations (or its pod template's) grant a rule:
 * `bulwark.dev/ignore: rule-a,rule-b` (or `*`), with the reason in `bulwark.dev/ignore-reason`.
 */
export function inlineSuppression(ruleId: string, metadatas: readonly JsonObject[]): Suppression | undefined {
  for (const metadata of metadatas) {
    const annotations = isObject(metadata.annotations) ? metadata.annotations : undefined;
    const ignore = annotations?.[IGNORE_ANNOTATION];
    if (typeof ignore !== "string") continue;
    const ids = ignore.split(",").map((id) => id.trim());
    if (!ids.includes("*") && !ids.includes(ruleId)) continue;
    const reason = annotations?.[IGNORE_REASON_ANNOTATION];
    return {
      kind: "inline",
      reason: typeof reason === "string" && reason.trim() ? reason.trim() : "no reason given",
    };
  }
  return undefined;
}

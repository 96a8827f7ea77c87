import type { Suppression } from "../findings/types.js";
import type { JsonObject, ManifestObject } from "../manifests/types.js";
import { isObject, podOf } from "../manifests/workloads.js";

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

/** The inline suppression of a rule on an object: its own annotations, then its pod template's. */
export function inlineSuppressionOf(ruleId: string, object: ManifestObject): Suppression | undefined {
  const chain: JsonObject[] = [];
  if (isObject(object.value.metadata)) chain.push(object.value.metadata);
  const pod = podOf(object);
  if (pod && pod.templatePath.length > 0) chain.push(pod.metadata);
  return inlineSuppression(ruleId, chain);
}

import { fingerprintOf } from "../../findings/fingerprint.js";
import type { Finding, Location } from "../../findings/types.js";
import { IMAGE_FAILURE_LABELS, IMAGE_RULES, type ImageFailureCode } from "./rules.js";

/** What the verifier concluded about one image: the part the findings are made from. */
export type ImageVerdict =
  | { image: string; status: "verified" }
  | { image: string; status: "failed"; code: ImageFailureCode; reason: string };

/**
 * One finding per image that failed, under the rule of its failure, where `locate` puts it (the
 * adapter knows which file names the image). Verified images have none.
 */
export function imageVerificationFindings(
  verdicts: readonly ImageVerdict[],
  locate: (image: string) => Location,
): Finding[] {
  return verdicts.flatMap((verdict) => {
    if (verdict.status === "verified") return [];
    const rule = IMAGE_RULES[verdict.code];
    const location = locate(verdict.image);
    return [
      {
        ruleId: rule.id,
        severity: rule.severity,
        message: `${verdict.image}: ${IMAGE_FAILURE_LABELS[verdict.code]}: ${verdict.reason}`,
        location,
        fingerprint: fingerprintOf([rule.id, location.path, verdict.image]),
      },
    ];
  });
}

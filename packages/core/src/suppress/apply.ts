import type { Finding } from "../findings/types.js";
import { BASELINE_SUPPRESSION, type Baseline } from "./baseline.js";
import type { ExemptionSet } from "./exemptions.js";

/**
 * Marks findings suppressed by a config exemption, else by the baseline. Inline suppressions were
 * set when the findings were made and win. Suppressed findings stay in the list: renderers show them.
 * Each baseline entry covers one finding, so a second copy of a recorded finding is new.
 */
export function applySuppressions(
  findings: readonly Finding[],
  exemptions: ExemptionSet,
  baseline?: Baseline,
): void {
  const recorded = new Map<string, number>();
  for (const { fingerprint } of baseline?.findings ?? [])
    recorded.set(fingerprint, (recorded.get(fingerprint) ?? 0) + 1);
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const byConfig = exemptions.suppression(finding);
    if (byConfig) {
      finding.suppressed = byConfig;
      continue;
    }
    const left = recorded.get(finding.fingerprint) ?? 0;
    if (left > 0) {
      recorded.set(finding.fingerprint, left - 1);
      finding.suppressed = { ...BASELINE_SUPPRESSION };
    }
  }
}

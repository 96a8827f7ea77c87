import { type BulwarkConfig, DEFAULT_CONFIG } from "../../src/config/types.js";
import { validateManifests } from "../../src/engine.js";
import type { Finding } from "../../src/findings/types.js";
import { ruleById } from "../../src/rules/registry.js";

/** A fixed "today", so tests with exemption expiry dates never change outcome with the calendar. */
export const TODAY = "2025-06-15";

/** Validates one YAML text with the default config (or overrides) and returns its findings. */
export function findingsOf(text: string, config: Partial<BulwarkConfig> = {}): Finding[] {
  return validateManifests({
    files: [{ path: "test.yaml", text }],
    config: { ...DEFAULT_CONFIG, ...config },
    today: TODAY,
  }).findings;
}

/**
 * The findings of one rule, as "line:column message" strings, which read well in assertions. Baseline
 * PSS rules run under the baseline profile: elsewhere a restricted check may stand in for them.
 */
export function ruleHits(text: string, ruleId: string, config: Partial<BulwarkConfig> = {}): string[] {
  const profile = ruleById(ruleId)?.pss?.level === "baseline" ? "pss-baseline" : "all";
  return findingsOf(text, { profile, ...config })
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`);
}

import { CHECK_RULES } from "./registry.js";
import type { CheckRule } from "./types.js";

export const PROFILES = ["pss-baseline", "pss-restricted", "recommended", "all"] as const;
export type ProfileName = (typeof PROFILES)[number];

export const DEFAULT_PROFILE: ProfileName = "recommended";

/** What each profile turns on; config can still enable or disable single rules. */
const INCLUDES: Record<ProfileName, (rule: CheckRule) => boolean> = {
  "pss-baseline": (rule) => rule.pss?.level === "baseline",
  "pss-restricted": (rule) => rule.pss !== undefined,
  recommended: (rule) => !rule.optIn,
  all: () => true,
};

export function rulesOfProfile(profile: ProfileName): CheckRule[] {
  return CHECK_RULES.filter(INCLUDES[profile]);
}

export function isProfileName(name: string): name is ProfileName {
  return (PROFILES as readonly string[]).includes(name);
}

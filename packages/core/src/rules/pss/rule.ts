import type { PodView } from "../../manifests/workloads.js";
import type { PodRule, PssLevel, RuleContext, Violation } from "../types.js";
import { checkSourceReference, pssReference } from "./reference.js";
import { atLeast } from "./version.js";

/** What one Pod Security Standards check declares; `pssRule` turns it into a rule. */
export interface PssCheck {
  /** The check id exactly as the reference implementation names it. */
  check: string;
  level: PssLevel;
  /** The minor of the first policy version the check belongs to; earlier versions report nothing. */
  since: number;
  /** The baseline check this restricted check stands in for from `since` on (the reference's override). */
  replaces?: string;
  title: string;
  description: string;
  remediation: string;
  evaluate(pod: PodView, ctx: RuleContext): Violation[];
}

export function pssRule({
  check,
  level,
  since,
  replaces,
  evaluate,
  title,
  description,
  remediation,
}: PssCheck): PodRule {
  return {
    id: pssRuleId(check),
    title,
    category: "pss",
    scope: "pod",
    severity: "error",
    pss: { level, check, since, ...(replaces ? { replaces } : {}) },
    description,
    remediation,
    references: [pssReference(level), checkSourceReference(check)],
    check: (pod, ctx) => (atLeast(ctx.pssVersion, since) ? evaluate(pod, ctx) : []),
  };
}

/** "pss-" and the check id in kebab case: `seccompProfile_baseline` becomes `pss-seccomp-profile-baseline`. */
export function pssRuleId(check: string): string {
  return `pss-${check
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase()}`;
}

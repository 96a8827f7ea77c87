import { hygieneRules } from "./hygiene/index.js";
import { inputRules } from "./input.js";
import { istioRules } from "./istio/index.js";
import { networkRules } from "./network/index.js";
import { pssRules } from "./pss/index.js";
import { rbacRules } from "./rbac/index.js";
import type { CheckRule, Rule } from "./types.js";

/** Every rule that checks objects, in catalogue order. */
export const CHECK_RULES: readonly CheckRule[] = [
  ...pssRules,
  ...hygieneRules,
  ...rbacRules,
  ...networkRules,
  ...istioRules,
];

/** Every rule, including the input rules that report unreadable files. */
export const ALL_RULES: readonly Rule[] = [...CHECK_RULES, ...inputRules];

const byId = new Map<string, Rule>(ALL_RULES.map((rule) => [rule.id, rule]));
if (byId.size !== ALL_RULES.length) throw new Error("duplicate rule id in the registry");

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

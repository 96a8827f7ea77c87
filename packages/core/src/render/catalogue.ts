import { DEFAULT_PROFILE, PROFILES, type ProfileName, rulesOfProfile } from "../rules/profiles.js";
import { ALL_RULES } from "../rules/registry.js";
import type { Rule, RuleCategory } from "../rules/types.js";

/** The command that writes the catalogue; the test that compares it names it too. */
export const RULE_CATALOGUE_COMMAND = "pnpm --filter @bulwark/core rules-doc";

const CATEGORY_TITLES: Record<RuleCategory, string> = {
  pss: "Pod Security Standards",
  hygiene: "Workload hygiene",
  rbac: "RBAC governance",
  network: "Network and exposure",
  istio: "Istio",
  "base-image": "Base images (Dockerfiles)",
  input: "Input that could not be checked",
};

const PROFILE_DESCRIPTIONS: Record<ProfileName, string> = {
  "pss-baseline": "the Pod Security Standards baseline level",
  "pss-restricted": "the baseline and restricted levels",
  recommended: "every rule except the opt-in ones",
  all: "every rule",
};

/**
 * The rule catalogue (docs/rules.md) from the registry's metadata, so the documentation cannot
 * drift from the code: an index table, then each rule by category with its severity, profiles,
 * Pod Security Standards level and check, description, remediation and references.
 */
export function renderRuleCatalogue(rules: readonly Rule[] = ALL_RULES): string {
  const profilesOf = profileMembership();
  const out = [
    "# Rule catalogue",
    "",
    `<!-- Generated from the rule registry by \`${RULE_CATALOGUE_COMMAND}\`. Do not edit by hand. -->`,
    "",
    `Bulwark has ${rules.length} rules. A profile selects which run; \`.bulwark.yaml\` can still switch single rules on or off and change their severity.`,
    "",
    ...PROFILES.map(
      (p) => `- \`${p}\`: ${PROFILE_DESCRIPTIONS[p]}${p === DEFAULT_PROFILE ? " (the default)" : ""}.`,
    ),
    "",
    "Rules about input that could not be checked (syntax errors, oversized or unreadable files) are always on.",
    "",
    "| Rule | Title | Severity | Profiles |",
    "| --- | --- | --- | --- |",
    ...rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${cell(r.title)} | ${r.severity} | ${profilesOf(r)} |`),
  ];
  for (const category of Object.keys(CATEGORY_TITLES) as RuleCategory[]) {
    const inCategory = rules.filter((r) => r.category === category);
    if (inCategory.length === 0) continue;
    out.push("", `## ${CATEGORY_TITLES[category]}`);
    for (const rule of inCategory) out.push("", ...ruleSection(rule, profilesOf(rule)));
  }
  return `${out.join("\n")}\n`;
}

function ruleSection(rule: Rule, profiles: string): string[] {
  const facts = [
    `| Default severity | ${rule.severity} |`,
    `| Profiles | ${profiles} |`,
    ...(rule.pss
      ? [`| Pod Security Standards | level \`${rule.pss.level}\`, check \`${rule.pss.check}\` |`]
      : []),
  ];
  return [
    `### \`${rule.id}\``,
    "",
    `**${rule.title}**`,
    "",
    "| | |",
    "| --- | --- |",
    ...facts,
    "",
    rule.description,
    "",
    `**Remediation:** ${rule.remediation}`,
    ...(rule.references.length > 0
      ? ["", "**References:**", "", ...rule.references.map((r) => `- [${r.title}](${r.url})`)]
      : []),
  ];
}

/** "`pss-restricted`, `recommended`, `all`" for each rule; input rules are on whatever the profile. */
function profileMembership(): (rule: Rule) => string {
  const members = PROFILES.map((profile) => ({
    profile,
    ids: new Set(rulesOfProfile(profile).map((r) => r.id)),
  }));
  return (rule) => {
    if (rule.scope === "input") return "always on";
    return members
      .filter((m) => m.ids.has(rule.id))
      .map((m) => `\`${m.profile}\``)
      .join(", ");
  };
}

/** A table cell: a pipe would end it early. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

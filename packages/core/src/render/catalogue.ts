import { DOCKERFILE_RULES } from "../rules/base-image/check.js";
import type { DockerfileRule } from "../rules/base-image/types.js";
import { IMAGE_SIGNATURE_RULES } from "../rules/image-signature/rules.js";
import { DEFAULT_PROFILE, PROFILES, type ProfileName, rulesOfProfile } from "../rules/profiles.js";
import { pssRuleId } from "../rules/pss/rule.js";
import { ALL_RULES } from "../rules/registry.js";
import type { Rule, RuleCategory, RuleMeta } from "../rules/types.js";

/** The command that writes the catalogue; the test that compares it names it too. */
export const RULE_CATALOGUE_COMMAND = "pnpm --filter @bulwark/core rules-doc";

const CATEGORY_TITLES: Record<RuleCategory, string> = {
  pss: "Pod Security Standards",
  hygiene: "Workload hygiene",
  rbac: "RBAC governance",
  network: "Network and exposure",
  istio: "Istio",
  "base-image": "Base images (Dockerfiles)",
  "image-signature": "Image signatures (verify-image)",
  input: "Input that could not be checked",
};

const PROFILE_DESCRIPTIONS: Record<ProfileName, string> = {
  "pss-baseline": "the Pod Security Standards baseline level",
  "pss-restricted": "the baseline and restricted levels",
  recommended: "every rule except the opt-in ones",
  all: "every rule",
};

const DOCKERFILE_SECTION = "Dockerfiles and base images";
const IMAGE_SECTION = CATEGORY_TITLES["image-signature"];

/** What each mode needs, for the Dockerfile rules. */
const MODES = {
  static: "reads the Dockerfile only, so it also runs offline (`--offline`)",
  registry: "needs what the registry says about each image; it does not run offline",
} as const;

/**
 * The rule catalogue (docs/rules.md) from the rules' metadata, so the documentation cannot drift
 * from the code: the manifest rules (an index table, then each rule by category with its severity,
 * profiles, Pod Security Standards level and check), then the Dockerfile rules in their own section
 * with the mode each needs, then the image-verification rules; every rule with its description,
 * remediation and references.
 */
export function renderRuleCatalogue(
  rules: readonly Rule[] = ALL_RULES,
  dockerfileRules: readonly DockerfileRule[] = DOCKERFILE_RULES,
  imageRules: readonly RuleMeta[] = IMAGE_SIGNATURE_RULES,
): string {
  const profilesOf = profileMembership();
  const out = [
    "# Rule catalogue",
    "",
    `<!-- Generated from the rule registry by \`${RULE_CATALOGUE_COMMAND}\`. Do not edit by hand. -->`,
    "",
    `Bulwark has ${rules.length} rules for Kubernetes manifests${otherCounts(dockerfileRules, imageRules)}. For manifests a profile selects which run; \`.bulwark.yaml\` can still switch single rules on or off and change their severity.`,
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
    for (const rule of inCategory) out.push("", ...ruleSection(rule, manifestFacts(rule, profilesOf(rule))));
  }
  if (dockerfileRules.length > 0) out.push("", ...dockerfileSection(dockerfileRules));
  if (imageRules.length > 0) out.push("", ...imageSection(imageRules));
  return `${out.join("\n")}\n`;
}

/**
 * Dockerfile rules are not in profiles: each runs unless `rules:` switches it off (the input rule
 * always runs), against the `base-images:` policy.
 */
function dockerfileSection(rules: readonly DockerfileRule[]): string[] {
  const modeOf = (rule: DockerfileRule) => (rule.online ? "registry" : "static");
  const out = [
    `## ${DOCKERFILE_SECTION}`,
    "",
    "`bulwark base-image` and the check-base-image action check Dockerfiles and the images they build on against the `base-images:` policy in `.bulwark.yaml`. Profiles do not apply here: each rule runs unless `rules:` switches it off, except the rule about Dockerfiles that could not be read, which always runs.",
    "",
    ...Object.entries(MODES).map(([mode, needs]) => `- \`${mode}\`: ${needs}.`),
    "",
    "| Rule | Title | Severity | Mode |",
    "| --- | --- | --- | --- |",
    ...rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${cell(r.title)} | ${r.severity} | ${modeOf(r)} |`),
  ];
  for (const rule of rules) {
    const facts = [
      `| Default severity | ${rule.severity} |`,
      `| Mode | \`${modeOf(rule)}\`: ${MODES[modeOf(rule)]} |`,
      ...(rule.category === "input"
        ? ["| Runs | always |"]
        : rule.optIn
          ? ["| Runs | when `rules:` turns it on |"]
          : []),
    ];
    out.push("", ...ruleSection(rule, facts));
  }
  return out;
}

/**
 * Image-verification rules name why an image failed verification. The signer policy is the action's
 * inputs (the command's flags), and a failure always fails the step: `.bulwark.yaml` does not apply,
 * so a config written for manifests cannot let an unverified image through.
 */
function imageSection(rules: readonly RuleMeta[]): string[] {
  const out = [
    `## ${IMAGE_SECTION}`,
    "",
    "The verify-image action reports each image that fails verification as a finding of one of these rules (in its SARIF file, annotations and pull-request reports), at the line of the workflow that names the image; `bulwark verify` names the same failures in its output. The signer policy is the action's inputs or the command's flags. `.bulwark.yaml` does not apply to these rules: a failed verification always fails the step.",
    "",
    "| Rule | Title | Severity |",
    "| --- | --- | --- |",
    ...rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${cell(r.title)} | ${r.severity} |`),
  ];
  for (const rule of rules) out.push("", ...ruleSection(rule, [`| Severity | ${rule.severity} |`]));
  return out;
}

function otherCounts(dockerfileRules: readonly DockerfileRule[], imageRules: readonly RuleMeta[]): string {
  const counts = [
    ...(dockerfileRules.length > 0
      ? [`${dockerfileRules.length} for Dockerfiles ([below](#${anchor(DOCKERFILE_SECTION)}))`]
      : []),
    ...(imageRules.length > 0
      ? [`${imageRules.length} for image verification ([below](#${anchor(IMAGE_SECTION)}))`]
      : []),
  ];
  if (counts.length === 0) return "";
  return counts.length === 1
    ? ` and ${counts[0]}`
    : `, ${counts.slice(0, -1).join(", ")} and ${counts.at(-1)}`;
}

function manifestFacts(rule: Rule, profiles: string): string[] {
  return [
    `| Default severity | ${rule.severity} |`,
    `| Profiles | ${profiles} |`,
    ...(rule.pss
      ? [
          `| Pod Security Standards | level \`${rule.pss.level}\`, check \`${rule.pss.check}\`, from v1.${rule.pss.since} |`,
        ]
      : []),
    ...(rule.pss?.replaces
      ? [
          `| Replaces | \`${pssRuleId(rule.pss.replaces)}\` from v1.${rule.pss.since}: when both run, only this rule reports, as in the reference |`,
        ]
      : []),
  ];
}

function ruleSection(rule: RuleMeta, facts: readonly string[]): string[] {
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

/** GitHub's heading anchor: lowercase, spaces to hyphens, other punctuation dropped. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, "")
    .replace(/ /g, "-");
}

/** A table cell: a pipe would end it early. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

import { isMap, type Node } from "yaml";
import { SEVERITIES, type Severity } from "../findings/types.js";
import type { InputLimits } from "../manifests/limits.js";
import { DOCKERFILE_RULES } from "../rules/base-image/check.js";
import { IMAGE_SIGNATURE_RULES } from "../rules/image-signature/rules.js";
import { DEFAULT_PROFILE, PROFILES } from "../rules/profiles.js";
import { parsePssVersion } from "../rules/pss/version.js";
import { ALL_RULES } from "../rules/registry.js";
import type { RuleMeta } from "../rules/types.js";
import { baseImages } from "./base-images.js";
import { isCalendarDate } from "./date.js";
import {
  boolean,
  choice,
  expected,
  fail,
  type JsonSchema,
  list,
  object,
  type Place,
  positiveInteger,
  readMapping,
  type Spec,
  scalarOf,
  string,
  transform,
  unknownWord,
  type Vocabulary,
} from "./spec.js";
import type { BulwarkConfig, Exemption, RuleOverride } from "./types.js";

/**
 * One top-level key of `.bulwark.yaml`: its spec and how its value lands in the config. A new
 * section is one more entry in SECTIONS; parser and schema pick it up.
 */
export interface Section {
  key: string;
  schema: JsonSchema;
  apply(config: BulwarkConfig, node: Node | undefined, at: Place): void;
}

function section<T>(key: string, spec: Spec<T>, apply: (config: BulwarkConfig, value: T) => void): Section {
  return { key, schema: spec.schema, apply: (config, node, at) => apply(config, spec.read(node, at)) };
}

/** Manifest and Dockerfile rules share `rules:` and `exemptions:`; ids are unique across both. */
const CONFIGURABLE_RULES: readonly RuleMeta[] = [...ALL_RULES, ...DOCKERFILE_RULES];
const RULE_IDS = CONFIGURABLE_RULES.map((rule) => rule.id);

const IMAGE_VERIFICATION_IDS = new Set(IMAGE_SIGNATURE_RULES.map((rule) => rule.id));
/** The image-verification rules have ids too, but verification fails closed: no config bends it. */
const RULE_VOCABULARY: Vocabulary = {
  noun: "rule",
  values: RULE_IDS,
  long: true,
  explain: (id) =>
    IMAGE_VERIFICATION_IDS.has(id)
      ? "is an image-verification rule (verify-image, bulwark verify): verification fails closed, so .bulwark.yaml neither turns it off, changes its severity nor exempts from it"
      : undefined,
};
const ruleById = new Map(CONFIGURABLE_RULES.map((rule) => [rule.id, rule]));
if (ruleById.size !== RULE_IDS.length) throw new Error("a Dockerfile rule shares an id with a manifest rule");

const severity = choice(SEVERITIES, "How serious a finding of this rule is: error, warning or note.", {
  noun: "severity",
});

const glob = string("A glob (picomatch syntax: `*`, `**`, `{a,b}`), matched against the whole value.");
const pathGlobs = (description: string) =>
  list(
    string("A glob (picomatch syntax) matched against the file's path relative to the scan root."),
    description,
  );

/** "latest" or v1.N, as Pod Security admission labels and Kubernetes releases name versions. */
function kubernetesVersion(description: string, noun: string): Spec<string> {
  return string(`${description}: "latest" or v1.N, e.g. v1.30.`, {
    pattern: "^(latest|v1\\.(0|[1-9][0-9]?))$",
    check: (value) =>
      parsePssVersion(value) ? undefined : `"${value}" is not ${noun}; write "latest" or v1.N, e.g. v1.30`,
  });
}

// ---- rules -------------------------------------------------------------------------------------

const RULE_SETTING_WORDS = ["off", "on", ...SEVERITIES];

const ruleSettingObject = object(
  "The long form: switch the rule and set its severity separately.",
  {
    enabled: boolean("Whether the rule runs, whatever the profile says."),
    severity,
  },
  { minProperties: 1 },
);

const inputRuleSettingObject = object(
  "The long form: the severity of findings about unreadable input.",
  { severity },
  { required: ["severity"] },
);

const RULE_SETTING_SCHEMA: JsonSchema = {
  description:
    "`off` disables the rule, `on` enables it, a severity (error, warning, note) enables it at that severity, or `{ enabled, severity }`.",
  anyOf: [
    {
      type: "string",
      enum: RULE_SETTING_WORDS,
      description: "off, on, or a severity (which also turns the rule on).",
    },
    { type: "boolean", description: "true turns the rule on, false turns it off." },
    ruleSettingObject.schema,
  ],
};

const INPUT_RULE_SETTING_SCHEMA: JsonSchema = {
  description:
    "Input rules are always on; only their severity can change: error, warning, note or `{ severity }`.",
  anyOf: [severity.schema, inputRuleSettingObject.schema],
};

const SETTINGS_POINTER = "#/properties/rules/definitions";

/**
 * `off`/`false`, `on`/`true`, a severity (shorthand for "on, at this severity", so a rule outside the
 * profile can be added at the level wanted), or `{ enabled, severity }`.
 */
function readRuleSetting(rule: RuleMeta, node: Node | undefined, at: Place): RuleOverride {
  if (rule.category === "input") return readInputRuleSetting(rule, node, at);
  if (isMap(node)) return ruleSettingObject.read(node, at);
  const value = scalarOf(node);
  if (value === false || value === "off") return { enabled: false };
  if (value === true || value === "on") return { enabled: true };
  if (isSeverity(value)) return { enabled: true, severity: value };
  if (typeof value === "string")
    return fail(node, at, unknownWord(value, { noun: "setting", values: RULE_SETTING_WORDS }));
  return expected(node, at, "off, on, error, warning, note or { enabled, severity }");
}

/** Input rules report files that were not checked; hiding that would hide unchecked files. */
function readInputRuleSetting(rule: RuleMeta, node: Node | undefined, at: Place): RuleOverride {
  const value = scalarOf(node);
  const disables = value === false || value === "off" || (isMap(node) && node.has("enabled"));
  if (disables) {
    return fail(
      node,
      at,
      `"${rule.id}" reports input that was not checked and cannot be turned off; set its severity instead`,
    );
  }
  if (isMap(node)) return inputRuleSettingObject.read(node, at);
  return { severity: severity.read(node, at) };
}

function isSeverity(value: unknown): value is Severity {
  return (SEVERITIES as readonly unknown[]).includes(value);
}

const rules: Spec<Record<string, RuleOverride>> = {
  schema: {
    type: "object",
    description:
      "Per-rule settings on top of the profile, keyed by rule id: `off`, `on`, a severity, or `{ enabled, severity }`.",
    definitions: { ruleSetting: RULE_SETTING_SCHEMA, inputRuleSetting: INPUT_RULE_SETTING_SCHEMA },
    properties: Object.fromEntries(
      CONFIGURABLE_RULES.map((rule) => [
        rule.id,
        {
          description: `${rule.title} (${rule.category}, ${rule.severity} by default).`,
          $ref: `${SETTINGS_POINTER}/${rule.category === "input" ? "inputRuleSetting" : "ruleSetting"}`,
        },
      ]),
    ),
    additionalProperties: false,
  },
  read(node, at) {
    const settings: Record<string, RuleOverride> = {};
    readMapping(node, at, RULE_VOCABULARY, (id, value, place) => {
      settings[id] = readRuleSetting(ruleById.get(id)!, value, place);
    });
    return settings;
  },
};

// ---- exemptions --------------------------------------------------------------------------------

const exemptionFields = object(
  "A deliberate, documented exception: findings it matches are reported as suppressed, not failed.",
  {
    rules: list(
      choice([...RULE_IDS, "*"], "A rule id, or `*` for every rule.", {
        noun: "rule",
        long: true,
        explain: RULE_VOCABULARY.explain,
      }),
      "The rules it exempts (rule ids, or `*` for every rule).",
    ),
    paths: pathGlobs("Only findings in files matching one of these globs; when absent, any file."),
    objects: list(
      object(
        "Selects objects by glob on kind, namespace and name; every field given must match. A selector with a namespace never matches an object that states none.",
        {
          kind: glob,
          namespace: glob,
          name: glob,
        },
        { minProperties: 1 },
      ),
      "Only findings on objects matching one of these selectors; when absent, any object.",
    ),
    reason: string(
      "Why the exception is acceptable. Required: it is shown with every finding it suppresses.",
    ),
    expires: string(
      "The last day (YYYY-MM-DD, UTC) the exemption applies. After it the findings fail again and the expired exemption is itself reported.",
      {
        pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        check: (value) =>
          isCalendarDate(value) ? undefined : `"${value}" is not a date; write YYYY-MM-DD, e.g. 2030-12-31`,
      },
    ),
  },
  { required: ["rules", "reason"] },
);

const exemption: Spec<Exemption> = transform(exemptionFields, (fields, node, at) => ({
  ...fields,
  source: at.file.position(node),
}));

// ---- limits ------------------------------------------------------------------------------------

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  KiB: 1024,
  MB: 1e6,
  MiB: 1024 ** 2,
  GB: 1e9,
  GiB: 1024 ** 3,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/;

const byteCount = positiveInteger("A number of bytes.");

const size: Spec<number> = {
  schema: {
    description: 'A size in bytes, or with a unit: "64MiB", "512 KiB", "1GB" (B, KB, KiB, MB, MiB, GB, GiB).',
    anyOf: [
      byteCount.schema,
      { type: "string", pattern: SIZE.source, description: "A number and a unit, e.g. 64MiB." },
    ],
  },
  read(node, at) {
    const value = scalarOf(node);
    if (typeof value === "number") return byteCount.read(node, at);
    const match = typeof value === "string" ? SIZE.exec(value) : null;
    const bytes = match ? Math.floor(Number(match[1]) * UNITS[match[2] ?? "B"]!) : 0;
    return bytes >= 1 ? bytes : expected(node, at, "a size such as 64MiB, 512KiB or a number of bytes");
  },
};

const limits: Spec<Partial<InputLimits>> = transform(
  object("Bounds on untrusted input. They can be raised or lowered, never switched off.", {
    "max-file-size": size,
    "max-expanded-nodes": positiveInteger(
      "Documents whose anchors and aliases expand to more nodes than this are rejected (alias bombs).",
    ),
    "max-depth": positiveInteger("Documents nested deeper than this are rejected."),
  }),
  (value) => ({
    ...(value["max-file-size"] !== undefined ? { maxFileBytes: value["max-file-size"] } : {}),
    ...(value["max-expanded-nodes"] !== undefined ? { maxExpandedNodes: value["max-expanded-nodes"] } : {}),
    ...(value["max-depth"] !== undefined ? { maxDepth: value["max-depth"] } : {}),
  }),
);

// ---- the file ----------------------------------------------------------------------------------

export const SECTIONS: readonly Section[] = [
  section(
    "profile",
    choice(
      PROFILES,
      "The rule set: pss-baseline, pss-restricted (Pod Security Standards), recommended (restricted plus hygiene, RBAC, network and Istio rules) or all (also the opt-in rules).",
      { noun: "profile", schema: { default: DEFAULT_PROFILE } },
    ),
    (config, value) => {
      config.profile = value;
    },
  ),
  section(
    "pss-version",
    kubernetesVersion("The Pod Security Standards version whose checks apply", "a PSS version"),
    (config, value) => {
      config.pssVersion = value;
    },
  ),
  section(
    "kubernetes-version",
    kubernetesVersion(
      "The Kubernetes release your clusters run, which deprecated and removed API versions are judged against",
      "a Kubernetes version",
    ),
    (config, value) => {
      config.kubernetesVersion = value;
    },
  ),
  section("rules", rules, (config, value) => {
    config.rules = value;
  }),
  section(
    "paths",
    object("Which files are checked, by glob on the path relative to the scan root.", {
      include: pathGlobs(
        "Only manifests matching one of these globs are checked; when absent, every manifest. Dockerfiles are found by their names and are not narrowed by it: choose them with the paths given to `bulwark base-image` or check-base-image.",
      ),
      exclude: pathGlobs(
        "Files matching one of these globs are not checked, even when included: manifests and Dockerfiles alike.",
      ),
    }),
    (config, value) => {
      config.include = value.include ?? [];
      config.exclude = value.exclude ?? [];
    },
  ),
  section(
    "exemptions",
    list(
      exemption,
      "Exceptions to rules for some files or objects, each with a reason and optionally an expiry date.",
      { minItems: 0 },
    ),
    (config, value) => {
      config.exemptions = value;
    },
  ),
  section("limits", limits, (config, value) => {
    config.limits = { ...config.limits, ...value };
  }),
  section("base-images", baseImages, (config, value) => {
    config.baseImages = value;
  }),
];

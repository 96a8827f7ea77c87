import type { BulwarkConfig } from "./config/types.js";
import { fingerprintOf } from "./findings/fingerprint.js";
import type { Finding, Location, ObjectRef, Severity } from "./findings/types.js";
import { corpusSummaryOf } from "./manifests/corpus-summary.js";
import {
  type LoadProblem,
  loadDocuments,
  type OversizedFile,
  type SkippedDocument,
  tooLargeProblem,
} from "./manifests/load.js";
import { Locator } from "./manifests/locate.js";
import type { FieldPath, ManifestObject, SourceFile } from "./manifests/types.js";
import { childOf, isObject, podOf, WORKLOAD_KINDS } from "./manifests/workloads.js";
import { forgetViews } from "./memo.js";
import { inputRules } from "./rules/input.js";
import { rulesOfProfile } from "./rules/profiles.js";
import { pssRuleId } from "./rules/pss/rule.js";
import { atLeast, type PssVersionNumber, parsePssVersion } from "./rules/pss/version.js";
import { ruleById } from "./rules/registry.js";
import type {
  CheckRule,
  CorpusViolation,
  ObjectRule,
  PodRule,
  Rule,
  RuleContext,
  Violation,
} from "./rules/types.js";
import { applySuppressions } from "./suppress/apply.js";
import type { Baseline } from "./suppress/baseline.js";
import {
  compileExemptions,
  type ExpiredExemptionProblem,
  expiredExemptionProblem,
} from "./suppress/exemptions.js";
import { inlineSuppressionOf } from "./suppress/inline.js";

/** A file the adapter could not hand over as text (binary, not UTF-8, a link out of the workspace). */
export interface UnreadableFile {
  path: string;
  reason: string;
}

export interface ValidateInput {
  files: readonly SourceFile[];
  unreadable?: readonly UnreadableFile[];
  /** Files the adapter did not read because they are over `limits.maxFileBytes`. */
  oversized?: readonly OversizedFile[];
  config: BulwarkConfig;
  /** Today as YYYY-MM-DD (UTC, see `isoDate`): exemptions past their `expires` date stop applying. */
  today: string;
  /** Findings recorded earlier (see `createBaseline`): they are suppressed, so only new findings fail. */
  baseline?: Baseline;
}

export interface ValidationResult {
  findings: Finding[];
  /** The rules that ran (and the input rules), for renderers that describe them. */
  rules: Rule[];
  skipped: SkippedDocument[];
  /** Kinds that were loaded but that no active rule looks into (custom resources, say), with counts. */
  uncheckedKinds: { kind: string; count: number }[];
  stats: { files: number; documents: number; objects: number; locatorFallbacks: number };
}

/** Validates manifests against the configured rules. Pure: text and config in, findings out. */
export function validateManifests(input: ValidateInput): ValidationResult {
  const { config } = input;
  const pssVersion = parsePssVersion(config.pssVersion);
  const kubernetesVersion = parsePssVersion(config.kubernetesVersion);
  if (!pssVersion || !kubernetesVersion) throw new Error("an unvalidated version setting reached the engine");
  const exemptions = compileExemptions(config.exemptions, input.today);
  const ctx: RuleContext = {
    pssVersion,
    kubernetesVersion,
    suppressed: (ruleId, object) =>
      inlineSuppressionOf(ruleId, object) !== undefined ||
      exemptions.exempts(ruleId, object.document.path, objectRef(object)),
  };
  const rules = activeRules(config, pssVersion);
  const locator = new Locator();
  const findings: Finding[] = [];
  const skipped: SkippedDocument[] = [];
  // What the corpus rules see: summaries, except objects of the kinds they read in full.
  const corpus: ManifestObject[] = [];
  const corpusKinds = new Set(rules.flatMap((rule) => (rule.scope === "corpus" ? rule.kinds : [])));
  const kindCounts = new Map<string, number>();
  let documents = 0;

  for (const exemption of exemptions.expired)
    findings.push(inputFinding(config, expiredExemptionProblem(exemption)));
  for (const file of input.oversized ?? []) {
    findings.push(inputFinding(config, tooLargeProblem(file, config.limits.maxFileBytes)));
  }
  for (const file of input.unreadable ?? []) {
    findings.push(
      inputFinding(config, {
        ruleId: "unreadable-file",
        message: file.reason,
        path: file.path,
        line: 1,
        column: 1,
      }),
    );
  }
  // Input problems come first, then the object findings: they are gathered apart while each document
  // is checked as soon as it is parsed, so its objects can go before the next is read.
  const objectFindings: Finding[] = [];
  const report = (rule: CheckRule, object: ManifestObject, violation: ReportedViolation) =>
    objectFindings.push(objectFinding(config, locator, rule, object, violation));

  const rulesFor = rulesByKind(rules);
  for (const file of input.files) {
    for (const loaded of loadDocuments(file, config.limits)) {
      if (loaded.problem) findings.push(inputFinding(config, loaded.problem));
      if (loaded.document) documents++;
      for (const document of loaded.skipped) skipped.push(document);
      for (const object of loaded.objects) {
        kindCounts.set(object.kind, (kindCounts.get(object.kind) ?? 0) + 1);
        const pod = podOf(object);
        for (const rule of rulesFor(object.kind)) {
          if (rule.scope === "object") {
            for (const v of rule.check(object, ctx)) report(rule, object, v);
          } else if (pod) {
            for (const v of rule.check(pod, ctx))
              report(rule, object, { ...v, path: [...pod.templatePath, ...v.path] });
          }
        }
        corpus.push(corpusSummaryOf(object, corpusKinds));
      }
    }
  }
  for (const rule of rules) {
    if (rule.scope !== "corpus") continue;
    for (const v of rule.check(corpus, ctx)) report(rule, v.object, v);
  }
  forgetViews();
  for (const finding of distinctFingerprints(objectFindings)) findings.push(finding);

  applySuppressions(findings, exemptions, input.baseline);
  return {
    findings,
    rules: [...rules, ...inputRules],
    skipped,
    uncheckedKinds: uncheckedKinds(kindCounts, rules),
    stats: {
      files: input.files.length,
      documents,
      objects: corpus.length,
      locatorFallbacks: locator.fallbacks,
    },
  };
}

/**
 * The profile's rules, with the config's per-rule switches applied. As in the reference, a restricted
 * PSS check that applies at this version stands in for the baseline check it replaces, so one
 * problem is not reported twice.
 */
export function activeRules(config: BulwarkConfig, pssVersion: PssVersionNumber): CheckRule[] {
  const selected = new Set<CheckRule>(rulesOfProfile(config.profile));
  for (const [id, override] of Object.entries(config.rules)) {
    const rule = ruleById(id);
    if (!rule || rule.scope === "input" || override.enabled === undefined) continue;
    if (override.enabled) selected.add(rule);
    else selected.delete(rule);
  }
  for (const rule of [...selected]) {
    const replaced = rule.pss?.replaces;
    if (replaced && atLeast(pssVersion, rule.pss!.since))
      selected.delete(ruleById(pssRuleId(replaced)) as CheckRule);
  }
  return [...selected];
}

/** The object and pod rules that may apply to an object of a kind, in rule order, listed once per kind. */
function rulesByKind(rules: readonly CheckRule[]): (kind: string) => readonly (ObjectRule | PodRule)[] {
  const byKind = new Map<string, (ObjectRule | PodRule)[]>();
  return (kind) => {
    let list = byKind.get(kind);
    if (!list) {
      list = rules.filter(
        (rule): rule is ObjectRule | PodRule =>
          rule.scope === "pod" ||
          (rule.scope === "object" && (rule.kinds.includes("*") || rule.kinds.includes(kind))),
      );
      byKind.set(kind, list);
    }
    return list;
  };
}

function severityOf(config: BulwarkConfig, rule: Rule): Severity {
  return config.rules[rule.id]?.severity ?? rule.severity;
}

function inputFinding(config: BulwarkConfig, problem: LoadProblem | ExpiredExemptionProblem): Finding {
  const rule = ruleById(problem.ruleId)!;
  const location: Location = {
    path: problem.path,
    startLine: problem.line,
    startColumn: problem.column,
    endLine: problem.line,
    endColumn: problem.column,
  };
  return {
    ruleId: rule.id,
    severity: severityOf(config, rule),
    message: problem.message,
    location,
    fingerprint: fingerprintOf([rule.id, problem.path, problem.message]),
  };
}

/** What a rule of any scope reports; only corpus rules speak for a group. */
type ReportedViolation = Violation & Pick<CorpusViolation, "group">;

function objectFinding(
  config: BulwarkConfig,
  locator: Locator,
  rule: CheckRule,
  object: ManifestObject,
  { path, message, key, identity, group }: ReportedViolation,
): Finding {
  // Built field by field, without object spreads: a large scan makes tens of thousands of these.
  const existing = existingPrefix(object.value, path);
  const { basePath, document } = object;
  const region = locator.locate(document, basePath.length === 0 ? existing : [...basePath, ...existing]);
  const { kind, namespace, name } = object;
  const finding: Finding = {
    ruleId: rule.id,
    severity: severityOf(config, rule),
    message,
    location: {
      path: document.path,
      startLine: region.startLine,
      startColumn: region.startColumn,
      endLine: region.endLine,
      endColumn: region.endColumn,
    },
    object: objectRef(object),
    fingerprint:
      group !== undefined
        ? fingerprintOf([rule.id, "group", group, key])
        : fingerprintOf([
            rule.id,
            document.path,
            kind,
            namespace,
            name,
            identity === undefined ? stablePath(object.value, path) : `=${identity}`,
            key,
          ]),
  };
  const suppressed = inlineSuppressionOf(rule.id, object);
  if (suppressed) finding.suppressed = suppressed;
  return finding;
}

function objectRef({ apiVersion, kind, namespace, name }: ManifestObject): ObjectRef {
  return namespace ? { apiVersion, kind, namespace, name } : { apiVersion, kind, name };
}

/**
 * Two findings can share what identifies them (two identical entries of a list, say): the second
 * and later get their occurrence added to the fingerprint, so a baseline tells them apart.
 */
function distinctFingerprints(findings: Finding[]): Finding[] {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const earlier = seen.get(finding.fingerprint) ?? 0;
    seen.set(finding.fingerprint, earlier + 1);
    if (earlier > 0) finding.fingerprint = fingerprintOf([finding.fingerprint, earlier]);
  }
  return findings;
}

/**
 * Kinds of the scanned objects that no active rule reads beyond their metadata (rules for every
 * kind, such as the namespace checks, do not count): said in the report, not passed in silence.
 */
function uncheckedKinds(kindCounts: ReadonlyMap<string, number>, rules: readonly CheckRule[]) {
  const read = new Set<string>();
  for (const rule of rules) {
    if (rule.scope === "pod") for (const kind of WORKLOAD_KINDS) read.add(kind);
    else for (const kind of rule.kinds) read.add(kind);
  }
  return [...kindCounts]
    .filter(([kind]) => !read.has(kind))
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
}

/** The longest leading part of `path` that exists in `value`: a missing field points at its parent. */
function existingPrefix(value: unknown, path: FieldPath): FieldPath {
  let node = value;
  for (let i = 0; i < path.length; i++) {
    const next = childOf(node, path[i]!);
    if (next === undefined) return path.slice(0, i);
    node = next;
  }
  return path;
}

/**
 * A path that survives reordering: list items with a name are named (`containers[app]`), scalar
 * items stand for themselves (`add[=SYS_ADMIN]`); only other items keep their index.
 */
function stablePath(value: unknown, path: FieldPath): string {
  let node = value;
  let text = "";
  for (const key of path) {
    const next = childOf(node, key);
    if (typeof key === "number") {
      text += `[${itemIdentity(next, key)}]`;
    } else {
      text += `.${key}`;
    }
    node = next;
  }
  return text;
}

function itemIdentity(item: unknown, index: number): string {
  if (isObject(item) && typeof item.name === "string") return item.name;
  if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") return `=${item}`;
  return String(index);
}

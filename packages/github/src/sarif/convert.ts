import {
  FINGERPRINT_KEY,
  type Finding,
  type Fix,
  fingerprintOf,
  type Region,
  type Replacement,
  type Severity,
  type Suppression,
} from "@bulwark/core";
import { messageText } from "./message.js";
import type {
  SarifLogInput,
  SarifRegionInput,
  SarifResultInput,
  SarifRuleInput,
  SarifRunInput,
  SarifToolComponentInput,
} from "./shape.js";
import { repositoryPath } from "./uri.js";

/** A result that is not turned into a finding, and why: it is counted and said, never posted. */
export interface SkippedResult {
  /** The SARIF file it came from, as the user named it. */
  file: string;
  ruleId: string;
  reason: string;
}

export interface ConvertedLog {
  findings: Finding[];
  skipped: SkippedResult[];
  /** Results that say the check passed or does not apply (`kind`): not problems, not findings. */
  passed: number;
  /** The name of each run's tool, in run order. */
  tools: string[];
}

/**
 * Findings from every run of one SARIF log. `root` is the repository's `file:` URL: each result's
 * file becomes a path relative to it, and results whose file is not in the repository are skipped.
 */
export function convertSarifLog(log: SarifLogInput, file: string, root: URL): ConvertedLog {
  const converted: ConvertedLog = { findings: [], skipped: [], passed: 0, tools: [] };
  for (const run of log.runs) convertRun(run, file, root, converted);
  return converted;
}

/** Results that carry no fingerprint of their own, grouped by what identifies them but their position. */
type Unfingerprinted = Map<string, Finding[]>;

function convertRun(run: SarifRunInput, file: string, root: URL, into: ConvertedLog): void {
  into.tools.push(run.tool?.driver?.name || "unknown tool");
  const rules = new RuleLookup(run);
  const unfingerprinted: Unfingerprinted = new Map();
  for (const result of run.results ?? []) {
    const { rule, component } = rules.of(result);
    const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id ?? "unknown-rule";
    const skip = (reason: string) => into.skipped.push({ file, ruleId, reason });
    const severity = severityOf(result, rule);
    if (severity === undefined) {
      into.passed++;
      continue;
    }
    if (result.baselineState === "absent") continue; // gone since the baseline: nothing to show
    const physical = result.locations?.[0]?.physicalLocation;
    if (!physical?.artifactLocation) {
      skip("the result has no location in a file");
      continue;
    }
    const where = repositoryPath(physical.artifactLocation, run, root);
    if ("refused" in where) {
      skip(where.refused);
      continue;
    }
    const describeLink = (target: string) => relatedPlace(result, target, run, root);
    const finding: Finding = {
      ruleId,
      severity,
      message: messageText(result.message, rule, component, describeLink),
      location: { path: where.path, ...regionOf(physical.region) },
      fingerprint: "",
    };
    const fix = fixOf(result, run, root, where.path);
    if (fix) finding.fix = fix;
    const suppressed = suppressionOf(result);
    if (suppressed) finding.suppressed = suppressed;
    finding.fingerprint = ownFingerprint(result, finding) ?? "";
    if (!finding.fingerprint) {
      const key = fingerprintOf(["sarif", ruleId, where.path, finding.message]);
      const group = unfingerprinted.get(key);
      if (group) group.push(finding);
      else unfingerprinted.set(key, [finding]);
    }
    into.findings.push(finding);
  }
  numberOccurrences(unfingerprinted);
}

/**
 * The fingerprint a result brings: Bulwark's own as it is (so findings read back from Bulwark's
 * SARIF match those of the run that wrote it), or one made from the tool's fingerprints with the
 * rule and path (CodeQL's line hash does not name the file).
 */
function ownFingerprint(result: SarifResultInput, finding: Finding): string | undefined {
  const own = result.partialFingerprints?.[FINGERPRINT_KEY];
  if (own) return own;
  const entries = [
    ...Object.entries(result.fingerprints ?? {}),
    ...Object.entries(result.partialFingerprints ?? {}),
  ].filter(([, value]) => typeof value === "string");
  if (entries.length === 0) return undefined;
  const parts = entries.map(([key, value]) => `${key}=${value}`).sort();
  return fingerprintOf(["sarif", finding.ruleId, finding.location.path, ...parts]);
}

/**
 * Results without fingerprints are told apart by rule, file and message, and, when those repeat,
 * by their order in the file: stable while lines move, distinct while the same message recurs.
 */
function numberOccurrences(groups: Unfingerprinted): void {
  for (const [key, findings] of groups) {
    findings.sort(
      (a, b) =>
        a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn,
    );
    findings.forEach((finding, index) => {
      finding.fingerprint = index === 0 ? key : fingerprintOf([key, index]);
    });
  }
}

/**
 * A result's severity, or undefined for one that reports no problem. SARIF's defaults: `kind` is
 * "fail" unless given; a failure without a level takes its rule's configured level, else warning;
 * other kinds (open, review, informational) default to "none", shown here as notes.
 */
function severityOf(result: SarifResultInput, rule: SarifRuleInput | undefined): Severity | undefined {
  const kind = result.kind ?? "fail";
  if (kind === "pass" || kind === "notApplicable") return undefined;
  const level = result.level ?? (kind === "fail" ? (rule?.defaultConfiguration?.level ?? "warning") : "none");
  return level === "none" ? "note" : level;
}

/**
 * A region with SARIF's defaults: no region is the whole file (from line 1), no end line is the start
 * line, no start column is column 1. An unknown end column is left at the start: the width is unknown.
 */
function regionOf(region: SarifRegionInput | undefined): Region {
  const startLine = positive(region?.startLine) ?? 1;
  const endLine = Math.max(startLine, positive(region?.endLine) ?? startLine);
  const startColumn = positive(region?.startColumn) ?? 1;
  const endColumn = positive(region?.endColumn) ?? (endLine === startLine ? startColumn : 1);
  return {
    startLine,
    startColumn,
    endLine,
    endColumn: endLine === startLine ? Math.max(startColumn, endColumn) : endColumn,
  };
}

function positive(value: number | undefined | null): number | undefined {
  return typeof value === "number" && value >= 1 ? value : undefined;
}

/**
 * The first fix, when every change it makes is in the finding's own file with exact regions; only
 * such a fix can become a suggestion on the pull request.
 */
function fixOf(result: SarifResultInput, run: SarifRunInput, root: URL, path: string): Fix | undefined {
  const fix = result.fixes?.[0];
  if (!fix) return undefined;
  const replacements: Replacement[] = [];
  for (const change of fix.artifactChanges) {
    const target = repositoryPath(change.artifactLocation, run, root);
    if (!("path" in target) || target.path !== path) return undefined;
    for (const { deletedRegion: region, insertedContent } of change.replacements) {
      const startLine = positive(region.startLine);
      const startColumn = positive(region.startColumn);
      const endColumn = positive(region.endColumn);
      if (!startLine || !startColumn || !endColumn) return undefined;
      replacements.push({
        region: { startLine, startColumn, endLine: positive(region.endLine) ?? startLine, endColumn },
        text: insertedContent?.text ?? "",
      });
    }
  }
  if (replacements.length === 0) return undefined;
  return { description: fix.description?.text ?? "Apply the fix the tool suggests.", replacements };
}

/** Suppressed when any suppression stands (status "accepted", the default); under review or rejected ones do not. */
function suppressionOf(result: SarifResultInput): Suppression | undefined {
  const standing = result.suppressions?.find((s) => (s.status ?? "accepted") === "accepted");
  if (!standing) return undefined;
  return {
    kind: standing.kind === "inSource" ? "inline" : "config",
    reason: standing.justification || "suppressed in the SARIF log",
  };
}

/** "path:line" of the related location an embedded link names, when it is in the repository. */
function relatedPlace(
  result: SarifResultInput,
  target: string,
  run: SarifRunInput,
  root: URL,
): string | undefined {
  if (!/^\d+$/.test(target)) return undefined;
  const related = result.relatedLocations?.find((l) => l.id === Number(target))?.physicalLocation;
  if (!related?.artifactLocation) return undefined;
  const where = repositoryPath(related.artifactLocation, run, root);
  if ("refused" in where) return undefined;
  return `${where.path}:${positive(related.region?.startLine) ?? 1}`;
}

/** Finds a result's rule descriptor: by reference to a tool component and index, else by id. */
class RuleLookup {
  private readonly byId = new Map<SarifToolComponentInput, Map<string, SarifRuleInput>>();

  constructor(private readonly run: SarifRunInput) {}

  of(result: SarifResultInput): { rule?: SarifRuleInput; component?: SarifToolComponentInput } {
    const component = this.component(result);
    if (!component) return {};
    const index = result.rule?.index ?? result.ruleIndex;
    const indexed = index !== undefined && index !== null ? component.rules?.[index] : undefined;
    if (indexed) return { rule: indexed, component };
    const id = result.ruleId ?? result.rule?.id;
    return { rule: id ? this.rulesOf(component).get(id) : undefined, component };
  }

  private component(result: SarifResultInput): SarifToolComponentInput | undefined {
    const tool = this.run.tool;
    const reference = result.rule?.toolComponent;
    if (reference?.index !== undefined && reference.index !== null)
      return tool?.extensions?.[reference.index];
    if (reference?.name) {
      return [tool?.driver, ...(tool?.extensions ?? [])].find((c) => c?.name === reference.name);
    }
    return tool?.driver;
  }

  private rulesOf(component: SarifToolComponentInput): Map<string, SarifRuleInput> {
    let rules = this.byId.get(component);
    if (!rules) {
      rules = new Map();
      for (const rule of component.rules ?? []) if (rule.id && !rules.has(rule.id)) rules.set(rule.id, rule);
      this.byId.set(component, rules);
    }
    return rules;
  }
}

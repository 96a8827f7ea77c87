import type { Finding, Fix, Region, Severity, Suppression } from "../findings/types.js";
import { ruleById } from "../rules/registry.js";
import type { RuleMeta } from "../rules/types.js";
import { artifactUri, SOURCE_ROOT_BASE_ID } from "./artifact-uri.js";
import type { Report } from "./report.js";
import { bySeverityThenLocation, describeSuppression, plural } from "./summary.js";

/** The part of SARIF 2.1.0 Bulwark writes. */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  automationDetails?: { id: string };
  originalUriBaseIds: Record<string, { uri?: string; description?: SarifMessage }>;
  columnKind: "utf16CodeUnits";
  invocations: [SarifInvocation];
  results: SarifResult[];
}

export interface SarifDriver {
  name: string;
  version: string;
  informationUri: string;
  rules: SarifRule[];
}

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: Severity };
  properties: { tags: string[]; "security-severity"?: string; "pss-level"?: string; "pss-check"?: string };
}

export interface SarifInvocation {
  executionSuccessful: true;
  toolExecutionNotifications: { level: "note" | "warning"; message: SarifMessage }[];
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Severity;
  message: SarifMessage;
  locations: {
    physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion };
    logicalLocations?: { name: string; fullyQualifiedName: string; kind: "resource" }[];
  }[];
  partialFingerprints: Record<string, string>;
  fixes?: {
    description: SarifMessage;
    artifactChanges: {
      artifactLocation: SarifArtifactLocation;
      replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[];
    }[];
  }[];
  suppressions?: { kind: "inSource" | "external"; status: "accepted"; justification: string }[];
}

const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** GitHub code scanning's hard limits: it rejects a file with more runs, or a run with more results. */
export const SARIF_LIMITS = { runsPerFile: 20, resultsPerRun: 25_000 } as const;

/** The key of Bulwark's fingerprint in `partialFingerprints`; bump the version if its recipe changes. */
export const FINGERPRINT_KEY = "bulwarkFingerprint/v2";

/**
 * GitHub ranks security alerts by this CVSS-like score (high >= 7, medium >= 4, low > 0). Rules
 * about unreadable input are not security findings, so they get no score.
 */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.5", note: "3.0" };

/** One SARIF run per report, valid for GitHub code scanning. Adapters JSON.stringify the result. */
export function renderSarif(reports: readonly Report[]): SarifLog {
  if (reports.length > SARIF_LIMITS.runsPerFile) {
    throw new Error(
      `${reports.length} reports make more SARIF runs than code scanning accepts in one file (${SARIF_LIMITS.runsPerFile})`,
    );
  }
  const seen = new Set<string>();
  for (const { tool, category } of reports) {
    const key = `${tool.name}\u0000${category}`;
    if (seen.has(key)) throw new Error(`two reports of ${tool.name} share the category "${category}"`);
    seen.add(key);
  }
  return { $schema: SARIF_SCHEMA, version: "2.1.0", runs: reports.map(sarifRun) };
}

function sarifRun(report: Report): SarifRun {
  const rules = describedRules(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const kept = [...report.findings].sort(unsuppressedFirst).slice(0, SARIF_LIMITS.resultsPerRun);
  const notifications: SarifInvocation["toolExecutionNotifications"] = report.notes.map((text) => ({
    level: "note",
    message: { text },
  }));
  const left = report.findings.length - kept.length;
  if (left > 0) {
    notifications.push({
      level: "warning",
      message: {
        text: `${plural(left, "finding")} left out of this run: code scanning accepts at most ${SARIF_LIMITS.resultsPerRun.toLocaleString("en-US")} results per run. Suppressed findings went first, then the least severe.`,
      },
    });
  }
  const category = report.category.replace(/\/+$/, "");
  return {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        informationUri: report.tool.informationUri,
        rules: rules.map(sarifRule),
      },
    },
    ...(category ? { automationDetails: { id: `${category}/` } } : {}),
    originalUriBaseIds: {
      [SOURCE_ROOT_BASE_ID]: report.sourceRoot
        ? { uri: report.sourceRoot }
        : { description: { text: "The directory the scan ran in; result paths are relative to it." } },
    },
    columnKind: "utf16CodeUnits",
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
    results: kept.sort(bySeverityThenLocation).map((f) => sarifResult(f, ruleIndex.get(f.ruleId)!)),
  };
}

/** Unsuppressed findings outrank suppressed ones when the result limit forces a choice. */
function unsuppressedFirst(a: Finding, b: Finding): number {
  return Number(Boolean(a.suppressed)) - Number(Boolean(b.suppressed)) || bySeverityThenLocation(a, b);
}

/** The report's rules, plus any a finding names that the report forgot (SARIF needs every ruleId described). */
function describedRules(report: Report): RuleMeta[] {
  const rules = [...report.rules];
  const known = new Set(rules.map((rule) => rule.id));
  for (const { ruleId } of report.findings) {
    if (known.has(ruleId)) continue;
    known.add(ruleId);
    rules.push(
      ruleById(ruleId) ?? {
        id: ruleId,
        title: ruleId,
        category: "input",
        severity: "warning",
        description: `The rule \`${ruleId}\` is not in Bulwark's rule registry.`,
        remediation: "See the message of each result.",
        references: [],
      },
    );
  }
  return rules;
}

function sarifRule(rule: RuleMeta): SarifRule {
  const tags = rule.category === "input" ? [rule.category] : ["security", rule.category];
  const properties: SarifRule["properties"] = { tags };
  if (rule.category !== "input") properties["security-severity"] = SECURITY_SEVERITY[rule.severity];
  if (rule.pss) {
    tags.push(`pss-${rule.pss.level}`, rule.pss.check);
    properties["pss-level"] = rule.pss.level;
    properties["pss-check"] = rule.pss.check;
  }
  const references = rule.references.map((r) => ({
    text: `${r.title}: ${r.url}`,
    markdown: `[${r.title}](${r.url})`,
  }));
  const helpText = [rule.description, `Remediation: ${rule.remediation}`];
  const helpMarkdown = [rule.description, `**Remediation:** ${rule.remediation}`];
  if (references.length > 0) {
    helpText.push(`References:\n${references.map((r) => `- ${r.text}`).join("\n")}`);
    helpMarkdown.push(`**References:**\n\n${references.map((r) => `- ${r.markdown}`).join("\n")}`);
  }
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: helpText.join("\n\n"), markdown: helpMarkdown.join("\n\n") },
    ...(rule.references[0] ? { helpUri: rule.references[0].url } : {}),
    defaultConfiguration: { level: rule.severity },
    properties,
  };
}

/** SARIF viewers show `name` as an identifier: `pss-run-as-non-root` becomes `PssRunAsNonRoot`. */
function pascalCase(id: string): string {
  return id.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, _sep: string, c: string) => c.toUpperCase());
}

function sarifResult(finding: Finding, ruleIndex: number): SarifResult {
  const artifactLocation = artifactUri(finding.location.path);
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation, region: sarifRegion(finding.location) } }],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
  };
  const { object } = finding;
  if (object) {
    const scope = object.namespace ? `${object.namespace}/` : "";
    result.locations[0]!.logicalLocations = [
      { name: object.name, fullyQualifiedName: `${scope}${object.kind}/${object.name}`, kind: "resource" },
    ];
  }
  if (finding.fix) result.fixes = [sarifFix(finding.fix, artifactLocation)];
  if (finding.suppressed) result.suppressions = [sarifSuppression(finding.suppressed)];
  return result;
}

/** A region as SARIF wants it: the end only when it is really after the start. */
function sarifRegion(region: Region): SarifRegion {
  const { startLine, startColumn, endLine, endColumn } = region;
  const endsLater = endLine > startLine || (endLine === startLine && endColumn > startColumn);
  return endsLater ? { startLine, startColumn, endLine, endColumn } : { startLine, startColumn };
}

function sarifFix(
  fix: Fix,
  artifactLocation: SarifArtifactLocation,
): NonNullable<SarifResult["fixes"]>[number] {
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation,
        replacements: fix.replacements.map(({ region, text }) => ({
          // Always the full region: one whose end equals its start is an insertion point.
          deletedRegion: {
            startLine: region.startLine,
            startColumn: region.startColumn,
            endLine: region.endLine,
            endColumn: region.endColumn,
          },
          insertedContent: { text },
        })),
      },
    ],
  };
}

function sarifSuppression(suppression: Suppression): NonNullable<SarifResult["suppressions"]>[number] {
  return {
    kind: suppression.kind === "inline" ? "inSource" : "external",
    status: "accepted",
    justification: `${suppression.reason} (${describeSuppression(suppression)})`,
  };
}

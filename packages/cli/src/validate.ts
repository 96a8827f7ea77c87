import {
  type Baseline,
  type BulwarkConfig,
  ConfigError,
  isoDate,
  plural,
  type Report,
  type SkippedDocument,
  type ToolInfo,
  type ValidationResult,
  validateManifests,
} from "@bulwark/core";
import type { Logger } from "@bulwark/github";
import { addOutcome, type CollectedFiles, collectManifests } from "./collect.js";
import { readStream } from "./stdin.js";
import { VERSION } from "./version.js";

export const TOOL: ToolInfo = { name: "bulwark", version: VERSION, informationUri: "https://bulwark.dev" };
/** The code-scanning category of manifest findings: one SARIF run per category. */
export const MANIFEST_CATEGORY = "bulwark-manifests";
/** The path argument that means standard input. */
export const STDIN = "-";

export interface ValidateWorkspaceOptions {
  /** Files, directories and globs relative to `root`; `-` reads `stdin`. */
  paths: readonly string[];
  root: string;
  config: BulwarkConfig;
  stdin?: AsyncIterable<Uint8Array>;
  /** The name findings from standard input carry (`--source chart/`). */
  source?: string;
  /** Findings recorded earlier: they are suppressed, so only new ones fail. */
  baseline?: Baseline;
  /** Today (UTC, YYYY-MM-DD), when exemptions expire; the real date unless a test fixes it. */
  today?: string;
  logger?: Logger;
}

export interface WorkspaceValidation {
  report: Report;
  result: ValidationResult;
}

/** Collects the manifests the paths name, validates them, and builds the report every output renders. */
export async function validateWorkspace(options: ValidateWorkspaceOptions): Promise<WorkspaceValidation> {
  const patterns = options.paths.filter((path) => path !== STDIN);
  const collected: CollectedFiles =
    patterns.length > 0
      ? await collectManifests(patterns, { root: options.root, config: options.config })
      : { files: [], unreadable: [], oversized: [] };
  if (options.paths.includes(STDIN)) {
    if (!options.stdin)
      throw new ConfigError(`"${STDIN}" reads standard input, which is not available here.`);
    const source = options.source ?? "<stdin>";
    addOutcome(collected, await readStream(options.stdin, source, options.config.limits.maxFileBytes));
  }
  const result = validateManifests({
    files: collected.files,
    unreadable: collected.unreadable,
    oversized: collected.oversized,
    config: options.config,
    today: options.today ?? isoDate(new Date()),
    ...(options.baseline ? { baseline: options.baseline } : {}),
  });
  const { files, documents, objects } = result.stats;
  options.logger?.info(
    `Checked ${plural(files, "file")} (${plural(documents, "document")}, ${plural(objects, "object")}).`,
  );
  for (const file of [...collected.unreadable, ...collected.oversized]) {
    options.logger?.debug(`Not checked: ${file.path}`);
  }
  return { report: manifestReport(result), result };
}

export function manifestReport(result: ValidationResult): Report {
  return {
    tool: TOOL,
    category: MANIFEST_CATEGORY,
    findings: result.findings,
    rules: result.rules,
    notes: [...skippedNotes(result.skipped), ...uncheckedNotes(result.uncheckedKinds)],
  };
}

const LISTED_SKIPS = 20;

/** Kinds (custom resources, say) that no rule looks into: checked for syntax and metadata only. */
function uncheckedNotes(kinds: ValidationResult["uncheckedKinds"]): string[] {
  if (kinds.length === 0) return [];
  const list = kinds.map(({ kind, count }) => `${kind} (${count})`).join(", ");
  return [`No rule looks into these kinds beyond their syntax and metadata: ${list}.`];
}

/** Documents that were not Kubernetes objects: said, not hidden, and not listed by the thousand. */
function skippedNotes(skipped: readonly SkippedDocument[]): string[] {
  const notes = skipped.slice(0, LISTED_SKIPS).map((s) => `${s.path}:${s.line}: skipped, ${s.reason}`);
  if (skipped.length > LISTED_SKIPS)
    notes.push(`${skipped.length - LISTED_SKIPS} more documents were skipped.`);
  return notes;
}

import { pathToFileURL } from "node:url";
import { ConfigError, type Finding, plural, type ToolInfo } from "@bulwark/core";
import { uniqueByFingerprint } from "../reporters/outcome.js";
import { type ConvertedLog, convertSarifLog, type SkippedResult } from "./convert.js";
import { DEFAULT_MAX_SARIF_BYTES, readSarifFiles, type SarifInputProblem, type SarifText } from "./read.js";
import { asSarifLog, sarifShapeProblems } from "./shape.js";

export interface IngestedSarif {
  /** Every finding once (merged runs and files deduplicated by fingerprint), paths relative to the repository. */
  findings: Finding[];
  /** Results not turned into findings: outside the repository, without a file. Never posted. */
  skipped: SkippedResult[];
  /** The files read, as the user named them. */
  files: string[];
  /** Tool names of the runs, each once, in the order first seen. */
  tools: string[];
  /** The tools as one, for the report's headline ("Trivy, Checkov"). */
  tool: ToolInfo;
  /** Results repeated across runs or files, reported once. */
  duplicates: number;
  /** Results that report a pass, not a problem. */
  passed: number;
  /** What the report should say about the input: the skipped results, within a bound. */
  notes: string[];
}

export interface LoadSarifOptions {
  /** The repository's checkout (`GITHUB_WORKSPACE`): patterns and result paths are relative to it. */
  workspace: string;
  /** Larger files are refused unread. Default 10 MiB. */
  maxBytes?: number;
}

/** The skipped results named one by one in the notes; the rest are counted. */
const NOTED_SKIPS = 20;

/**
 * Reads SARIF files from any tool and turns their results into findings on repository paths. Any
 * file that cannot be read as SARIF (missing, too large, not JSON, not SARIF 2.1.0) fails the whole
 * input with one message naming each: reporting the rest would mark their earlier comments resolved.
 */
export async function loadSarif(
  patterns: readonly string[],
  options: LoadSarifOptions,
): Promise<IngestedSarif> {
  if (patterns.length === 0)
    throw new ConfigError("No SARIF file was given: name one or more files or globs.");
  const { texts, problems } = await readSarifFiles(
    patterns,
    options.workspace,
    options.maxBytes ?? DEFAULT_MAX_SARIF_BYTES,
  );
  const root = pathToFileURL(options.workspace.endsWith("/") ? options.workspace : `${options.workspace}/`);
  return ingestSarif(texts, root, problems);
}

/** The pure part of `loadSarif`: parse, check, convert, merge and deduplicate texts already read. */
export function ingestSarif(
  texts: readonly SarifText[],
  root: URL,
  readProblems: readonly SarifInputProblem[] = [],
): IngestedSarif {
  const problems = [...readProblems];
  const logs: ConvertedLog[] = [];
  for (const { file, text } of texts) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.push({ file, problem: `is not JSON (${(error as Error).message})` });
      continue;
    }
    const shape = sarifShapeProblems(value);
    if (shape.length > 0) {
      problems.push({ file, problem: `is not a SARIF 2.1.0 log: ${shape.join("; ")}` });
      continue;
    }
    logs.push(convertSarifLog(asSarifLog(value), file, root));
  }
  if (problems.length > 0) {
    const lines = problems.map(({ file, problem }) => `- ${file} ${problem}`);
    throw new ConfigError(`Cannot use the SARIF input; nothing was reported:\n${lines.join("\n")}`);
  }
  const all = logs.flatMap((log) => log.findings);
  const findings = uniqueByFingerprint(all);
  const skipped = logs.flatMap((log) => log.skipped);
  const tools = [...new Set(logs.flatMap((log) => log.tools))];
  return {
    findings,
    skipped,
    files: texts.map((t) => t.file),
    tools,
    tool: { name: tools.join(", ") || "SARIF", version: "", informationUri: "" },
    duplicates: all.length - findings.length,
    passed: logs.reduce((sum, log) => sum + log.passed, 0),
    notes: skippedNotes(skipped),
  };
}

function skippedNotes(skipped: readonly SkippedResult[]): string[] {
  const notes = skipped
    .slice(0, NOTED_SKIPS)
    .map(({ file, ruleId, reason }) => `Not reported: a ${ruleId} result in ${file}: ${reason}.`);
  if (skipped.length > NOTED_SKIPS) {
    notes.push(
      `Not reported: ${plural(skipped.length - NOTED_SKIPS, "more result")} without a place in the repository.`,
    );
  }
  return notes;
}

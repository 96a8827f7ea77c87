import {
  bySeverityThenLocation,
  countFindings,
  describeCounts,
  type FailLevel,
  type Finding,
  failsAt,
  plural,
  type Report,
  renderMarkdown,
  type Severity,
} from "@bulwark/core";
import type { GitHubClient } from "../api/client.js";
import type { RepositoryRef } from "../context/context.js";
import type { PullRequestDiff } from "../diff/files.js";
import { type FilterMode, filterFindings } from "../diff/filter.js";
import type { ReporterOutcome } from "./outcome.js";

export interface CheckRunOptions {
  client: GitHubClient;
  repository: RepositoryRef;
  headSha: string;
  report: Report;
  failLevel: FailLevel;
  /** With a diff, annotations follow the filter mode; without one (a push), every finding may be annotated. */
  diff?: PullRequestDiff;
  filterMode?: FilterMode;
  /** Bound on annotations, so a run with thousands of findings makes a bounded number of requests. */
  maxAnnotations?: number;
  /** The check's name; default "Bulwark <category>". */
  name?: string;
}

/** The Checks API takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Title, summary and text each hold at most 65,535 characters; bytes are never fewer. */
const OUTPUT_MAX = 65_535;
const TITLE_MAX = 255;

const LEVEL: Record<Severity, "failure" | "warning" | "notice"> = {
  error: "failure",
  warning: "warning",
  note: "notice",
};

/**
 * A check run on the head commit: created with the summary and the first 50 annotations, updated
 * with the next 50 until all are sent, and completed with a conclusion from the fail level in the
 * last request (GitHub appends the annotations of each update).
 */
export async function postCheckRun(options: CheckRunOptions): Promise<ReporterOutcome> {
  const { client, repository, report } = options;
  const active = report.findings.filter((f) => !f.suppressed);
  const { kept, filteredOut } = options.diff
    ? filterFindings(active, options.diff, options.filterMode ?? "nofilter")
    : { kept: active, filteredOut: [] };
  const maxAnnotations = options.maxAnnotations ?? 1000;
  const annotated = [...kept].sort(bySeverityThenLocation).slice(0, maxAnnotations);
  const notShown: string[] = [];
  if (kept.length > annotated.length) {
    notShown.push(
      `${plural(kept.length - annotated.length, "finding")} not annotated: over the limit of ${maxAnnotations} annotations`,
    );
  }
  if (filteredOut.length > 0) {
    notShown.push(
      `${plural(filteredOut.length, "finding")} not annotated: outside the pull request's changes (filter mode ${options.filterMode})`,
    );
  }
  const output = {
    title: describeCounts(countFindings(report.findings)).slice(0, TITLE_MAX),
    summary: renderMarkdown(report, { maxBytes: OUTPUT_MAX }),
  };
  const batches: Finding[][] = [];
  for (let i = 0; i < annotated.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotated.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const conclusion = failsAt(report.findings, options.failLevel)
    ? "failure"
    : active.length > 0
      ? "neutral"
      : "success";
  const [first = [], ...rest] = batches;
  const completion = { status: "completed", conclusion, completed_at: new Date().toISOString() };
  const created = await client.request<{ id: number; html_url: string | null }>(
    "POST",
    "/repos/{owner}/{repo}/check-runs",
    {
      path: { ...repository },
      body: {
        name: options.name ?? `Bulwark ${report.category}`,
        head_sha: options.headSha,
        ...(rest.length === 0 ? completion : { status: "in_progress" }),
        output: { ...output, annotations: first.map(annotation) },
      },
    },
  );
  for (const [index, batch] of rest.entries()) {
    await client.request("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", {
      path: { ...repository, check_run_id: created.data.id },
      body: {
        ...(index === rest.length - 1 ? completion : {}),
        output: { ...output, annotations: batch.map(annotation) },
      },
    });
  }
  return {
    reporter: "check",
    shown: annotated.length,
    notShown,
    ...(created.data.html_url ? { url: created.data.html_url } : {}),
  };
}

/** Check annotations are plain text: no Markdown is rendered, so nothing needs escaping. */
function annotation(finding: Finding) {
  const { path, startLine, endLine, startColumn, endColumn } = finding.location;
  const end = Math.max(startLine, endLine);
  return {
    path,
    start_line: startLine,
    end_line: end,
    // Columns are accepted only on a one-line annotation.
    ...(end === startLine && startColumn > 0 && endColumn >= startColumn
      ? { start_column: startColumn, end_column: endColumn }
      : {}),
    annotation_level: LEVEL[finding.severity],
    title: finding.ruleId.slice(0, TITLE_MAX),
    message: finding.message.slice(0, OUTPUT_MAX),
  };
}

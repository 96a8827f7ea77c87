import {
  ConfigError,
  escapeMarkdown,
  type FailLevel,
  type Finding,
  failsAt,
  plural,
  type Report,
  renderMarkdown,
  selectAnnotations,
  type ToolInfo,
  utf8Length,
} from "@bulwark/core";
import { ANNOTATIONS_PER_LEVEL, annotationCommands } from "./annotations.js";
import { GitHubClient, type GitHubClientOptions } from "./api/client.js";
import type { Environment, GitHubContext, PullRequestRef } from "./context/context.js";
import { loadContext } from "./context/load.js";
import { resolvePullRequest } from "./context/resolve.js";
import { addedLines, fetchPullRequestDiff, type PullRequestDiff } from "./diff/files.js";
import { FILTER_MODES, type FilterMode, filterFindings } from "./diff/filter.js";
import { type Logger, silentLogger } from "./logger.js";
import { postCheckRun } from "./reporters/check.js";
import { explainReadOnly, isReadOnlyToken } from "./reporters/fallback.js";
import { uniqueByFingerprint } from "./reporters/outcome.js";
import { postReview } from "./reporters/review.js";
import { postStickyComment } from "./reporters/sticky-comment.js";
import { appendStepSummary, stepSummaryBudget } from "./runner-files.js";
import { maskSecret } from "./secrets.js";

/** Where findings can be shown: reviewdog's `-reporter`, one or several at once. */
export type ReporterName = "annotations" | "check" | "pr-review" | "pr-comment" | "summary";

export const REPORTERS: readonly ReporterName[] = [
  "annotations",
  "check",
  "pr-review",
  "pr-comment",
  "summary",
];

/** The reporters that write through the API, in the order they run; each may be refused a write. */
const API_REPORTERS = ["check", "pr-review", "pr-comment"] as const;
type ApiReporter = (typeof API_REPORTERS)[number];

export interface AnnotateOptions {
  reporters: readonly ReporterName[];
  /** What the findings are (the check run's name, the key of the markers that find earlier comments). */
  category: string;
  tool: ToolInfo;
  /** Said in the job summary and the sticky comment (skipped results, files not checked). */
  notes?: readonly string[];
  /** Default "added": on a pull request, only findings on the lines it adds are shown at their line. */
  filterMode?: FilterMode;
  /** The check run's conclusion, and `failed` in the result. Default "none". */
  failLevel?: FailLevel;
  /** The runner's environment (`GITHUB_*`, the event payload at `GITHUB_EVENT_PATH`). */
  env: Environment;
  /** Needed by check, pr-review and pr-comment, and to read the pull request's diff. */
  token?: string;
  /**
   * Under `workflow_run`, the pull request the first stage says it ran for: believed only when that
   * pull request is open at the commit the first stage ran on.
   */
  pullNumber?: number;
  /** Where workflow commands (annotations) go: the step's stdout. */
  write: (line: string) => void;
  /**
   * What to show instead when the token may not write to the pull request. Default annotations and
   * the summary; a caller that already wrote both passes `[]` (the reason is still logged).
   */
  fallback?: readonly ("annotations" | "summary")[];
  logger?: Logger;
  /** Client settings beyond the API URL and token (tests pass a quick `sleep`). */
  client?: Partial<Omit<GitHubClientOptions, "apiUrl" | "token">>;
}

/** What one reporter showed, and in sentences what it did not. */
export interface ChannelResult {
  reporter: ReporterName;
  shown: number;
  notShown: string[];
  url?: string;
}

export interface AnnotateResult {
  /** Unsuppressed findings, each once. */
  total: number;
  /** Of those, outside the pull request's changes for the filter mode: counted, not shown at a line. */
  filtered: number;
  /** The most findings one reporter showed at their line (annotations, check annotations, review comments). */
  shown: number;
  channels: ChannelResult[];
  /** Why findings meant for the pull request went to annotations and the job summary instead. */
  fallback?: string;
  pullRequest?: number;
  /** Unsuppressed findings at or above the fail level. */
  failed: boolean;
}

/**
 * Reports findings on the pull request the event belongs to, through the chosen reporters: reads the
 * context, finds the pull request (checking a `workflow_run` claim), fetches its diff, filters, and
 * posts. When the token may not write (a pull request from a fork), the findings go to annotations
 * and the job summary instead, and the result says why. No other pull request is ever written to.
 */
export async function annotate(
  findings: readonly Finding[],
  options: AnnotateOptions,
): Promise<AnnotateResult> {
  const logger = options.logger ?? silentLogger;
  const filterMode = options.filterMode ?? "added";
  const failLevel = options.failLevel ?? "none";
  const unique = uniqueByFingerprint(findings);
  const active = unique.filter((f) => !f.suppressed);
  const report: Report = {
    tool: options.tool,
    category: options.category,
    findings: unique,
    rules: [],
    notes: [...(options.notes ?? [])],
  };
  const context = loadContext(options.env);
  const wanted = new Set(options.reporters);
  const channels: ChannelResult[] = [];
  /** Why GitHub refused a write (a read-only token), and why a reporter could not even try. */
  const refused: string[] = [];
  const unavailableReasons: string[] = [];

  const client = options.token
    ? new GitHubClient({ ...options.client, apiUrl: context.apiUrl, token: options.token, logger })
    : undefined;
  const target = client ? await pullRequestTarget(client, context, options.pullNumber) : undefined;
  let diff: PullRequestDiff | undefined;
  if (client && target) {
    try {
      diff = await fetchPullRequestDiff(client, context.repository, target.number);
    } catch (error) {
      if (!isReadOnlyToken(error)) throw error;
      refused.push(explainReadOnly(error, target));
    }
  }
  const { kept, filteredOut } = diff
    ? filterFindings(active, diff, filterMode)
    : { kept: active, filteredOut: [] as Finding[] };
  const outsideFilter = (what: string) =>
    filteredOut.length > 0
      ? [
          `${plural(filteredOut.length, "finding")} ${what}: outside the pull request's changes (filter mode ${filterMode})`,
        ]
      : [];

  for (const name of API_REPORTERS.filter((r) => wanted.has(r))) {
    const unavailable = whyUnavailable(name, context, client, target, diff);
    if (unavailable) {
      unavailableReasons.push(unavailable);
      channels.push({ reporter: name, shown: 0, notShown: [`nothing posted: ${unavailable}`] });
      continue;
    }
    try {
      const outcome = await post(name, {
        client: client!,
        context,
        report,
        target,
        diff,
        filterMode,
        failLevel,
        logger,
      });
      channels.push({ ...outcome, reporter: name });
    } catch (error) {
      if (!isReadOnlyToken(error)) throw error;
      refused.push(explainReadOnly(error, target));
      channels.push({ reporter: name, shown: 0, notShown: [`nothing posted: ${error.message}`] });
    }
  }

  const fallback =
    refused[0] ??
    (unavailableReasons[0] &&
      `Nothing was posted on the pull request: ${unavailableReasons[0]}. The findings are shown as annotations and in the job summary instead.`);
  if (fallback) logger.warning(fallback);
  const shows = (name: "annotations" | "summary") =>
    wanted.has(name) ||
    (fallback !== undefined && (options.fallback ?? ["annotations", "summary"]).includes(name));

  if (shows("annotations")) {
    const { annotations, omitted } = selectAnnotations(kept, {
      maxPerLevel: ANNOTATIONS_PER_LEVEL,
      ...(diff ? { changedLines: addedLines(diff) } : {}),
    });
    for (const line of annotationCommands(annotations, omitted)) options.write(line);
    channels.push({
      reporter: "annotations",
      shown: annotations.length,
      notShown: [
        ...(omitted > 0
          ? [
              `${plural(omitted, "finding")} not annotated: a step shows 10 errors and 10 warnings, and notes only in the summary`,
            ]
          : []),
        ...outsideFilter("not annotated"),
      ],
    });
  }
  if (shows("summary")) channels.push(writeSummary(report, options.env, channels, fallback));

  const lineChannels = channels.filter((c) => ["annotations", "check", "pr-review"].includes(c.reporter));
  return {
    total: active.length,
    filtered: filteredOut.length,
    shown: Math.max(0, ...lineChannels.map((c) => c.shown)),
    channels,
    ...(fallback ? { fallback } : {}),
    ...(target ? { pullRequest: target.number } : {}),
    failed: failsAt(unique, failLevel),
  };
}

export interface AnnotateStepOptions {
  /** The action's `annotate` input: reporters, none when empty. */
  reporters: string;
  token: string;
  failLevel: FailLevel;
  env: Environment;
  write: (line: string) => void;
  logger: Logger;
}

/**
 * A checking action's optional `annotate` input: its report also on the pull request, through the
 * same code as annotate-pr. The step writes its own annotations and summary, so those are not
 * repeated; when the token may not post, a warning says why.
 */
export async function annotateStep(
  report: Report,
  options: AnnotateStepOptions,
): Promise<AnnotateResult | undefined> {
  const reporters = parseReporters(options.reporters, "annotate").filter(
    (r) => r !== "annotations" && r !== "summary",
  );
  if (reporters.length === 0) return undefined;
  if (options.token) maskSecret(options.token, options.write);
  return annotate(report.findings, {
    reporters,
    category: report.category,
    tool: report.tool,
    notes: report.notes,
    failLevel: options.failLevel,
    env: options.env,
    ...(options.token ? { token: options.token } : {}),
    write: options.write,
    logger: options.logger,
    fallback: [],
  });
}

/** Reporter names from an input: separated by commas, spaces or lines; none is a valid answer. */
export function parseReporters(text: string, option = "reporter"): ReporterName[] {
  const names = text.split(/[\s,]+/).filter(Boolean);
  for (const name of names) {
    if (!(REPORTERS as readonly string[]).includes(name)) {
      throw new ConfigError(`Invalid ${option} "${name}": expected one or more of ${REPORTERS.join(", ")}.`);
    }
  }
  return [...new Set(names as ReporterName[])];
}

/** A pull request number from an input; empty is none. */
export function parsePullNumber(text: string, option = "pull-request-number"): number | undefined {
  if (text.trim() === "") return undefined;
  const number = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(number) || number <= 0) {
    throw new ConfigError(`Invalid ${option} "${text}": expected a pull request number such as 42.`);
  }
  return number;
}

export function parseFilterMode(text: string): FilterMode {
  if ((FILTER_MODES as readonly string[]).includes(text)) return text as FilterMode;
  throw new ConfigError(`Invalid filter-mode "${text}": expected one of ${FILTER_MODES.join(", ")}.`);
}

/**
 * The pull request this run may write to: the event's own, or under `workflow_run` the one the
 * first stage ran for, verified. A `workflow_run` for a push has none; its check run goes on the
 * commit.
 */
async function pullRequestTarget(
  client: GitHubClient,
  context: GitHubContext,
  claimed: number | undefined,
): Promise<PullRequestRef | undefined> {
  const run = context.triggeringRun;
  const fromPullRequest = run ? run.event.startsWith("pull_request") : context.pullRequest !== undefined;
  if (!fromPullRequest && claimed === undefined) return undefined;
  return resolvePullRequest(client, context, claimed);
}

/** Why an API reporter cannot post at all in this run, in words for the user. */
function whyUnavailable(
  name: ApiReporter,
  context: GitHubContext,
  client: GitHubClient | undefined,
  target: PullRequestRef | undefined,
  diff: PullRequestDiff | undefined,
): string | undefined {
  if (!client) return "no GitHub token was given (pass `github-token`)";
  if (target && !diff) return "GitHub refused this token even reading the pull request";
  if (name !== "check" && !target) return `this ${context.eventName} run is not for a pull request`;
  return undefined;
}

interface PostContext {
  client: GitHubClient;
  context: GitHubContext;
  report: Report;
  target: PullRequestRef | undefined;
  diff: PullRequestDiff | undefined;
  filterMode: FilterMode;
  failLevel: FailLevel;
  logger: Logger;
}

async function post(name: ApiReporter, p: PostContext) {
  const { client, context, report, target, diff } = p;
  const repository = context.repository;
  if (name === "check") {
    return postCheckRun({
      client,
      repository,
      headSha: target?.headSha ?? context.triggeringRun?.headSha ?? context.sha,
      report,
      failLevel: p.failLevel,
      ...(diff ? { diff, filterMode: p.filterMode } : {}),
    });
  }
  if (name === "pr-review") {
    return postReview({
      client,
      repository,
      pullRequest: target!,
      report,
      diff: diff!,
      filterMode: p.filterMode,
      logger: p.logger,
    });
  }
  return postStickyComment({ client, repository, pullNumber: target!.number, report });
}

/**
 * The full report in the job summary, then where its findings were shown and what was not, all
 * within what GitHub still accepts for this step's summary.
 */
function writeSummary(
  report: Report,
  env: Environment,
  channels: readonly ChannelResult[],
  fallback: string | undefined,
): ChannelResult {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) {
    return { reporter: "summary", shown: 0, notShown: ["nothing written: GITHUB_STEP_SUMMARY is not set"] };
  }
  const warning = fallback ? `> ⚠️ ${escapeMarkdown(fallback)}\n\n` : "";
  const lines = channels.flatMap((c) => [
    `- **${c.reporter}**: ${plural(c.shown, c.reporter === "pr-comment" ? "comment" : "finding")} shown`,
    ...c.notShown.map((why) => `  - not shown: ${escapeMarkdown(why)}`),
  ]);
  const where = lines.length > 0 ? `\n**Where the findings were reported**\n\n${lines.join("\n")}\n\n` : "";
  // These few lines fit unless earlier steps left almost no room; then the report alone is written.
  const budget = stepSummaryBudget(file);
  const extra = utf8Length(warning + where) <= budget / 2 ? { warning, where } : { warning: "", where: "" };
  const markdown = renderMarkdown(report, { maxBytes: budget - utf8Length(extra.warning + extra.where) });
  appendStepSummary(file, extra.warning + markdown + extra.where);
  return { reporter: "summary", shown: report.findings.filter((f) => !f.suppressed).length, notShown: [] };
}

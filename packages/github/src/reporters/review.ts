import {
  bySeverityThenLocation,
  countFindings,
  describeCounts,
  escapeMarkdown,
  type Finding,
  plural,
  type Report,
} from "@bulwark/core";
import type { GitHubClient } from "../api/client.js";
import { isGitHubApiError } from "../api/errors.js";
import type { PullRequestRef, RepositoryRef } from "../context/context.js";
import type { PullRequestDiff } from "../diff/files.js";
import { type FilterMode, filterFindings } from "../diff/filter.js";
import { type Logger, silentLogger } from "../logger.js";
import {
  boundedList,
  findingHeadline,
  findingWhere,
  resolvedCommentBody,
  reviewCommentBody,
} from "./comment-text.js";
import { formatMarker, markerValue, readMarker } from "./markers.js";
import type { ReporterOutcome } from "./outcome.js";
import { uniqueByFingerprint } from "./outcome.js";
import { type Placement, placeComment } from "./placement.js";

export interface ReviewOptions {
  client: GitHubClient;
  repository: RepositoryRef;
  pullRequest: PullRequestRef;
  report: Report;
  diff: PullRequestDiff;
  /** Default "added": a review comments on what the author changed. */
  filterMode?: FilterMode;
  /** Comments in one review; GitHub's interface copes badly with more. Default 30. */
  maxComments?: number;
  /** Whose earlier comments count as Bulwark's: markers from anyone else are ignored. */
  botLogin?: string;
  logger?: Logger;
}

interface ExistingComment {
  id: number;
  body: string;
  line: number | null;
  user: { login: string } | null;
}

interface ReviewComment {
  finding: Finding;
  placement: Placement;
}

/** Review bodies and comment bodies alike must stay under 65,536 characters; bytes are never fewer. */
const BODY_MAX_BYTES = 60_000;

/**
 * Posts one review with a comment on the diff line of each new finding. Findings already commented
 * by an earlier run are not commented again, comments whose finding is gone are marked resolved,
 * and what cannot be a comment (over the cap, not on a diff line, refused by GitHub) is listed in the
 * review's body and in the outcome.
 */
export async function postReview(options: ReviewOptions): Promise<ReporterOutcome> {
  const { client, repository, pullRequest, report, diff } = options;
  const logger = options.logger ?? silentLogger;
  const key = report.category;
  const active = uniqueByFingerprint(report.findings.filter((f) => !f.suppressed));
  const { kept, filteredOut } = filterFindings(active, diff, options.filterMode ?? "added");

  const existing = await listOurComments(options, key);
  const open = new Map(existing.filter((c) => c.state === "open").map((c) => [c.fp, c]));
  const placed: ReviewComment[] = [];
  const offDiff: Finding[] = [];
  let alreadyCommented = 0;
  for (const finding of kept.sort(bySeverityThenLocation)) {
    const previous = open.get(markerValue(finding.fingerprint));
    // An outdated comment (its line gone from the diff) no longer shows where the finding is now.
    if (previous && previous.line !== null) {
      alreadyCommented++;
      continue;
    }
    const placement = placeComment(finding, diff);
    if (placement) placed.push({ finding, placement });
    else offDiff.push(finding);
  }
  const maxComments = options.maxComments ?? 30;
  const toPost = placed.slice(0, maxComments);
  const overCap = placed.slice(maxComments).map((c) => c.finding);

  const current = new Set(active.map((f) => markerValue(f.fingerprint)));
  const stale = existing.filter((c) => c.state === "open" && !current.has(c.fp));
  for (const comment of stale) {
    await client.request("PATCH", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", {
      path: { ...repository, comment_id: comment.id },
      body: { body: resolvedCommentBody(key, comment.fp, comment.body, pullRequest.headSha) },
    });
  }

  const notShown: string[] = [];
  const say = (count: number, why: string) => {
    if (count > 0) notShown.push(`${plural(count, "finding")} ${why}`);
  };
  say(overCap.length, `not commented: over the limit of ${maxComments} comments per review`);
  say(offDiff.length, "not commented: not on a line the diff shows");
  say(
    filteredOut.length,
    `outside the pull request's changes (filter mode ${options.filterMode ?? "added"})`,
  );
  if (diff.truncated)
    notShown.push(
      "the pull request changes more files than GitHub lists (3,000): findings in the rest were not placed",
    );

  let refused: Finding[] = [];
  if (toPost.length > 0) {
    const summary = (refusedNow: readonly Finding[]) =>
      reviewBody(
        report,
        active,
        toPost.length - refusedNow.length,
        [...overCap, ...offDiff, ...refusedNow],
        filteredOut.length,
      );
    refused = await sendReview(options, toPost, key, summary, logger);
    say(refused.length, "not commented: GitHub refused their lines");
  }
  return {
    reporter: "pr-review",
    shown: toPost.length - refused.length + alreadyCommented,
    notShown,
    resolved: stale.length,
  };
}

/**
 * One review with every comment; when GitHub refuses it (422: a line it cannot place, although the
 * diff said it could), the comments are sent in halves until each refused one is isolated, and a
 * last review carries the summary naming them. Returns the refused findings.
 */
async function sendReview(
  options: ReviewOptions,
  comments: readonly ReviewComment[],
  key: string,
  summary: (refused: readonly Finding[]) => string,
  logger: Logger,
): Promise<Finding[]> {
  if (await tryReview(options, comments, key, summary([]))) return [];
  logger.warning(`GitHub refused the review with ${plural(comments.length, "comment")}: sending it in parts`);
  const refused: Finding[] = [];
  const part = `${formatMarker("review", { key })}\nBulwark: findings on these lines (GitHub refused them as one review).`;
  // Each half that GitHub still refuses is split again, until the refused comments stand alone.
  const split = async (group: readonly ReviewComment[]): Promise<void> => {
    if (group.length === 1) {
      refused.push(group[0]!.finding);
      return;
    }
    const middle = Math.ceil(group.length / 2);
    for (const half of [group.slice(0, middle), group.slice(middle)]) {
      if (!(await tryReview(options, half, key, part))) await split(half);
    }
  };
  await split(comments);
  await tryReview(options, [], key, summary(refused));
  return refused;
}

/** Posts a review; false when GitHub answers 422, other errors propagate (a 403 most of all). */
async function tryReview(
  { client, repository, pullRequest }: ReviewOptions,
  comments: readonly ReviewComment[],
  key: string,
  body: string,
): Promise<boolean> {
  try {
    await client.request("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      path: { ...repository, pull_number: pullRequest.number },
      body: {
        commit_id: pullRequest.headSha,
        event: "COMMENT",
        body,
        comments: comments.map(({ finding, placement }) => ({
          path: placement.path,
          line: placement.line,
          side: "RIGHT",
          ...(placement.startLine < placement.line
            ? { start_line: placement.startLine, start_side: "RIGHT" }
            : {}),
          body: reviewCommentBody(finding, placement, key),
        })),
      },
    });
    return true;
  } catch (error) {
    if (isGitHubApiError(error, "UNPROCESSABLE")) return false;
    throw error;
  }
}

async function listOurComments(options: ReviewOptions, key: string) {
  const botLogin = options.botLogin ?? "github-actions[bot]";
  const { items } = await options.client.paginate<ExistingComment>(
    "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
    { path: { ...options.repository, pull_number: options.pullRequest.number } },
  );
  return items.flatMap((comment) => {
    if (comment.user?.login !== botLogin) return [];
    const marker = readMarker(comment.body, "finding");
    if (!marker?.fp || marker.key !== markerValue(key)) return [];
    return [
      {
        id: comment.id,
        body: comment.body,
        line: comment.line,
        fp: marker.fp,
        state: marker.state ?? "open",
      },
    ];
  });
}

function reviewBody(
  report: Report,
  active: readonly Finding[],
  commented: number,
  notCommented: readonly Finding[],
  outsideFilter: number,
): string {
  const head = [
    formatMarker("review", { key: report.category }),
    `### Bulwark: ${escapeMarkdown(report.category)}`,
    `**${describeCounts(countFindings(active))}**; ${plural(commented, "new comment")} on the changed lines.`,
  ];
  if (outsideFilter > 0) {
    head.push(
      `${plural(outsideFilter, "finding")} outside the lines this pull request changes ${outsideFilter === 1 ? "is" : "are"} in the job summary.`,
    );
  }
  let text = `${head.join("\n\n")}\n`;
  if (notCommented.length > 0) {
    const items = [...notCommented]
      .sort(bySeverityThenLocation)
      .map((f) => `${findingWhere(f)} ${findingHeadline(f)}`);
    text += `\n**Not commented on a line:**\n\n${boundedList(items, BODY_MAX_BYTES - text.length * 4, (n) => `and ${plural(n, "more finding")}: see the job summary`)}`;
  }
  return text;
}

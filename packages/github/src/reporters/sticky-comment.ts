import { type Report, renderMarkdown, utf8Length } from "@bulwark/core";
import type { GitHubClient } from "../api/client.js";
import type { RepositoryRef } from "../context/context.js";
import { formatMarker, markerValue, readMarker } from "./markers.js";
import type { ReporterOutcome } from "./outcome.js";

export interface StickyCommentOptions {
  client: GitHubClient;
  repository: RepositoryRef;
  pullNumber: number;
  report: Report;
  /** Whose earlier comment counts as Bulwark's: a marker in anyone else's comment is ignored. */
  botLogin?: string;
}

/** GitHub refuses comment bodies of 65,536 characters or more; bytes are never fewer than characters. */
const COMMENT_MAX = 65_535;

interface IssueComment {
  id: number;
  body?: string;
  html_url: string;
  user: { login: string } | null;
}

/**
 * One comment per report category on the pull request, edited in place on each run: the first run
 * creates it, later runs find it by its hidden marker and replace its body.
 */
export async function postStickyComment(options: StickyCommentOptions): Promise<ReporterOutcome> {
  const { client, repository, pullNumber, report } = options;
  const botLogin = options.botLogin ?? "github-actions[bot]";
  const marker = formatMarker("sticky", { key: report.category });
  const budget = COMMENT_MAX - marker.length - 1;
  const full = renderMarkdown(report, { maxBytes: Number.MAX_SAFE_INTEGER });
  const truncated = utf8Length(full) > budget;
  const body = `${marker}\n${truncated ? renderMarkdown(report, { maxBytes: budget }) : full}`;
  const { items } = await client.paginate<IssueComment>(
    "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    {
      path: { ...repository, issue_number: pullNumber },
    },
  );
  const ours = items.find(
    (c) =>
      c.user?.login === botLogin && readMarker(c.body ?? "", "sticky")?.key === markerValue(report.category),
  );
  const answer = ours
    ? await client.request<IssueComment>("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", {
        path: { ...repository, comment_id: ours.id },
        body: { body },
      })
    : await client.request<IssueComment>("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", {
        path: { ...repository, issue_number: pullNumber },
        body: { body },
      });
  return {
    reporter: "pr-comment",
    shown: 1,
    notShown: truncated
      ? ["part of the report: the comment is limited to 65,536 characters (see the job summary)"]
      : [],
    url: answer.data.html_url,
  };
}

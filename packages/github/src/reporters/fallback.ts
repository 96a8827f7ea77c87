import { type GitHubApiError, isGitHubApiError } from "../api/errors.js";
import type { PullRequestRef } from "../context/context.js";

/**
 * Whether a reporter failed because the token may not write to the pull request, as GITHUB_TOKEN
 * on a `pull_request` from a fork: the caller then shows annotations and the job summary instead.
 */
export function isReadOnlyToken(error: unknown): error is GitHubApiError {
  return isGitHubApiError(error, "FORBIDDEN");
}

/** The sentence that tells the user why nothing was posted on the pull request and what to do. */
export function explainReadOnly(error: GitHubApiError, pullRequest?: PullRequestRef): string {
  const why = pullRequest?.fromFork
    ? `pull request #${pullRequest.number} comes from a fork, and GitHub gives its workflows a read-only token`
    : "the token lacks the permission (give the job `pull-requests: write` and `checks: write`)";
  return `GitHub refused to write to the pull request (${error.message}): ${why}. The findings are shown as annotations and in the job summary instead; to comment on pull requests from forks, use the two-stage workflow (pull_request uploads the SARIF, workflow_run posts it).`;
}

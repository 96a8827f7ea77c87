/** What went wrong, for code that decides what to do next; the message says it for people. */
export type GitHubErrorCode =
  /** A 403 that is not a rate limit: the token may not do this (a read-only token on a fork PR). */
  | "FORBIDDEN"
  | "NOT_FOUND"
  /** GitHub understood the request and refused its content (a review comment outside the diff). */
  | "UNPROCESSABLE"
  /** Still limited after the retries, or the wait would pass the time allowed. */
  | "RATE_LIMITED"
  | "SERVER_ERROR"
  | "HTTP_ERROR"
  | "INVALID_RESPONSE"
  /** A URL that would carry the token somewhere other than the configured API. */
  | "INSECURE"
  | "TIMEOUT"
  | "NETWORK";

/**
 * Every failure of a GitHub API call. The message names the operation as its route template (never a
 * URL with a query, never the token) and the HTTP status, with GitHub's own explanation when it gave one.
 */
export class GitHubApiError extends Error {
  override readonly name = "GitHubApiError";

  constructor(
    readonly code: GitHubErrorCode,
    /** "POST /repos/{owner}/{repo}/check-runs" */
    readonly operation: string,
    detail: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${operation} failed${status !== undefined ? ` (HTTP ${status})` : ""}: ${detail}`, options);
  }
}

export function isGitHubApiError(error: unknown, code?: GitHubErrorCode): error is GitHubApiError {
  return error instanceof GitHubApiError && (code === undefined || error.code === code);
}

/** GitHub's advice for a secondary rate limit that names no time: wait at least a minute. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

export interface RateLimit {
  /** How long GitHub asks us to wait before the next request. */
  waitMs: number;
  /** Which limit it was, for the message when we give up. */
  reason: string;
}

/**
 * Whether a response is GitHub saying "slow down", and for how long. A primary limit answers 403 or
 * 429 with `x-ratelimit-remaining: 0` and the reset time; a secondary limit answers with
 * `retry-after`, or only with a message. Any other 403 is a permission problem, not a limit.
 */
export function rateLimitOf(
  status: number,
  headers: Headers,
  body: string,
  nowMs: number,
): RateLimit | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter && /^\d+$/.test(retryAfter)) {
    return { waitMs: Number(retryAfter) * 1000, reason: "a secondary rate limit (retry-after)" };
  }
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (headers.get("x-ratelimit-remaining")?.trim() === "0" && reset && /^\d+$/.test(reset)) {
    // The reset is in whole seconds; one more second avoids arriving a moment early.
    return { waitMs: Math.max(0, Number(reset) * 1000 - nowMs) + 1000, reason: "the primary rate limit" };
  }
  if (status === 429 || /secondary rate limit|abuse/i.test(body)) {
    return { waitMs: SECONDARY_LIMIT_WAIT_MS, reason: "a secondary rate limit" };
  }
  return undefined;
}

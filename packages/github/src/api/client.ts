import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import { GitHubApiError, type GitHubErrorCode } from "./errors.js";
import { rateLimitOf } from "./rate-limit.js";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface GitHubClientOptions {
  /** `GITHUB_API_URL`: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
  /** Sent only to `apiUrl`'s origin and never logged. */
  token: string;
  /** Retries of one request after a rate limit, or after a 5xx for reads. Default 3. */
  retries?: number;
  /** The most time one request may spend waiting between its attempts. Default 2 minutes. */
  maxWaitMs?: number;
  /** Bound on one attempt. Default 30 s. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  /** How to wait between attempts; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch, to read `x-ratelimit-reset` against. */
  now?: () => number;
  logger?: Logger;
  userAgent?: string;
}

export interface RequestParams {
  /** Values for the route's `{placeholders}`. */
  path?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface Page<T> {
  items: T[];
  /** False when `maxItems` stopped the listing before its last page. */
  complete: boolean;
}

const ERROR_DETAIL_MAX = 500;

/**
 * The one place where GitHub HTTP happens: requests by route template, bounded retries on rate
 * limits (and on server errors for reads), pagination that never follows a link off the API's
 * origin, and typed errors that name the operation but never the token.
 */
export class GitHubClient {
  private readonly base: URL;
  private readonly o: Required<Omit<GitHubClientOptions, "apiUrl">>;

  constructor({ apiUrl, ...options }: GitHubClientOptions) {
    this.base = new URL(apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`);
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(this.base.hostname);
    if (this.base.protocol !== "https:" && !(this.base.protocol === "http:" && loopback)) {
      throw new GitHubApiError("INSECURE", "configure", `the API URL ${this.base.origin} is not HTTPS`);
    }
    this.o = {
      retries: 3,
      maxWaitMs: 120_000,
      requestTimeoutMs: 30_000,
      fetch: globalThis.fetch,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: Date.now,
      logger: silentLogger,
      userAgent: "bulwark",
      ...options,
    };
  }

  async request<T>(method: Method, route: string, params: RequestParams = {}): Promise<ApiResponse<T>> {
    return this.send<T>(method, route, this.url(route, params), params.body);
  }

  /** Every item of a listing, following `Link: rel="next"`, up to `maxItems`. */
  async paginate<T>(route: string, params: RequestParams = {}, maxItems = 10_000): Promise<Page<T>> {
    const items: T[] = [];
    let url: URL | undefined = this.url(route, { ...params, query: { per_page: 100, ...params.query } });
    while (url) {
      const { data, headers } = await this.send<T[]>("GET", route, url, undefined);
      if (!Array.isArray(data)) {
        throw new GitHubApiError("INVALID_RESPONSE", `GET ${route}`, "the listing is not a JSON array");
      }
      items.push(...data);
      url = this.nextPage(headers.get("link"), `GET ${route}`);
      if (items.length >= maxItems) return { items: items.slice(0, maxItems), complete: !url };
    }
    return { items, complete: true };
  }

  private url(route: string, { path = {}, query = {} }: RequestParams): URL {
    const expanded = route.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = path[name];
      if (value === undefined) throw new Error(`no value for {${name}} in ${route}`);
      return encodeURIComponent(String(value));
    });
    const url = new URL(expanded.replace(/^\//, ""), this.base);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** The next page's URL, refused when it leaves the API (the token would follow it). */
  private nextPage(link: string | null, operation: string): URL | undefined {
    const target = link?.match(/<([^>]+)>\s*;\s*rel="next"/)?.[1];
    if (!target) return undefined;
    const next = new URL(target, this.base);
    if (next.origin !== this.base.origin || !next.pathname.startsWith(this.base.pathname)) {
      throw new GitHubApiError("INSECURE", operation, `refusing a next page outside ${this.base.href}`);
    }
    return next;
  }

  private async send<T>(method: Method, route: string, url: URL, body: unknown): Promise<ApiResponse<T>> {
    const operation = `${method} ${route}`;
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const response = await this.attempt(method, url, body, operation);
      this.o.logger.debug(`${operation}: HTTP ${response.status}`);
      if (response.ok)
        return {
          status: response.status,
          headers: response.headers,
          data: await json<T>(response, operation),
        };
      const text = await response.text().catch(() => "");
      const limit = rateLimitOf(response.status, response.headers, text, this.o.now());
      // A rate-limited request was not carried out, so even a POST is safe to send again.
      const serverError = response.status >= 500 && method === "GET";
      const waitMs = limit?.waitMs ?? (serverError ? 1000 * 2 ** attempt : undefined);
      const code = limit ? "RATE_LIMITED" : codeOf(response.status);
      const detail = limit ? `${limit.reason}: ${errorDetail(text)}` : errorDetail(text);
      if (waitMs === undefined) throw new GitHubApiError(code, operation, detail, response.status);
      if (attempt >= this.o.retries || waited + waitMs > this.o.maxWaitMs) {
        const why =
          attempt >= this.o.retries
            ? `gave up after ${attempt + 1} attempts`
            : `the next wait of ${seconds(waitMs)} would pass the ${seconds(this.o.maxWaitMs)} allowed`;
        throw new GitHubApiError(code, operation, `${detail} (${why})`, response.status);
      }
      this.o.logger.info(`GitHub asked to wait: retrying ${operation} in ${seconds(waitMs)}`);
      waited += waitMs;
      await this.o.sleep(waitMs);
    }
  }

  private async attempt(method: Method, url: URL, body: unknown, operation: string): Promise<Response> {
    const headers: Record<string, string> = {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${this.o.token}`,
      "user-agent": this.o.userAgent,
      "x-github-api-version": "2022-11-28",
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    try {
      const response = await this.o.fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        // A redirect could lead the token elsewhere; the API does not redirect the calls made here.
        redirect: "manual",
        signal: AbortSignal.timeout(this.o.requestTimeoutMs),
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        throw new GitHubApiError(
          "HTTP_ERROR",
          operation,
          "unexpected redirect, not followed",
          response.status,
        );
      }
      return response;
    } catch (error) {
      if (error instanceof GitHubApiError) throw error;
      const timeout =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      const reason = error instanceof Error ? error.message : String(error);
      throw new GitHubApiError(timeout ? "TIMEOUT" : "NETWORK", operation, reason, undefined, {
        cause: error,
      });
    }
  }
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function codeOf(status: number): GitHubErrorCode {
  if (status === 403) return "FORBIDDEN";
  if (status === 404) return "NOT_FOUND";
  if (status === 422) return "UNPROCESSABLE";
  if (status >= 500) return "SERVER_ERROR";
  return "HTTP_ERROR";
}

async function json<T>(response: Response, operation: string): Promise<T> {
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new GitHubApiError("INVALID_RESPONSE", operation, "the answer is not JSON", response.status, {
      cause: error,
    });
  }
}

/** GitHub's `message` and its `errors` list, on one bounded line. */
function errorDetail(text: string): string {
  let detail = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(parsed.errors)
      ? parsed.errors.map((e) => (typeof e === "string" ? e : JSON.stringify(e)))
      : [];
    detail = [String(parsed.message ?? ""), ...errors].filter(Boolean).join("; ");
  } catch {
    // Not JSON: the text itself is the best explanation there is.
  }
  const line = detail.replace(/\s+/g, " ").trim() || "no explanation given";
  return line.length > ERROR_DETAIL_MAX ? `${line.slice(0, ERROR_DETAIL_MAX)}…` : line;
}

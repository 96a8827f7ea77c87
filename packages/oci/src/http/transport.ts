import { RegistryError, type RegistryErrorCode, type RegistryErrorContext } from "../errors.js";
import { describe, isAbort, readBody } from "./body.js";

export interface TransportOptions {
  /** Bound on one attempt, from sending the request to the last byte of the body. Default 30 s. */
  requestTimeoutMs?: number;
  /** Bound on one request with all its retries and redirects. Default 2 min. */
  totalTimeoutMs?: number;
  /** Retries after a 429, a 5xx or a lost connection. Default 4. */
  retries?: number;
  /** First backoff delay; doubles with each retry, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Longest single wait, also for a Retry-After header. Default 20 s. */
  maxDelayMs?: number;
  /** Longest redirect chain followed. Default 10. */
  maxRedirects?: number;
  /** The fetch to use; global fetch by default. */
  fetch?: typeof fetch;
  /** How to wait between retries; tests pass a spy. */
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
  /** Hosts (with port) that may be reached over plain HTTP; everything else must use HTTPS. */
  allowsPlainHttp?: (host: string) => boolean;
}

export interface HttpRequest {
  method: "GET" | "HEAD" | "PUT" | "POST" | "PATCH" | "DELETE";
  url: URL;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Sent only to the request's own origin: a redirect to another host never carries it. */
  authorization?: string;
  context: RegistryErrorContext;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Where the answer came from after redirects; auth challenges count only from the registry itself. */
  readonly url: URL;
  readonly raw: Response;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The one place where registry HTTP happens. It retries what is worth retrying, follows redirects
 * by hand so credentials stay with their origin, and bounds every wait; callers get a response with
 * a status to interpret, or a RegistryError.
 */
export class Transport {
  private readonly o: Required<Omit<TransportOptions, "userAgent">> & { userAgent: string };

  constructor(options: TransportOptions = {}) {
    this.o = {
      requestTimeoutMs: 30_000,
      totalTimeoutMs: 120_000,
      retries: 4,
      baseDelayMs: 250,
      maxDelayMs: 20_000,
      maxRedirects: 10,
      fetch: globalThis.fetch,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      userAgent: "bulwark",
      allowsPlainHttp: () => false,
      ...options,
    };
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const deadline = Date.now() + this.o.totalTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      const retryable = req.method !== "POST" && req.method !== "PATCH";
      let response: HttpResponse;
      try {
        response = await this.followRedirects(req, deadline);
      } catch (error) {
        const lost = error instanceof RegistryError && (error.code === "NETWORK" || error.code === "TIMEOUT");
        if (!lost || !retryable || attempt >= this.o.retries) throw error;
        await this.backoff(attempt, null, deadline, error);
        continue;
      }
      if (response.status !== 429 && response.status < 500) return response;
      if (attempt >= this.o.retries) return response;
      await response.raw.body?.cancel().catch(() => {});
      const failure = new RegistryError(
        response.status === 429 ? "RATE_LIMITED" : "SERVER_ERROR",
        `still failing after ${attempt + 1} attempts`,
        req.context,
        response.status,
      );
      await this.backoff(attempt, response.headers.get("retry-after"), deadline, failure);
    }
  }

  /** Waits before the next attempt, or throws `failure` when the wait would pass the deadline. */
  private async backoff(attempt: number, retryAfter: string | null, deadline: number, failure: unknown) {
    const requested = parseRetryAfter(retryAfter);
    const exponential = this.o.baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
    const delay = Math.min(requested ?? exponential, this.o.maxDelayMs);
    if (Date.now() + delay >= deadline) throw failure;
    await this.o.sleep(delay);
  }

  private async followRedirects(req: HttpRequest, deadline: number): Promise<HttpResponse> {
    let url = req.url;
    let method = req.method;
    let body = req.body;
    for (let hop = 0; ; hop++) {
      const sameOrigin = url.origin === req.url.origin;
      const raw = await this.send(
        req,
        url,
        method,
        body,
        sameOrigin ? req.authorization : undefined,
        deadline,
      );
      const location = raw.headers.get("location");
      if (!REDIRECTS.has(raw.status) || location === null)
        return { status: raw.status, headers: raw.headers, url, raw };
      await raw.body?.cancel().catch(() => {});
      if (hop >= this.o.maxRedirects) {
        throw new RegistryError("REDIRECT_LIMIT", `more than ${this.o.maxRedirects} redirects`, req.context);
      }
      const next = new URL(location, url);
      if (url.protocol === "https:" && next.protocol !== "https:") {
        throw new RegistryError(
          "INSECURE",
          `refusing a redirect from ${url.origin} to ${next.origin}`,
          req.context,
        );
      }
      if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && method !== "HEAD")) {
        method = "GET";
        body = undefined;
      }
      url = next;
    }
  }

  private async send(
    req: HttpRequest,
    url: URL,
    method: HttpRequest["method"],
    body: Uint8Array | undefined,
    authorization: string | undefined,
    deadline: number,
  ): Promise<Response> {
    if (url.protocol !== "https:" && !(url.protocol === "http:" && this.o.allowsPlainHttp(url.host))) {
      throw new RegistryError(
        "INSECURE",
        `${url.origin} is not HTTPS and not allowed plain HTTP`,
        req.context,
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw this.timeout(req, `gave up after ${this.o.totalTimeoutMs} ms`);
    const headers: Record<string, string> = {
      "user-agent": this.o.userAgent,
      "accept-encoding": "identity",
      ...req.headers,
    };
    if (authorization) headers.authorization = authorization;
    try {
      return await this.o.fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        redirect: "manual",
        signal: AbortSignal.timeout(Math.min(this.o.requestTimeoutMs, remaining)),
      });
    } catch (error) {
      if (isAbort(error)) throw this.timeout(req, `no response within ${this.o.requestTimeoutMs} ms`, error);
      throw new RegistryError(
        "NETWORK",
        `${url.origin} is unreachable: ${describe(error)}`,
        req.context,
        undefined,
        {
          cause: error,
        },
      );
    }
  }

  private timeout(req: HttpRequest, detail: string, cause?: unknown): RegistryError {
    return new RegistryError("TIMEOUT", detail, req.context, undefined, { cause });
  }
}

/** Seconds or an HTTP date, as milliseconds to wait; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Turns an unexpected status into a RegistryError, with the registry's own error codes and messages
 * (`{"errors":[{"code","message"}]}`) when the body has them.
 */
export async function errorFromResponse(
  response: HttpResponse,
  context: RegistryErrorContext,
): Promise<RegistryError> {
  let detail = "";
  if (response.raw.body) {
    try {
      const text = new TextDecoder().decode(await readBody(response.raw, ERROR_BODY_LIMIT, context));
      detail = registryMessages(text) ?? text.trim().slice(0, 300);
    } catch {
      detail = "";
    }
  }
  const code = statusCode(response.status);
  return new RegistryError(code, detail || defaultDetail(code), context, response.status);
}

function registryMessages(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const errors = (parsed as { errors?: unknown }).errors;
    if (!Array.isArray(errors) || errors.length === 0) return undefined;
    return errors
      .map((e: { code?: unknown; message?: unknown }) =>
        [e.code, e.message].filter((x) => typeof x === "string").join(": "),
      )
      .join("; ");
  } catch {
    return undefined;
  }
}

function statusCode(status: number): RegistryErrorCode {
  if (status === 404) return "NOT_FOUND";
  if (status === 401) return "UNAUTHORIZED";
  if (status === 403) return "DENIED";
  if (status === 429) return "RATE_LIMITED";
  if (status >= 500) return "SERVER_ERROR";
  return "HTTP_ERROR";
}

function defaultDetail(code: RegistryErrorCode): string {
  switch (code) {
    case "NOT_FOUND":
      return "not found";
    case "UNAUTHORIZED":
      return "authentication required or rejected";
    case "DENIED":
      return "access denied";
    case "RATE_LIMITED":
      return "rate limited";
    default:
      return "unexpected response";
  }
}

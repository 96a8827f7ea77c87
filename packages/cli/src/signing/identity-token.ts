import { ConfigError } from "@bulwark/core";

/** The OIDC audience Fulcio expects. */
export const SIGSTORE_AUDIENCE = "sigstore";
const REQUEST_TIMEOUT_MS = 30_000;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export interface IdentityTokenOptions {
  /** A token given explicitly (`--identity-token`). */
  token?: string;
  env: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
  /** Called with every token obtained, so an action can mask it before anything is logged. */
  onToken?: (token: string) => void;
}

/**
 * Where a keyless signature's identity comes from, in cosign's order: a token given explicitly, then
 * `SIGSTORE_ID_TOKEN`, then GitHub Actions' token service (a job with `id-token: write`), asked for
 * the audience `sigstore`. Undefined when none is available; the token itself is fetched only when
 * Fulcio needs it.
 */
export function identityTokenSource(options: IdentityTokenOptions): (() => Promise<string>) | undefined {
  const given = options.token || options.env.SIGSTORE_ID_TOKEN;
  const reveal = (token: string) => {
    options.onToken?.(token);
    return token;
  };
  if (given) return async () => reveal(given);
  const url = options.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = options.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) return undefined;
  // One token serves every signature of the run; a failed request is tried again next time.
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= requestGitHubToken(url, bearer, options.fetch ?? fetch).then(reveal, (error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

async function requestGitHubToken(url: string, bearer: string, fetcher: typeof fetch): Promise<string> {
  const request = new URL(url);
  if (request.protocol !== "https:" && !(request.protocol === "http:" && LOOPBACK.test(request.hostname))) {
    throw new ConfigError(`ACTIONS_ID_TOKEN_REQUEST_URL must be an https URL, not ${request.protocol}.`);
  }
  request.searchParams.set("audience", SIGSTORE_AUDIENCE);
  const failed = (why: string) =>
    new Error(`Could not get an OIDC token from GitHub Actions (${request.host}): ${why}.`);
  let response: Response;
  try {
    response = await fetcher(request, {
      headers: { authorization: `Bearer ${bearer}`, accept: "application/json" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      redirect: "error",
    });
  } catch (error) {
    throw failed((error as Error).message);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw failed(
      `HTTP ${response.status}${response.status === 403 ? "; does the job have `permissions: id-token: write`?" : ""}`,
    );
  }
  let value: unknown;
  try {
    value = ((await response.json()) as { value?: unknown })?.value;
  } catch {
    throw failed("the answer is not JSON");
  }
  if (typeof value !== "string" || value === "") throw failed("the answer holds no token");
  return value;
}

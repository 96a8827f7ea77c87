import { RegistryError, type RegistryErrorContext } from "../errors.js";
import { readBody } from "../http/body.js";
import { errorFromResponse, type Transport } from "../http/transport.js";
import { type Challenge, parseChallenges } from "./challenge.js";
import type { Credential, CredentialLookup } from "./credentials.js";

/**
 * Token realms on another host than their registry that may receive the registry's credentials.
 * Only pairs run by the same operator belong here.
 */
// A Map, not an object literal: a registry host such as "constructor" must not find a prototype member.
const KNOWN_REALMS: ReadonlyMap<string, readonly string[]> = new Map([
  ["registry-1.docker.io", ["auth.docker.io"]],
  ["registry.gitlab.com", ["gitlab.com"]],
]);

const TOKEN_RESPONSE_LIMIT = 1024 * 1024;
const DEFAULT_TOKEN_LIFETIME_S = 60;
const EXPIRY_MARGIN_MS = 10_000;

export interface AuthenticatorOptions {
  credentials?: CredentialLookup;
  /** By registry API host: further token realm hosts trusted with that registry's credentials. */
  trustedRealms?: Record<string, readonly string[]>;
}

/**
 * Answers registry challenges: Basic with the registry's credential, or Bearer through the token
 * service the registry names, with tokens cached per registry and scope.
 *
 * Where credentials go: only challenges in responses from the registry's own origin are answered
 * (never one from a blob-storage redirect target), and the registry's credential goes to a token
 * realm only when the realm is on the registry's own host or a known or configured companion host
 * (Docker Hub's auth.docker.io). A realm anywhere else gets an anonymous token request, so a
 * hostile or compromised registry cannot point the realm at another host to collect passwords;
 * public images still work. Tokens, like credentials, are only ever sent to the registry's origin.
 */
export class Authenticator {
  private readonly tokens = new Map<string, { value: string; expiresAt: number }>();
  private readonly challenges = new Map<string, Challenge>();

  constructor(
    private readonly transport: Transport,
    private readonly options: AuthenticatorOptions,
  ) {}

  /** The Authorization to send before any challenge, from what this registry asked for last time. */
  async preemptive(registry: string, origin: string, scope: string, context: RegistryErrorContext) {
    const challenge = this.challenges.get(origin);
    return challenge ? this.answer(challenge, registry, origin, scope, context) : undefined;
  }

  /**
   * The Authorization that answers a 401's WWW-Authenticate header; throws when there is none.
   * `rejected` is what the 401 answered, so a cached token the registry no longer accepts is renewed.
   */
  async respond(
    header: string | null,
    rejected: string | undefined,
    registry: string,
    origin: string,
    scope: string,
    context: RegistryErrorContext,
  ) {
    const challenges = parseChallenges(header ?? "");
    const challenge =
      challenges.find((c) => c.scheme === "bearer" && c.params.realm) ??
      challenges.find((c) => c.scheme === "basic");
    if (!challenge) {
      throw new RegistryError(
        "UNAUTHORIZED",
        `unsupported authentication challenge "${header ?? ""}"`,
        context,
        401,
      );
    }
    this.challenges.set(origin, challenge);
    for (const [key, token] of this.tokens) if (`Bearer ${token.value}` === rejected) this.tokens.delete(key);
    const authorization = await this.answer(challenge, registry, origin, scope, context);
    if (!authorization) {
      throw new RegistryError(
        "UNAUTHORIZED",
        `authentication required and no credentials for ${registry}`,
        context,
        401,
      );
    }
    return authorization;
  }

  private async answer(
    challenge: Challenge,
    registry: string,
    origin: string,
    scope: string,
    context: RegistryErrorContext,
  ): Promise<string | undefined> {
    const credential = await this.options.credentials?.(registry);
    if (challenge.scheme === "basic") {
      if (credential?.kind !== "basic") return undefined;
      return basicAuthorization(credential);
    }
    const realm = new URL(challenge.params.realm!, origin);
    const scopes = [...new Set([scope, challenge.params.scope].filter((s): s is string => !!s))];
    const key = [origin, realm.href, challenge.params.service ?? "", ...scopes].join(" ");
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.value}`;

    const trusted =
      realm.host === new URL(origin).host ||
      this.trustedRealmHosts(new URL(origin).host).includes(realm.host);
    const token = await this.fetchToken(
      realm,
      challenge.params.service,
      scopes,
      trusted ? credential : undefined,
      context,
    );
    this.tokens.set(key, token);
    return `Bearer ${token.value}`;
  }

  private trustedRealmHosts(registryHost: string): readonly string[] {
    const trusted = this.options.trustedRealms;
    const configured = trusted && Object.hasOwn(trusted, registryHost) ? trusted[registryHost]! : [];
    return [...(KNOWN_REALMS.get(registryHost) ?? []), ...configured];
  }

  private async fetchToken(
    realm: URL,
    service: string | undefined,
    scopes: readonly string[],
    credential: Credential | undefined,
    registryContext: RegistryErrorContext,
  ) {
    const context = { ...registryContext, operation: `get a token from ${realm.origin} for` };
    const url = new URL(realm);
    const form = new URLSearchParams();
    if (service) form.set("service", service);
    for (const scope of scopes) form.append("scope", scope);
    const response =
      credential?.kind === "identity-token"
        ? await this.transport.request({
            method: "POST",
            url,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new TextEncoder().encode(
              `${form}&grant_type=refresh_token&client_id=bulwark&refresh_token=${encodeURIComponent(credential.token)}`,
            ),
            context,
          })
        : await this.transport.request({
            method: "GET",
            url: withQuery(url, form),
            ...(credential?.kind === "basic" ? { authorization: basicAuthorization(credential) } : {}),
            context,
          });
    if (response.status !== 200) throw await errorFromResponse(response, context);
    const body = await readBody(response.raw, TOKEN_RESPONSE_LIMIT, context);
    let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new RegistryError("INVALID_RESPONSE", "the token response is not JSON", context, response.status);
    }
    const value = typeof parsed.token === "string" ? parsed.token : parsed.access_token;
    if (typeof value !== "string" || value === "") {
      throw new RegistryError(
        "INVALID_RESPONSE",
        "the token response has no token",
        context,
        response.status,
      );
    }
    const lifetime = typeof parsed.expires_in === "number" ? parsed.expires_in : DEFAULT_TOKEN_LIFETIME_S;
    return { value, expiresAt: Date.now() + lifetime * 1000 - EXPIRY_MARGIN_MS };
  }
}

function basicAuthorization(credential: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString("base64")}`;
}

function withQuery(url: URL, params: URLSearchParams): URL {
  const out = new URL(url);
  for (const [k, v] of params) out.searchParams.append(k, v);
  return out;
}

import { isDigest } from "@bulwark/core";
import { Authenticator, type AuthenticatorOptions } from "./auth/authenticator.js";
import { computeDigest, DigestVerifier, digestAlgorithm, verifyDigest } from "./digest.js";
import { RegistryError, type RegistryErrorContext } from "./errors.js";
import { apiHost, isLoopback } from "./hosts.js";
import { readBody } from "./http/body.js";
import {
  errorFromResponse,
  type HttpRequest,
  type HttpResponse,
  Transport,
  type TransportOptions,
} from "./http/transport.js";
import {
  type Descriptor,
  type ImageIndex,
  MANIFEST_ACCEPT,
  MediaType,
  parseManifest,
} from "./media-types.js";
import type { FetchedManifest, ImageStore, PushedManifest } from "./store.js";

export interface RegistryLimits {
  /** Largest manifest or index accepted. Default 4 MiB, as distribution enforces. */
  manifestBytes?: number;
  /** Largest blob fetched into memory. Default 64 MiB. */
  blobBytes?: number;
  /** Largest page of a tags or referrers list. Default 4 MiB. */
  listBytes?: number;
  /** Most pages of a tags or referrers list followed. Default 100. */
  listPages?: number;
}

export interface RegistryClientOptions extends TransportOptions, AuthenticatorOptions {
  /** Loopback registries (localhost, 127.0.0.0/8, [::1]) are spoken to over plain HTTP. Default true. */
  plainHttpLoopback?: boolean;
  /** Other registry hosts explicitly configured insecure: plain HTTP. */
  insecureRegistries?: readonly string[];
  limits?: RegistryLimits;
  /** Blobs larger than this are uploaded in PATCH chunks of this size; smaller ones in one PUT. Default 8 MiB. */
  chunkBytes?: number;
}

const MiB = 1024 * 1024;

/** A registry client: shares the transport, the token cache and the options across repositories. */
export class RegistryClient {
  readonly transport: Transport;
  readonly auth: Authenticator;
  readonly limits: Required<RegistryLimits>;
  readonly chunkBytes: number;
  private readonly plainHttp: (host: string) => boolean;
  /** Registry origins known to lack the referrers API, so the fallback costs one request, not two. */
  readonly withoutReferrersApi = new Set<string>();
  /** The first referrers request to each origin: concurrent ones wait for what it finds out. */
  readonly referrersProbes = new Map<string, Promise<unknown>>();

  constructor(options: RegistryClientOptions = {}) {
    const insecure = new Set(options.insecureRegistries ?? []);
    const loopback = options.plainHttpLoopback ?? true;
    this.plainHttp = (host) => insecure.has(host) || (loopback && isLoopback(host));
    this.transport = new Transport({ ...options, allowsPlainHttp: this.plainHttp });
    this.auth = new Authenticator(this.transport, options);
    this.limits = {
      manifestBytes: 4 * MiB,
      blobBytes: 64 * MiB,
      listBytes: 4 * MiB,
      listPages: 100,
      ...options.limits,
    };
    this.chunkBytes = options.chunkBytes ?? 8 * MiB;
  }

  /** The registry's API origin: `https://registry-1.docker.io`, `http://127.0.0.1:5000`. */
  origin(registry: string): string {
    const host = apiHost(registry);
    return `${this.plainHttp(host) ? "http" : "https"}://${host}`;
  }

  repository(registry: string, repository: string): RegistryRepository {
    return new RegistryRepository(this, registry, repository);
  }

  /** `GET /v2/`: checks the registry speaks the distribution API and accepts our credentials. */
  async ping(registry: string): Promise<void> {
    const context = { registry, operation: "ping" };
    const response = await this.send(registry, "", context, {
      method: "GET",
      url: new URL("/v2/", this.origin(registry)),
    });
    await response.raw.body?.cancel().catch(() => {});
    if (response.status !== 200) throw await errorFromResponse(response, context);
  }

  /**
   * Sends a request to a registry, answering one authentication challenge from the registry itself.
   * A second 401 ends it: the credentials or token were refused, and asking again would loop.
   */
  async send(
    registry: string,
    scope: string,
    context: RegistryErrorContext,
    request: Omit<HttpRequest, "context" | "authorization">,
  ): Promise<HttpResponse> {
    const origin = this.origin(registry);
    const preemptive = await this.auth.preemptive(registry, origin, scope, context);
    const first = await this.transport.request({ ...request, context, authorization: preemptive });
    if (first.status !== 401 || first.url.origin !== origin) return first;
    await first.raw.body?.cancel().catch(() => {});
    const header = first.headers.get("www-authenticate");
    const authorization = await this.auth.respond(header, preemptive, registry, origin, scope, context);
    const second = await this.transport.request({ ...request, context, authorization });
    if (second.status === 401) {
      await second.raw.body?.cancel().catch(() => {});
      throw new RegistryError(
        "UNAUTHORIZED",
        "the registry refused the credentials or token it asked for",
        context,
        401,
      );
    }
    return second;
  }
}

/** One repository in a registry, as an ImageStore. */
export class RegistryRepository implements ImageStore {
  readonly name: string;
  private readonly base: URL;

  constructor(
    private readonly client: RegistryClient,
    readonly registry: string,
    readonly repository: string,
  ) {
    this.name = `${registry}/${repository}`;
    this.base = new URL(`/v2/${repository}/`, client.origin(registry));
  }

  async resolve(reference: string): Promise<Descriptor> {
    const context = this.context(`resolve ${reference} in`);
    const response = await this.pull(context, "HEAD", `manifests/${reference}`, { accept: MANIFEST_ACCEPT });
    const digest = response.headers.get("docker-content-digest");
    const size = Number(response.headers.get("content-length"));
    const mediaType = contentType(response);
    // Without the digest header (or when HEAD is refused) the manifest itself tells.
    if (
      response.status !== 200 ||
      !digest ||
      !isDigest(digest) ||
      !Number.isSafeInteger(size) ||
      !mediaType
    ) {
      if (response.status !== 200 && response.status !== 405)
        throw await errorFromResponse(response, context);
      return (await this.fetchManifest(reference)).descriptor;
    }
    if (isDigest(reference) && digest !== reference) {
      throw new RegistryError("DIGEST_MISMATCH", `the registry says ${digest} for ${reference}`, context);
    }
    return { mediaType, digest, size };
  }

  async fetchManifest(reference: string): Promise<FetchedManifest> {
    const context = this.context(`fetch manifest ${reference} from`);
    const response = await this.pull(context, "GET", `manifests/${reference}`, { accept: MANIFEST_ACCEPT });
    if (response.status !== 200) throw await errorFromResponse(response, context);
    const bytes = await readBody(response.raw, this.client.limits.manifestBytes, context);
    const claimed = response.headers.get("docker-content-digest");
    const expected = isDigest(reference) ? reference : claimed && isDigest(claimed) ? claimed : undefined;
    if (expected) verifyDigest(bytes, expected, context);
    const manifest = parseManifest(bytes, context);
    const digest = expected ?? computeDigest(bytes);
    return {
      descriptor: {
        mediaType: manifest.mediaType ?? contentType(response) ?? MediaType.OciManifest,
        digest,
        size: bytes.byteLength,
      },
      bytes,
      manifest,
    };
  }

  async pushManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<PushedManifest> {
    const digest = computeDigest(bytes);
    const context = this.context(`push manifest ${tag ?? digest} to`);
    const response = await this.push(
      context,
      "PUT",
      `manifests/${tag ?? digest}`,
      { "content-type": mediaType },
      bytes,
    );
    if (response.status !== 201 && response.status !== 200) throw await errorFromResponse(response, context);
    await response.raw.body?.cancel().catch(() => {});
    const stored = response.headers.get("docker-content-digest");
    if (stored && stored !== digest && digestAlgorithm(stored) === "sha256") {
      throw new RegistryError("DIGEST_MISMATCH", `the registry stored ${stored}, we sent ${digest}`, context);
    }
    return {
      descriptor: { mediaType, digest, size: bytes.byteLength },
      subjectIndexed: response.headers.has("oci-subject"),
    };
  }

  async fetchBlob(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Uint8Array> {
    const context = this.context(`fetch blob ${descriptor.digest} from`);
    if (descriptor.size > this.client.limits.blobBytes) {
      throw new RegistryError(
        "TOO_LARGE",
        `the blob is ${descriptor.size} bytes, over ${this.client.limits.blobBytes}`,
        context,
      );
    }
    const verifier = new DigestVerifier(descriptor.digest, context);
    const response = await this.pull(context, "GET", `blobs/${descriptor.digest}`, {});
    if (response.status !== 200) throw await errorFromResponse(response, context);
    const bytes = await readBody(response.raw, descriptor.size, context, (chunk) => verifier.update(chunk));
    verifier.verify();
    return bytes;
  }

  async hasBlob(digest: string): Promise<boolean> {
    const context = this.context(`check blob ${digest} in`);
    const response = await this.pull(context, "HEAD", `blobs/${digest}`, {});
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw await errorFromResponse(response, context);
  }

  /** Uploads a blob unless the repository has it: POST a session, then one PUT or PATCH chunks and a PUT. */
  async pushBlob(bytes: Uint8Array, mediaType = "application/octet-stream"): Promise<Descriptor> {
    const digest = computeDigest(bytes);
    const descriptor = { mediaType, digest, size: bytes.byteLength };
    if (await this.hasBlob(digest)) return descriptor;
    const context = this.context(`push blob ${digest} to`);
    let location = await this.uploadStep(context, "POST", this.url("blobs/uploads/"), {}, undefined, 202);
    const chunked = bytes.byteLength > this.client.chunkBytes;
    for (let start = 0; chunked && start < bytes.byteLength; start += this.client.chunkBytes) {
      const chunk = bytes.subarray(start, start + this.client.chunkBytes);
      const headers = {
        "content-type": "application/octet-stream",
        "content-range": `${start}-${start + chunk.byteLength - 1}`,
      };
      location = await this.uploadStep(context, "PATCH", location, headers, chunk, 202);
    }
    location.searchParams.set("digest", digest);
    const headers = { "content-type": "application/octet-stream" };
    await this.uploadStep(context, "PUT", location, headers, chunked ? new Uint8Array() : bytes, 201);
    return descriptor;
  }

  async listTags(): Promise<string[]> {
    const pages = await this.pages(this.context("list tags of"), this.url("tags/list?n=1000"));
    return pages.flatMap((page) => (page as { tags?: string[] | null }).tags ?? []);
  }

  async nativeReferrers(subject: string, artifactType?: string): Promise<Descriptor[] | undefined> {
    const origin = this.client.origin(this.registry);
    const probe = this.client.referrersProbes.get(origin);
    if (probe) await probe.catch(() => {});
    if (this.client.withoutReferrersApi.has(origin)) return undefined;
    const url = this.url(`referrers/${subject}`);
    if (artifactType) url.searchParams.set("artifactType", artifactType);
    const context = this.context(`list referrers of ${subject} in`);
    const listing = this.pages(context, url, true);
    if (!probe) this.client.referrersProbes.set(origin, listing);
    const pages = await listing;
    if (!pages) {
      this.client.withoutReferrersApi.add(origin);
      return undefined;
    }
    const referrers = pages.flatMap((page) => (page as ImageIndex).manifests ?? []);
    // Registries that ignore the filter say so by not listing it in OCI-Filters-Applied; filter here.
    return artifactType ? referrers.filter((d) => d.artifactType === artifactType) : referrers;
  }

  /** Follows `Link: <...>; rel="next"` pages; with `absentOk`, a 404 on the first page is undefined. */
  private async pages(
    context: RegistryErrorContext,
    first: URL,
    absentOk: true,
  ): Promise<unknown[] | undefined>;
  private async pages(context: RegistryErrorContext, first: URL): Promise<unknown[]>;
  private async pages(
    context: RegistryErrorContext,
    first: URL,
    absentOk = false,
  ): Promise<unknown[] | undefined> {
    const out: unknown[] = [];
    let url: URL | undefined = first;
    for (let page = 0; url; page++) {
      if (page >= this.client.limits.listPages) {
        throw new RegistryError("TOO_LARGE", `more than ${this.client.limits.listPages} pages`, context);
      }
      const response = await this.request(context, this.pullScope(), {
        method: "GET",
        url,
        headers: { accept: "application/json" },
      });
      if (response.status === 404 && absentOk && page === 0) {
        await response.raw.body?.cancel().catch(() => {});
        return undefined;
      }
      if (response.status !== 200) throw await errorFromResponse(response, context);
      const text = new TextDecoder().decode(
        await readBody(response.raw, this.client.limits.listBytes, context),
      );
      try {
        out.push(JSON.parse(text));
      } catch {
        throw new RegistryError("INVALID_RESPONSE", "the list is not JSON", context, response.status);
      }
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get("link") ?? "")?.[1];
      url = next ? new URL(next, url) : undefined;
      if (url && url.origin !== first.origin) {
        throw new RegistryError(
          "INVALID_RESPONSE",
          `the next page is on another origin, ${url.origin}`,
          context,
        );
      }
    }
    return out;
  }

  private async uploadStep(
    context: RegistryErrorContext,
    method: "POST" | "PATCH" | "PUT",
    url: URL,
    headers: Record<string, string>,
    body: Uint8Array | undefined,
    expected: number,
  ): Promise<URL> {
    const response = await this.push(context, method, url, headers, body);
    if (response.status !== expected) throw await errorFromResponse(response, context);
    await response.raw.body?.cancel().catch(() => {});
    const location = response.headers.get("location");
    if (expected === 202 && !location) {
      throw new RegistryError(
        "INVALID_RESPONSE",
        "the upload response has no Location",
        context,
        response.status,
      );
    }
    const next = new URL(location ?? url.href, url);
    if (next.origin !== url.origin) {
      // Credentials only go to the registry's origin; an upload elsewhere would have to go without them.
      throw new RegistryError(
        "INVALID_RESPONSE",
        `the upload moved to another origin, ${next.origin}`,
        context,
      );
    }
    return next;
  }

  private pull(
    context: RegistryErrorContext,
    method: "GET" | "HEAD",
    path: string,
    headers: Record<string, string>,
  ) {
    return this.request(context, this.pullScope(), { method, url: this.url(path), headers });
  }

  private push(
    context: RegistryErrorContext,
    method: HttpRequest["method"],
    target: string | URL,
    headers: Record<string, string>,
    body: Uint8Array | undefined,
  ) {
    const url = typeof target === "string" ? this.url(target) : target;
    return this.request(context, `repository:${this.repository}:pull,push`, {
      method,
      url,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
  }

  private request(
    context: RegistryErrorContext,
    scope: string,
    request: Omit<HttpRequest, "context" | "authorization">,
  ) {
    return this.client.send(this.registry, scope, context, request);
  }

  private pullScope(): string {
    return `repository:${this.repository}:pull`;
  }

  private url(path: string): URL {
    return new URL(path, this.base);
  }

  private context(operation: string): RegistryErrorContext {
    return { registry: this.registry, repository: this.repository, operation };
  }
}

function contentType(response: HttpResponse): string | undefined {
  return response.headers.get("content-type")?.split(";")[0]?.trim() || undefined;
}

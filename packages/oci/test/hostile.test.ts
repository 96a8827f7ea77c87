import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { computeDigest, MediaType, RegistryClient, type RegistryClientOptions } from "../src/index.js";
import { type FakeServer, fakeServer } from "./support/fake-server.js";

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof fakeServer>[0], address?: string): Promise<FakeServer> {
  const server = await fakeServer(handler, address);
  servers.push(server);
  return server;
}

const MANIFEST = new TextEncoder().encode(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciEmpty, digest: computeDigest(new TextEncoder().encode("{}")), size: 2 },
    layers: [],
  }),
);
const DIGEST = computeDigest(MANIFEST);
const BLOB = new TextEncoder().encode("blob content");
const BLOB_DIGEST = computeDigest(BLOB);

function sendManifest(
  res: ServerResponse,
  body: Uint8Array = MANIFEST,
  headers: Record<string, string> = {},
) {
  res.writeHead(200, {
    "content-type": MediaType.OciManifest,
    "content-length": body.byteLength,
    ...headers,
  });
  res.end(body);
}

const client = (options: RegistryClientOptions = {}) =>
  new RegistryClient({ retries: 0, requestTimeoutMs: 1000, totalTimeoutMs: 3000, ...options });

const repo = (server: FakeServer, options?: RegistryClientOptions) =>
  client(options).repository(server.host, "x/app");

describe("a registry that lies", () => {
  it("about a manifest's digest: DIGEST_MISMATCH by digest and by tag", async () => {
    const other = new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, manifests: [] }));
    const server = await serve((_req, res) => sendManifest(res, other, { "docker-content-digest": DIGEST }));
    await expect(repo(server).fetchManifest(DIGEST)).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
    await expect(repo(server).fetchManifest("v1")).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
  });

  it("about a blob's content: DIGEST_MISMATCH after streaming it", async () => {
    const server = await serve((_req, res) => res.end("other content"));
    await expect(repo(server).fetchBlob({ digest: BLOB_DIGEST, size: 13 })).rejects.toMatchObject({
      code: "DIGEST_MISMATCH",
    });
  });

  it("with a sha512 digest, checked with sha512", async () => {
    const { createHash } = await import("node:crypto");
    const digest = `sha512:${createHash("sha512").update(BLOB).digest("hex")}`;
    const server = await serve((req, res) => res.end(req.url?.includes("good") ? BLOB : "tampered!!!!"));
    const r = repo(server);
    await expect(r.fetchBlob({ digest, size: BLOB.byteLength })).rejects.toMatchObject({
      code: "DIGEST_MISMATCH",
    });
    await expect(
      client().repository(server.host, "good").fetchBlob({ digest, size: BLOB.byteLength }),
    ).resolves.toEqual(BLOB);
  });

  it("with a 10 GB Content-Length: TOO_LARGE before reading the body", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": MediaType.OciManifest, "content-length": String(10 * 1024 ** 3) });
      res.write("{");
    });
    await expect(repo(server).fetchManifest("v1")).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(repo(server).fetchBlob({ digest: BLOB_DIGEST, size: 12 })).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
  });

  it("with an endless body: TOO_LARGE at the limit", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": MediaType.OciManifest });
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    await expect(
      repo(server, { limits: { manifestBytes: 1024 * 1024 } }).fetchManifest("v1"),
    ).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
  });

  it("with an endless redirect chain: REDIRECT_LIMIT", async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: `${req.url}x` });
      res.end();
    });
    await expect(repo(server, { maxRedirects: 5 }).fetchManifest("v1")).rejects.toMatchObject({
      code: "REDIRECT_LIMIT",
    });
    expect(server.requests).toHaveLength(6);
  });

  it("with a manifest that is not JSON: INVALID_MANIFEST", async () => {
    const server = await serve((_req, res) =>
      sendManifest(res, new TextEncoder().encode("<html>oops</html>")),
    );
    await expect(repo(server).fetchManifest("v1")).rejects.toMatchObject({ code: "INVALID_MANIFEST" });
  });

  it("with a 401 loop: UNAUTHORIZED after one token, not forever", async () => {
    const server = await serve((req, res, self) => {
      if (req.url?.startsWith("/token")) {
        res.end(JSON.stringify({ token: "t" }));
        return;
      }
      res.writeHead(401, { "www-authenticate": `Bearer realm="http://${self.host}/token",service="fake"` });
      res.end();
    });
    const error = await repo(server)
      .fetchManifest("v1")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
    expect(String(error)).toContain(`${server.host}/x/app`);
    expect(server.requests.map((r) => r.url.split("?")[0])).toEqual([
      "/v2/x/app/manifests/v1",
      "/token",
      "/v2/x/app/manifests/v1",
    ]);
  });

  it("that stalls before answering: TIMEOUT", async () => {
    const server = await serve(() => {});
    await expect(
      repo(server, { requestTimeoutMs: 200, totalTimeoutMs: 1000 }).resolve("v1"),
    ).rejects.toMatchObject({
      code: "TIMEOUT",
    });
  });

  it("that stalls in the middle of a body: TIMEOUT", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": MediaType.OciManifest, "content-length": 1000 });
      res.write("{");
    });
    await expect(repo(server, { requestTimeoutMs: 200 }).fetchManifest("v1")).rejects.toMatchObject({
      code: "TIMEOUT",
    });
  });
});

describe("retries", () => {
  it("retry a 503 and honour Retry-After on a 429", async () => {
    let n = 0;
    const server = await serve((_req, res) => {
      n++;
      if (n === 1) res.writeHead(503).end();
      else if (n === 2) res.writeHead(429, { "retry-after": "2" }).end();
      else sendManifest(res);
    });
    const sleep = vi.fn(async () => {});
    const { descriptor } = await repo(server, { retries: 3, sleep }).fetchManifest("v1");
    expect(descriptor.digest).toBe(DIGEST);
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(sleep).toHaveBeenLastCalledWith(2000);
  });

  it("give up with RATE_LIMITED and the status after the last retry", async () => {
    const server = await serve((_req, res) => res.writeHead(429).end());
    const sleep = vi.fn(async () => {});
    await expect(repo(server, { retries: 2, sleep }).resolve("v1")).rejects.toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
    });
    expect(server.requests).toHaveLength(3);
  });

  it("stop waiting when Retry-After is past the total bound", async () => {
    const server = await serve((_req, res) => res.writeHead(503, { "retry-after": "3600" }).end());
    const sleep = vi.fn(async () => {});
    const r = repo(server, { retries: 5, sleep, maxDelayMs: 3_600_000, totalTimeoutMs: 5000 });
    await expect(r.resolve("v1")).rejects.toMatchObject({ code: "SERVER_ERROR" });
    expect(sleep).not.toHaveBeenCalled();
  });
});

describe("credentials stay with their registry", () => {
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
  const credentials: RegistryClientOptions["credentials"] = async () => ({
    kind: "basic",
    username: "u",
    password: "p",
  });

  it("a blob redirect to another host gets no Authorization header", async () => {
    const storage = await serve((_req, res) => res.end(BLOB), "127.0.0.2");
    const registry = await serve((req, res) => {
      if (req.headers.authorization !== basic("u", "p")) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="r"' }).end();
        return;
      }
      res.writeHead(307, { location: `http://${storage.host}/blob?sig=1` }).end();
    });
    const bytes = await repo(registry, { credentials }).fetchBlob({
      digest: BLOB_DIGEST,
      size: BLOB.byteLength,
    });
    expect(bytes).toEqual(BLOB);
    expect(registry.requests.map((r) => r.authorization)).toEqual([undefined, basic("u", "p")]);
    expect(storage.requests).toEqual([{ method: "GET", url: "/blob?sig=1", authorization: undefined }]);
  });

  it("a token realm on another host gets an anonymous request unless configured as trusted", async () => {
    const tokens = await serve(
      (_req, res) => res.end(JSON.stringify({ token: "anon-or-user" })),
      "127.0.0.2",
    );
    const registry = await serve((req, res) => {
      if (req.headers.authorization === "Bearer anon-or-user") return sendManifest(res);
      res
        .writeHead(401, { "www-authenticate": `Bearer realm="http://${tokens.host}/token",service="svc"` })
        .end();
    });
    await repo(registry, { credentials }).fetchManifest("v1");
    expect(tokens.requests.map((r) => r.authorization)).toEqual([undefined]);

    const trustedRealms = { [registry.host]: [tokens.host] };
    await repo(registry, { credentials, trustedRealms }).fetchManifest("v1");
    expect(tokens.requests.map((r) => r.authorization)).toEqual([undefined, basic("u", "p")]);
  });

  it("a same-host token realm gets the credentials; tokens are cached per registry and scope", async () => {
    let issued = 0;
    const registry = await serve((req, res, self) => {
      if (req.url?.startsWith("/token")) {
        const scope = new URL(req.url, "http://x").searchParams.get("scope");
        res.end(JSON.stringify({ token: `${scope}#${++issued}`, expires_in: 300 }));
        return;
      }
      const repoName = req.url?.split("/")[3];
      if (req.headers.authorization?.startsWith(`Bearer repository:x/${repoName}:pull#`))
        return sendManifest(res);
      res
        .writeHead(401, { "www-authenticate": `Bearer realm="http://${self.host}/token",service="svc"` })
        .end();
    });
    const shared = client({ credentials });
    await shared.repository(registry.host, "x/app").fetchManifest("v1");
    await shared.repository(registry.host, "x/app").fetchManifest("v2");
    await shared.repository(registry.host, "x/other").fetchManifest("v1");
    const tokenRequests = registry.requests.filter((r) => r.url.startsWith("/token"));
    expect(tokenRequests.map((r) => new URL(r.url, "http://x").searchParams.get("scope"))).toEqual([
      "repository:x/app:pull",
      "repository:x/other:pull",
    ]);
    expect(tokenRequests.every((r) => r.authorization === basic("u", "p"))).toBe(true);
    // The second repository's token came without a 401 first: the challenge was remembered.
    expect(registry.requests.map((r) => r.url.split("?")[0])).toEqual([
      "/v2/x/app/manifests/v1",
      "/token",
      "/v2/x/app/manifests/v1",
      "/v2/x/app/manifests/v2",
      "/token",
      "/v2/x/other/manifests/v1",
    ]);
  });

  it("exchanges an identity token for a Bearer token with an OAuth2 refresh_token POST", async () => {
    let form = "";
    const registry = await serve((req, res, self) => {
      if (req.url === "/token") {
        req.on("data", (chunk: Buffer) => {
          form += chunk.toString();
        });
        req.on("end", () => res.end(JSON.stringify({ access_token: "from-refresh" })));
        return;
      }
      if (req.headers.authorization === "Bearer from-refresh") return sendManifest(res);
      res
        .writeHead(401, { "www-authenticate": `Bearer realm="http://${self.host}/token",service="svc"` })
        .end();
    });
    await repo(registry, {
      credentials: async () => ({ kind: "identity-token", token: "rt" }),
    }).fetchManifest("v1");
    const params = new URLSearchParams(form);
    expect([params.get("grant_type"), params.get("refresh_token"), params.get("scope")]).toEqual([
      "refresh_token",
      "rt",
      "repository:x/app:pull",
    ]);
  });

  it("refuses a redirect from the registry to plain HTTP on a host not allowed it", async () => {
    const registry = await serve((_req, res) =>
      res.writeHead(302, { location: "http://example.invalid/blob" }).end(),
    );
    await expect(repo(registry).fetchBlob({ digest: BLOB_DIGEST, size: 12 })).rejects.toMatchObject({
      code: "INSECURE",
    });
  });
});

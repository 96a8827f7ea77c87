import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The OCI 1.1 referrers API in front of a real distribution 2.8 registry, which lacks it: requests
 * pass through unchanged, except that a manifest pushed with a `subject` is indexed (and the push
 * answered with `OCI-Subject`, as the spec says) and `GET /v2/<name>/referrers/<digest>` lists the
 * index. So tests reach the client's native referrers path with a real registry storing the content.
 */
export interface ReferrersApi {
  host: string;
  close(): Promise<void>;
}

interface Entry {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export async function startReferrersApi(registryHost: string): Promise<ReferrersApi> {
  const [hostname, port] = registryHost.split(":");
  const index = new Map<string, Entry[]>();
  const server: Server = createServer(async (incoming, outgoing) => {
    const body = await readAll(incoming);
    const url = new URL(incoming.url ?? "/", "http://proxy");
    const referrers = /^\/v2\/(.+)\/referrers\/([^/]+)$/.exec(url.pathname);
    if (incoming.method === "GET" && referrers) {
      const artifactType = url.searchParams.get("artifactType");
      const all = index.get(`${referrers[1]}@${referrers[2]}`) ?? [];
      const manifests = artifactType ? all.filter((e) => e.artifactType === artifactType) : all;
      outgoing.writeHead(200, {
        "content-type": "application/vnd.oci.image.index.v1+json",
        ...(artifactType ? { "oci-filters-applied": "artifactType" } : {}),
      });
      outgoing.end(
        JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests }),
      );
      return;
    }
    const upstream = request(
      { hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      async (response) => {
        const answer = await readAll(response);
        const headers = { ...response.headers };
        const pushed = /^\/v2\/(.+)\/manifests\/[^/]+$/.exec(url.pathname);
        if (incoming.method === "PUT" && pushed && response.statusCode === 201) {
          const manifest = JSON.parse(body.toString("utf8"));
          const digest = response.headers["docker-content-digest"];
          if (manifest.subject && typeof digest === "string") {
            const key = `${pushed[1]}@${manifest.subject.digest}`;
            const artifactType = manifest.artifactType ?? manifest.config?.mediaType;
            const entry: Entry = {
              mediaType: String(incoming.headers["content-type"]),
              digest,
              size: body.byteLength,
              ...(artifactType ? { artifactType } : {}),
              ...(manifest.annotations ? { annotations: manifest.annotations } : {}),
            };
            index.set(key, [...(index.get(key) ?? []).filter((e) => e.digest !== digest), entry]);
            headers["oci-subject"] = manifest.subject.digest;
          }
        }
        outgoing.writeHead(response.statusCode ?? 502, headers);
        outgoing.end(answer);
      },
    );
    upstream.on("error", (error) => outgoing.writeHead(502).end(error.message));
    upstream.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

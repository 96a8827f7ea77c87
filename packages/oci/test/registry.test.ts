import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  computeDigest,
  dockerConfigCredentials,
  type Exec,
  type ImageManifest,
  LayoutStore,
  listReferrers,
  MediaType,
  openTarget,
  pushReferrer,
  RegistryClient,
  RegistryError,
  referrersTag,
} from "../src/index.js";
import { buildImage, skopeoCopy } from "./support/images.js";
import { startRegistry, type TestRegistry } from "./support/registry.js";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const EMPTY = json({});

/** An artifact manifest that refers to `subject`, as a signature or attestation would. */
function referrerManifest(
  subject: { mediaType: string; digest: string; size: number },
  artifactType: string,
  n: number,
) {
  const layer = json({ n });
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    artifactType,
    config: { mediaType: MediaType.OciEmpty, digest: computeDigest(EMPTY), size: EMPTY.byteLength },
    layers: [{ mediaType: "application/json", digest: computeDigest(layer), size: layer.byteLength }],
    subject,
    annotations: { n: String(n) },
  };
  return { layer, bytes: json(manifest) };
}

describe("against distribution 2.8 without auth", () => {
  let registry: TestRegistry;
  let layout: string;
  const client = new RegistryClient({ retries: 1 });

  beforeAll(async () => {
    registry = await startRegistry();
    layout = await buildImage("v1");
    await skopeoCopy(layout, "v1", `${registry.host}/demo/app:v1`);
  });
  afterAll(async () => registry?.stop());

  it("pings the registry", async () => {
    await expect(client.ping(registry.host)).resolves.toBeUndefined();
  });

  it("resolves a tag skopeo pushed to the digest of the manifest umoci built", async () => {
    const local = await new LayoutStore(layout).resolve("v1");
    const remote = await client.repository(registry.host, "demo/app").resolve("v1");
    expect(remote).toEqual({ mediaType: MediaType.OciManifest, digest: local.digest, size: local.size });
  });

  it("pulls the manifest and every blob, each verified, and they match the layout", async () => {
    const repo = client.repository(registry.host, "demo/app");
    const { manifest, descriptor } = await repo.fetchManifest("v1");
    expect(await repo.fetchManifest(descriptor.digest)).toMatchObject({ descriptor });
    const image = manifest as ImageManifest;
    const store = new LayoutStore(layout);
    for (const blob of [image.config, ...image.layers]) {
      expect(await repo.fetchBlob(blob)).toEqual(await store.fetchBlob(blob));
    }
  });

  it("pushes blobs monolithically and in chunks, and a manifest that a tag then resolves to", async () => {
    const chunky = new RegistryClient({ chunkBytes: 7 });
    const repo = chunky.repository(registry.host, "demo/pushed");
    const config = await repo.pushBlob(EMPTY, MediaType.OciEmpty);
    const layer = await repo.pushBlob(
      new TextEncoder().encode("a layer longer than seven bytes"),
      "application/x-test",
    );
    expect(await repo.hasBlob(layer.digest)).toBe(true);
    const bytes = json({ schemaVersion: 2, mediaType: MediaType.OciManifest, config, layers: [layer] });
    const pushed = await repo.pushManifest(bytes, MediaType.OciManifest, "t1");
    expect(pushed.descriptor.digest).toBe(computeDigest(bytes));
    expect((await repo.resolve("t1")).digest).toBe(pushed.descriptor.digest);
    expect(new TextDecoder().decode(await repo.fetchBlob(layer))).toBe("a layer longer than seven bytes");
    expect(await repo.listTags()).toEqual(["t1"]);
  });

  it("says NOT_FOUND for an unknown tag, naming registry, repository and status", async () => {
    const error = await client
      .repository(registry.host, "demo/app")
      .fetchManifest("nope")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect((error as Error).message).toContain(`${registry.host}/demo/app`);
    expect((error as Error).message).toContain("HTTP 404");
  });

  it("keeps every referrer in the tag fallback when several are added in turn", async () => {
    const repo = client.repository(registry.host, "demo/app");
    const subject = await repo.resolve("v1");
    await repo.pushBlob(EMPTY, MediaType.OciEmpty);
    const pushed = [];
    for (const [n, type] of ["application/x.sig", "application/x.att", "application/x.sig"].entries()) {
      const { layer, bytes } = referrerManifest(subject, type, n);
      await repo.pushBlob(layer, "application/json");
      pushed.push(await pushReferrer(repo, bytes, MediaType.OciManifest));
    }
    // Pushing the same referrer again must not duplicate it.
    await pushReferrer(repo, referrerManifest(subject, "application/x.sig", 0).bytes, MediaType.OciManifest);

    const all = await listReferrers(repo, subject.digest);
    expect(all.map((d) => d.digest)).toEqual(pushed.map((d) => d.digest));
    expect(all.map((d) => d.annotations?.n)).toEqual(["0", "1", "2"]);
    expect((await listReferrers(repo, subject.digest, "application/x.att")).map((d) => d.digest)).toEqual([
      pushed[1]!.digest,
    ]);
    expect(await repo.listTags()).toContain(referrersTag(subject.digest));
    expect(client.withoutReferrersApi.has(client.origin(registry.host))).toBe(true);
  });

  it("opens registry and layout targets behind the same interface", async () => {
    const remote = await openTarget(`${registry.host}/demo/app:v1`, client);
    const local = await openTarget(`oci-layout:${layout}`, client);
    expect(local.reference).toBe("v1");
    expect((await remote.store.resolve(remote.reference)).digest).toBe(
      (await local.store.resolve(local.reference)).digest,
    );
  });
});

describe("against distribution 2.8 with htpasswd auth", () => {
  let registry: TestRegistry;
  let layout: string;

  beforeAll(async () => {
    registry = await startRegistry({ auth: true });
    layout = await buildImage("v1");
    await skopeoCopy(layout, "v1", `${registry.host}/private/app:v1`, registry.credentials);
  });
  afterAll(async () => registry?.stop());

  const withCredentials = (password: string) =>
    new RegistryClient({
      retries: 0,
      credentials: async (host) =>
        host === registry.host
          ? { kind: "basic", username: registry.credentials!.username, password }
          : undefined,
    });

  it("pulls and pushes with the right credentials", async () => {
    const repo = withCredentials(registry.credentials!.password).repository(registry.host, "private/app");
    const { descriptor } = await repo.fetchManifest("v1");
    expect(descriptor.digest).toBe((await new LayoutStore(layout).resolve("v1")).digest);
    const blob = await repo.pushBlob(new TextEncoder().encode("authenticated"));
    expect(await repo.hasBlob(blob.digest)).toBe(true);
  });

  it("fails UNAUTHORIZED without credentials and with a wrong password", async () => {
    for (const client of [new RegistryClient({ retries: 0 }), withCredentials("wrong")]) {
      await expect(client.repository(registry.host, "private/app").resolve("v1")).rejects.toMatchObject({
        code: "UNAUTHORIZED",
        status: 401,
      });
    }
  });

  it("finds the credentials through a Docker credential helper, asked once per lookup", async () => {
    const { username, password } = registry.credentials!;
    const exec = vi.fn<Exec>(async () => ({
      exitCode: 0,
      stdout: JSON.stringify({ Username: username, Secret: password }),
      stderr: "",
    }));
    const credentials = dockerConfigCredentials({ credHelpers: { [registry.host]: "test" } }, exec);
    await new RegistryClient({ retries: 0, credentials }).ping(registry.host);
    expect(exec).toHaveBeenCalledWith("docker-credential-test", ["get"], registry.host);
  });
});

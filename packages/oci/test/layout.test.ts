import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  computeDigest,
  LayoutStore,
  listReferrers,
  MediaType,
  openTarget,
  parseTarget,
  pushReferrer,
  REF_NAME,
} from "../src/index.js";
import { buildImage } from "./support/images.js";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const EMPTY = json({});

async function emptyStore() {
  return new LayoutStore(join(await mkdtemp(join(tmpdir(), "bulwark-layout-")), "out"));
}

async function pushImage(store: LayoutStore, tag: string, content: string) {
  const config = await store.pushBlob(EMPTY, MediaType.OciEmpty);
  const layer = await store.pushBlob(new TextEncoder().encode(content), "application/x-test");
  const bytes = json({ schemaVersion: 2, mediaType: MediaType.OciManifest, config, layers: [layer] });
  return (await store.pushManifest(bytes, MediaType.OciManifest, tag)).descriptor;
}

describe("OCI image-layout directories", () => {
  it("read a layout umoci built", async () => {
    const store = new LayoutStore(await buildImage("v1", "f.txt", "umoci"));
    const { manifest, descriptor } = await store.fetchManifest("v1");
    expect(descriptor.digest).toBe((await store.resolve("v1")).digest);
    expect("layers" in manifest && manifest.layers).toHaveLength(1);
    expect(await store.listTags()).toEqual(["v1"]);
  });

  it("write a layout from nothing: oci-layout, blobs, and index.json with ref.name tags", async () => {
    const store = await emptyStore();
    const first = await pushImage(store, "v1", "one");
    const second = await pushImage(store, "v2", "two");
    expect(JSON.parse(await readFile(join(store.dir, "oci-layout"), "utf8"))).toEqual({
      imageLayoutVersion: "1.0.0",
    });
    const index = JSON.parse(await readFile(join(store.dir, "index.json"), "utf8"));
    expect(
      index.manifests.map((d: { digest: string; annotations: Record<string, string> }) => [
        d.digest,
        d.annotations[REF_NAME],
      ]),
    ).toEqual([
      [first.digest, "v1"],
      [second.digest, "v2"],
    ]);
    expect(await readFile(join(store.dir, "blobs", "sha256", first.digest.slice(7)))).toHaveLength(
      first.size,
    );
  });

  it("move a tag to a new manifest instead of listing it twice", async () => {
    const store = await emptyStore();
    await pushImage(store, "v1", "old");
    const moved = await pushImage(store, "v1", "new");
    expect(await store.listTags()).toEqual(["v1"]);
    expect((await store.resolve("v1")).digest).toBe(moved.digest);
  });

  it("detect a tampered blob", async () => {
    const store = await emptyStore();
    const descriptor = await store.pushBlob(new TextEncoder().encode("original"));
    await writeFile(join(store.dir, "blobs", "sha256", descriptor.digest.slice(7)), "tampered");
    await expect(store.fetchBlob(descriptor)).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
  });

  it("say NOT_FOUND for an unknown tag", async () => {
    await expect((await emptyStore()).resolve("nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("hold referrers in the tag fallback, none lost", async () => {
    const store = await emptyStore();
    const subject = await pushImage(store, "v1", "image");
    const digests = [];
    for (const n of [1, 2, 3]) {
      const layer = await store.pushBlob(json({ n }), "application/json");
      const config = { mediaType: MediaType.OciEmpty, digest: computeDigest(EMPTY), size: 2 };
      const bytes = json({
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        artifactType: "application/x.sig",
        config,
        layers: [layer],
        subject,
      });
      digests.push((await pushReferrer(store, bytes, MediaType.OciManifest)).digest);
    }
    expect((await listReferrers(store, subject.digest)).map((d) => d.digest)).toEqual(digests);
    expect(await listReferrers(store, subject.digest, "application/x.other")).toEqual([]);
  });
});

describe("targets", () => {
  it.each([
    ["oci-layout:./out", { kind: "layout", path: "./out" }],
    ["oci-layout:out:v1", { kind: "layout", path: "out", tag: "v1" }],
    ["oci-layout:/a:b/c", { kind: "layout", path: "/a:b/c" }],
    [
      `oci-layout:d@sha256:${"a".repeat(64)}`,
      { kind: "layout", path: "d", digest: `sha256:${"a".repeat(64)}` },
    ],
    ["nginx", { kind: "registry", registry: "docker.io", repository: "library/nginx", tag: "latest" }],
  ])("parse %s", (text, spec) => {
    expect(parseTarget(text)).toEqual(spec);
  });

  it("reject a layout target with no directory", () => {
    expect(() => parseTarget("oci-layout::v1")).toThrow("names no directory");
  });

  it("open an untagged layout target only when it holds one tag", async () => {
    const store = await emptyStore();
    await pushImage(store, "v1", "a");
    expect((await openTarget(`oci-layout:${store.dir}`)).reference).toBe("v1");
    await pushImage(store, "v2", "b");
    await expect(openTarget(`oci-layout:${store.dir}`)).rejects.toThrow("name one as oci-layout:<dir>:<tag>");
  });
});

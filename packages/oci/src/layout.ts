import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isDigest } from "@bulwark/core";
import { computeDigest, verifyDigest } from "./digest.js";
import { RegistryError, type RegistryErrorCode, type RegistryErrorContext } from "./errors.js";
import { type Descriptor, type ImageIndex, MediaType, parseManifest } from "./media-types.js";
import type { FetchedManifest, ImageStore, PushedManifest } from "./store.js";

export const REF_NAME = "org.opencontainers.image.ref.name";
const INDEX_LIMIT = 16 * 1024 * 1024;
const MANIFEST_LIMIT = 4 * 1024 * 1024;

/**
 * An OCI image-layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`) as an ImageStore.
 * Tags are the `org.opencontainers.image.ref.name` annotations of index.json entries, as umoci and
 * skopeo write them. Writes go through a temporary file and a rename, and this store's own index
 * updates run one at a time, so a crash or two pushes in a row never leave a torn index.json.
 */
export class LayoutStore implements ImageStore {
  readonly name: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly blobLimit = 64 * 1024 * 1024,
  ) {
    this.name = `oci-layout:${dir}`;
  }

  async resolve(reference: string): Promise<Descriptor> {
    const index = await this.readIndex();
    const found = isDigest(reference)
      ? index.manifests.find((d) => d.digest === reference)
      : index.manifests.findLast((d) => d.annotations?.[REF_NAME] === reference);
    if (found) return found;
    if (isDigest(reference) && (await this.blobSize(reference)) !== undefined) {
      return (await this.fetchManifest(reference)).descriptor;
    }
    throw this.error("NOT_FOUND", `${reference} is not in index.json`, `resolve ${reference} in`);
  }

  async fetchManifest(reference: string): Promise<FetchedManifest> {
    const operation = `fetch manifest ${reference} from`;
    const digest = isDigest(reference) ? reference : (await this.resolve(reference)).digest;
    const bytes = await this.readBlob(digest, MANIFEST_LIMIT, operation);
    const manifest = parseManifest(bytes, this.context(operation));
    const mediaType = manifest.mediaType ?? MediaType.OciManifest;
    return { descriptor: { mediaType, digest, size: bytes.byteLength }, bytes, manifest };
  }

  async pushManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<PushedManifest> {
    const descriptor = await this.pushBlob(bytes, mediaType);
    await this.updateIndex((manifests) => {
      if (tag === undefined) {
        return manifests.some((d) => d.digest === descriptor.digest) ? manifests : [...manifests, descriptor];
      }
      // A tag names one manifest: entries that only carried this tag go, others lose the tag.
      const kept = manifests.flatMap((d) => {
        if (d.annotations?.[REF_NAME] !== tag) return [d];
        const { [REF_NAME]: _, ...rest } = d.annotations;
        return Object.keys(rest).length > 0 ? [{ ...d, annotations: rest }] : [];
      });
      return [...kept, { ...descriptor, annotations: { [REF_NAME]: tag } }];
    });
    return { descriptor, subjectIndexed: false };
  }

  async fetchBlob(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Uint8Array> {
    const operation = `fetch blob ${descriptor.digest} from`;
    const bytes = await this.readBlob(
      descriptor.digest,
      Math.min(descriptor.size, this.blobLimit),
      operation,
    );
    if (bytes.byteLength !== descriptor.size) {
      throw this.error(
        "DIGEST_MISMATCH",
        `the blob is ${bytes.byteLength} bytes, expected ${descriptor.size}`,
        operation,
      );
    }
    return bytes;
  }

  async hasBlob(digest: string): Promise<boolean> {
    return (await this.blobSize(digest)) !== undefined;
  }

  async pushBlob(bytes: Uint8Array, mediaType = "application/octet-stream"): Promise<Descriptor> {
    const digest = computeDigest(bytes);
    if (!(await this.hasBlob(digest))) {
      await this.ensureLayout();
      await atomicWrite(this.blobPath(digest), bytes);
    }
    return { mediaType, digest, size: bytes.byteLength };
  }

  async listTags(): Promise<string[]> {
    const tags = (await this.readIndex()).manifests.map((d) => d.annotations?.[REF_NAME]);
    return [...new Set(tags.filter((t): t is string => t !== undefined))];
  }

  /** A layout has no index of subjects; referrers live in the tag fallback. */
  async nativeReferrers(): Promise<undefined> {
    return undefined;
  }

  private async readBlob(digest: string, limit: number, operation: string): Promise<Uint8Array> {
    const size = await this.blobSize(digest);
    if (size === undefined) throw this.error("NOT_FOUND", `blob ${digest} is missing`, operation);
    if (size > limit)
      throw this.error("TOO_LARGE", `blob ${digest} is ${size} bytes, over ${limit}`, operation);
    const file = await readFile(this.blobPath(digest));
    verifyDigest(file, digest, this.context(operation));
    return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  }

  private async blobSize(digest: string): Promise<number | undefined> {
    if (!isDigest(digest)) return undefined;
    try {
      return (await stat(this.blobPath(digest))).size;
    } catch {
      return undefined;
    }
  }

  private blobPath(digest: string): string {
    const [algorithm = "", hex = ""] = digest.split(":");
    return join(this.dir, "blobs", algorithm, hex);
  }

  private async readIndex(): Promise<ImageIndex> {
    const operation = "read index.json of";
    const path = join(this.dir, "index.json");
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      return { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [] };
    }
    if (size > INDEX_LIMIT) throw this.error("TOO_LARGE", `index.json is ${size} bytes`, operation);
    const index = parseManifest(await readFile(path), this.context(operation));
    if (!("manifests" in index)) throw this.error("LAYOUT", "index.json is not an image index", operation);
    return index;
  }

  private updateIndex(change: (manifests: Descriptor[]) => Descriptor[]): Promise<void> {
    const run = async () => {
      await this.ensureLayout();
      const index = await this.readIndex();
      const updated = { ...index, mediaType: MediaType.OciIndex, manifests: change(index.manifests) };
      await atomicWrite(join(this.dir, "index.json"), new TextEncoder().encode(JSON.stringify(updated)));
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => {});
    return next;
  }

  private async ensureLayout(): Promise<void> {
    const marker = join(this.dir, "oci-layout");
    try {
      await stat(marker);
    } catch {
      await atomicWrite(marker, new TextEncoder().encode(JSON.stringify({ imageLayoutVersion: "1.0.0" })));
    }
  }

  private context(operation: string): RegistryErrorContext {
    return { registry: "oci-layout", repository: this.dir, operation };
  }

  private error(code: RegistryErrorCode, detail: string, operation: string): RegistryError {
    return new RegistryError(code, detail, this.context(operation));
  }
}

async function atomicWrite(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

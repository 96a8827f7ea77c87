import { isRegistryError, RegistryError } from "./errors.js";
import {
  type Descriptor,
  type ImageIndex,
  isIndex,
  type Manifest,
  MediaType,
  parseManifest,
} from "./media-types.js";
import type { ImageStore } from "./store.js";

/**
 * The tag that stands in for the referrers API: `sha256-<hex>` for the subject `sha256:<hex>`
 * (algorithm up to 32 characters, hex up to 64, as the distribution spec says for long digests).
 */
export function referrersTag(subject: string): string {
  const [algorithm = "", hex = ""] = subject.split(":");
  return `${algorithm.slice(0, 32)}-${hex.slice(0, 64)}`;
}

/** The manifests that name `subject` as their subject, optionally only those of one artifact type. */
export async function listReferrers(
  store: ImageStore,
  subject: string,
  artifactType?: string,
): Promise<Descriptor[]> {
  const native = await store.nativeReferrers(subject, artifactType);
  if (native) return native;
  const { manifests } = await readFallbackIndex(store, subject);
  return artifactType ? manifests.filter((d) => d.artifactType === artifactType) : manifests;
}

/**
 * Pushes a manifest that has a `subject` and makes it findable: a store with the referrers API
 * indexes it itself; otherwise it is added to the subject's fallback tag index, keeping every
 * referrer already there. The read-modify-write is not atomic (registries offer no conditional
 * PUT), so two writers racing on one subject can still lose an entry; sequential pushes never do.
 */
export async function pushReferrer(
  store: ImageStore,
  bytes: Uint8Array,
  mediaType: string,
): Promise<Descriptor> {
  const manifest = parseManifest(bytes, { registry: store.name, operation: "push referrer to" });
  if (!manifest.subject) {
    throw new RegistryError("INVALID_MANIFEST", "a referrer needs a subject", {
      registry: store.name,
      operation: "push referrer to",
    });
  }
  const pushed = await store.pushManifest(bytes, mediaType);
  const descriptor = referrerDescriptor(pushed.descriptor, manifest);
  if (!pushed.subjectIndexed) await addToFallbackIndex(store, manifest.subject.digest, descriptor);
  return descriptor;
}

/** What a referrers list says about a manifest: its artifact type and annotations with the descriptor. */
function referrerDescriptor(pushed: Descriptor, manifest: Manifest): Descriptor {
  const artifactType = manifest.artifactType ?? (isIndex(manifest) ? undefined : manifest.config.mediaType);
  return {
    mediaType: pushed.mediaType,
    digest: pushed.digest,
    size: pushed.size,
    ...(artifactType ? { artifactType } : {}),
    ...(manifest.annotations ? { annotations: manifest.annotations } : {}),
  };
}

async function addToFallbackIndex(store: ImageStore, subject: string, referrer: Descriptor): Promise<void> {
  const index = await readFallbackIndex(store, subject);
  if (index.manifests.some((d) => d.digest === referrer.digest)) return;
  const updated: ImageIndex = { ...index, manifests: [...index.manifests, referrer] };
  await store.pushManifest(
    new TextEncoder().encode(JSON.stringify(updated)),
    MediaType.OciIndex,
    referrersTag(subject),
  );
}

async function readFallbackIndex(store: ImageStore, subject: string): Promise<ImageIndex> {
  const tag = referrersTag(subject);
  try {
    const { manifest } = await store.fetchManifest(tag);
    if (!isIndex(manifest)) {
      throw new RegistryError(
        "INVALID_MANIFEST",
        `the tag ${tag} is not an index, so it cannot list referrers`,
        {
          registry: store.name,
          operation: "read referrers of",
        },
      );
    }
    return manifest;
  } catch (error) {
    if (isRegistryError(error, "NOT_FOUND"))
      return { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [] };
    throw error;
  }
}

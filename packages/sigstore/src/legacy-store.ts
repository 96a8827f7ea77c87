import {
  type Descriptor,
  type ImageManifest,
  type ImageStore,
  isRegistryError,
  MediaType,
} from "@bulwark/oci";
import type { Bundle } from "@sigstore/bundle";
import { fromLegacyLayer, type LegacyKind, type LegacyLayer, legacyTag } from "./legacy-format.js";

/** A signature or attestation read from a legacy tag: the bundle view and the bytes that were signed. */
export interface LegacyEntry {
  tag: string;
  layer: LegacyLayer;
  bundle: () => Bundle;
}

/**
 * Adds layers to the image's `.sig` or `.att` manifest, keeping the ones already there (cosign
 * appends the same way), and returns the tag.
 */
export async function appendLegacyLayers(
  store: ImageStore,
  digest: string,
  kind: LegacyKind,
  layers: LegacyLayer[],
) {
  const tag = legacyTag(digest, kind);
  const existing = await readLegacyManifest(store, tag);
  const descriptors = [...(existing?.layers ?? [])];
  for (const layer of layers) {
    const pushed = await store.pushBlob(layer.bytes, layer.mediaType);
    const descriptor: Descriptor = {
      mediaType: layer.mediaType,
      digest: pushed.digest,
      size: pushed.size,
      annotations: layer.annotations,
    };
    if (!descriptors.some((d) => sameLayer(d, descriptor))) descriptors.push(descriptor);
  }
  // cosign gives these manifests an image config whose rootfs lists the layers.
  const config = Buffer.from(
    JSON.stringify({
      architecture: "",
      created: "0001-01-01T00:00:00Z",
      history: [{ created: "0001-01-01T00:00:00Z" }],
      os: "",
      rootfs: { type: "layers", diff_ids: descriptors.map((d) => d.digest) },
      config: {},
    }),
  );
  const configDescriptor = await store.pushBlob(config, MediaType.OciConfig);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciConfig, digest: configDescriptor.digest, size: configDescriptor.size },
    layers: descriptors,
  };
  await store.pushManifest(Buffer.from(JSON.stringify(manifest)), MediaType.OciManifest, tag);
  return tag;
}

/** Every layer of the image's `.sig` or `.att` tag, each fetched (and digest-checked) lazily. */
export async function readLegacyEntries(
  store: ImageStore,
  digest: string,
  kind: LegacyKind,
): Promise<LegacyEntry[]> {
  const tag = legacyTag(digest, kind);
  const manifest = await readLegacyManifest(store, tag);
  const entries: LegacyEntry[] = [];
  for (const descriptor of manifest?.layers ?? []) {
    const layer: LegacyLayer = {
      mediaType: descriptor.mediaType,
      bytes: Buffer.from(await store.fetchBlob(descriptor)),
      annotations: descriptor.annotations ?? {},
    };
    entries.push({ tag, layer, bundle: () => fromLegacyLayer(layer) });
  }
  return entries;
}

async function readLegacyManifest(store: ImageStore, tag: string): Promise<ImageManifest | undefined> {
  try {
    const { manifest } = await store.fetchManifest(tag);
    return "layers" in manifest ? manifest : undefined;
  } catch (error) {
    if (isRegistryError(error, "NOT_FOUND")) return undefined;
    throw error;
  }
}

function sameLayer(a: Descriptor, b: Descriptor): boolean {
  return a.digest === b.digest && JSON.stringify(a.annotations ?? {}) === JSON.stringify(b.annotations ?? {});
}

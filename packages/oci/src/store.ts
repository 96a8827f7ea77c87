import type { Descriptor, Manifest } from "./media-types.js";

export interface FetchedManifest {
  /** Media type, digest (verified) and size of the bytes below. */
  descriptor: Descriptor;
  bytes: Uint8Array;
  manifest: Manifest;
}

export interface PushedManifest {
  descriptor: Descriptor;
  /** The store indexed the manifest's `subject` itself (a registry with the referrers API). */
  subjectIndexed: boolean;
}

/**
 * One repository of content-addressed images: a repository in a registry or an OCI image-layout
 * directory. Signing and verification talk to this, so they work the same with no registry at all.
 * `reference` arguments are a tag or a digest. Everything fetched is checked against its digest.
 */
export interface ImageStore {
  /** For messages: `127.0.0.1:5000/app` or `oci-layout:./dir`. */
  readonly name: string;
  /** The descriptor a tag or digest points at; RegistryError NOT_FOUND when there is none. */
  resolve(reference: string): Promise<Descriptor>;
  fetchManifest(reference: string): Promise<FetchedManifest>;
  /** Stores a manifest under its digest and, when given, a tag. */
  pushManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<PushedManifest>;
  fetchBlob(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Uint8Array>;
  hasBlob(digest: string): Promise<boolean>;
  pushBlob(bytes: Uint8Array, mediaType?: string): Promise<Descriptor>;
  listTags(): Promise<string[]>;
  /**
   * Referrers of a manifest from the store's own index of subjects (the registry referrers API),
   * or undefined when the store has none and the `sha256-<hex>` tag fallback applies.
   */
  nativeReferrers(subject: string, artifactType?: string): Promise<Descriptor[] | undefined>;
}

import { RegistryError, type RegistryErrorContext } from "./errors.js";

export const MediaType = {
  OciManifest: "application/vnd.oci.image.manifest.v1+json",
  OciIndex: "application/vnd.oci.image.index.v1+json",
  OciConfig: "application/vnd.oci.image.config.v1+json",
  OciEmpty: "application/vnd.oci.empty.v1+json",
  DockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  DockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
} as const;

export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  MediaType.OciManifest,
  MediaType.OciIndex,
  MediaType.DockerManifest,
  MediaType.DockerManifestList,
];

/** Sent with every manifest request, so registries return what was pushed instead of converting it. */
export const MANIFEST_ACCEPT = MANIFEST_MEDIA_TYPES.join(", ");

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  urls?: string[];
  platform?: { architecture: string; os: string; variant?: string; "os.version"?: string };
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type Manifest = ImageManifest | ImageIndex;

export function isIndex(manifest: Manifest): manifest is ImageIndex {
  return "manifests" in manifest;
}

/**
 * Parses manifest bytes and checks the shape this client relies on (schema 2, descriptors with a
 * digest and a size), so a registry that returns HTML or a truncated document fails here, clearly.
 */
export function parseManifest(bytes: Uint8Array, context: RegistryErrorContext): Manifest {
  const invalid = (why: string): never => {
    throw new RegistryError("INVALID_MANIFEST", why, context);
  };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return invalid("the manifest is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return invalid("the manifest is not an object");
  const doc = value as Record<string, unknown>;
  if (doc.schemaVersion !== 2)
    return invalid(`schemaVersion is ${JSON.stringify(doc.schemaVersion)}, expected 2`);
  const descriptors = Array.isArray(doc.manifests)
    ? doc.manifests
    : doc.config !== undefined && Array.isArray(doc.layers)
      ? [doc.config, ...doc.layers]
      : invalid("the manifest has neither manifests nor config and layers");
  for (const d of [...descriptors, ...(doc.subject !== undefined ? [doc.subject] : [])]) {
    if (!isDescriptor(d)) return invalid(`malformed descriptor ${JSON.stringify(d).slice(0, 200)}`);
  }
  return doc as unknown as Manifest;
}

function isDescriptor(value: unknown): value is Descriptor {
  if (typeof value !== "object" || value === null) return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d.mediaType === "string" &&
    typeof d.digest === "string" &&
    typeof d.size === "number" &&
    Number.isSafeInteger(d.size) &&
    d.size >= 0
  );
}

import {
  type Descriptor,
  type ImageManifest,
  type ImageStore,
  isIndex,
  listReferrers,
  MediaType,
  pushReferrer,
} from "@bulwark/oci";
import { type Bundle, bundleToJSON } from "@sigstore/bundle";
import { BUNDLE_MEDIA_TYPE, parseBundle } from "./bundle.js";
import { VerificationFailure } from "./errors.js";

/**
 * cosign 3's storage: each bundle is an OCI artifact that names the image as its `subject`, found
 * through the referrers API or its `sha256-<hex>` tag fallback.
 */
export const BundleAnnotation = {
  Content: "dev.sigstore.bundle.content",
  PredicateType: "dev.sigstore.bundle.predicateType",
  Created: "org.opencontainers.image.created",
} as const;

/** The artifact types a bundle referrer may have: v0.3 and the older media type of the same version. */
const BUNDLE_ARTIFACT_TYPES = [BUNDLE_MEDIA_TYPE, "application/vnd.dev.sigstore.bundle+json;version=0.3"];

const EMPTY_CONFIG = Buffer.from("{}");

/** Pushes a bundle as a referrer of `subject`; returns the referrer's descriptor. */
export function pushBundleReferrer(
  store: ImageStore,
  subject: Descriptor,
  bundle: Bundle,
  predicateType: string | undefined,
  created: Date,
): Promise<Descriptor> {
  return pushBundleBytes(store, subject, Buffer.from(JSON.stringify(bundleToJSON(bundle))), {
    [BundleAnnotation.Content]:
      bundle.content.$case === "dsseEnvelope" ? "dsse-envelope" : "message-signature",
    ...(predicateType ? { [BundleAnnotation.PredicateType]: predicateType } : {}),
    [BundleAnnotation.Created]: created.toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
}

/**
 * Stores `bytes` as a bundle referrer of `subject`, as they are, with `annotations` (BundleAnnotation
 * keys); returns the referrer's descriptor.
 */
export async function pushBundleBytes(
  store: ImageStore,
  subject: Descriptor,
  bytes: Uint8Array,
  annotations: Record<string, string>,
): Promise<Descriptor> {
  const config = await store.pushBlob(EMPTY_CONFIG, MediaType.OciEmpty);
  const layer = await store.pushBlob(bytes, BUNDLE_MEDIA_TYPE);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    artifactType: BUNDLE_MEDIA_TYPE,
    config: { mediaType: MediaType.OciEmpty, digest: config.digest, size: config.size },
    layers: [{ mediaType: BUNDLE_MEDIA_TYPE, digest: layer.digest, size: layer.size }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations,
  };
  return pushReferrer(store, Buffer.from(JSON.stringify(manifest)), MediaType.OciManifest);
}

/** A bundle found as a referrer, with what its descriptor announces (unverified, for picking only). */
export interface ReferredBundle {
  referrer: string;
  announcedPredicateType?: string;
  /** Fetches and parses the bundle; each referrer costs two requests, so only the wanted ones are read. */
  load(): Promise<Bundle>;
}

export async function listBundleReferrers(store: ImageStore, subject: string): Promise<ReferredBundle[]> {
  const referrers = await listReferrers(store, subject);
  return referrers
    .filter((d) => BUNDLE_ARTIFACT_TYPES.includes(d.artifactType ?? ""))
    .map((d) => {
      const announced = d.annotations?.[BundleAnnotation.PredicateType];
      return {
        referrer: d.digest,
        ...(announced ? { announcedPredicateType: announced } : {}),
        load: () => loadBundle(store, d),
      };
    });
}

async function loadBundle(store: ImageStore, referrer: Descriptor): Promise<Bundle> {
  const { manifest } = await store.fetchManifest(referrer.digest);
  const layer = isIndex(manifest)
    ? undefined
    : manifest.layers.find((l) => BUNDLE_ARTIFACT_TYPES.includes(l.mediaType));
  if (!layer) {
    throw new VerificationFailure(
      "CRYPTO_FAILURE",
      `the referrer ${referrer.digest} holds no sigstore bundle`,
    );
  }
  return parseBundle(await store.fetchBlob(layer));
}

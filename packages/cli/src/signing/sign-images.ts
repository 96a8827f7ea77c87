import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RegistryClient } from "@bulwark/oci";
import {
  attestImage,
  COSIGN_SIGN_PREDICATE_TYPE,
  type Logger,
  type SigningMethod,
  type SignResult,
  type StorageFormat,
  serializeBundle,
  signImage,
} from "@bulwark/sigstore";

/** An in-toto predicate to attest, and where it came from (for messages). */
export interface AttestationRequest {
  predicateType: string;
  predicate: unknown;
  source: string;
}

export interface SignImagesRequest {
  images: readonly string[];
  method: SigningMethod;
  format: StorageFormat;
  /** Sign the images (`bulwark sign`); false only attests them (`bulwark attest`). */
  sign: boolean;
  attestations: readonly AttestationRequest[];
  client: RegistryClient;
  /** Where each bundle is written as `<digest hex>-<n>.sigstore.json`; nowhere when absent. */
  bundleDir?: string;
  logger: Logger;
}

/** One signature or attestation stored for an image. */
export interface SignedEntry {
  kind: "signature" | "attestation";
  predicateType: string;
  format: "bundle" | "legacy";
  /** The referrer digest or the legacy tag. */
  location: string;
  tlogIndexes: string[];
  bundlePath?: string;
}

export interface SignedImage {
  image: string;
  /** `registry/repository@sha256:...` (or the layout's): what was signed. */
  reference: string;
  digest: string;
  /** The tag the digest was resolved from. */
  tag?: string;
  entries: SignedEntry[];
}

/**
 * Signs and attests each image in turn, as `cosign sign` / `cosign attest` do, and writes each
 * bundle to `bundleDir`. Tags are resolved to digests once per image, and the logger says so.
 */
export async function signImages(request: SignImagesRequest): Promise<SignedImage[]> {
  const signed: SignedImage[] = [];
  let written = 0;
  // `attest --format both` stores one bundle twice: it is written once.
  const paths = new Map<SignResult["bundles"][number], string>();
  const bundlePath = async (digest: string, bundle: SignResult["bundles"][number]) => {
    if (!request.bundleDir) return undefined;
    const known = paths.get(bundle);
    if (known) return known;
    await mkdir(request.bundleDir, { recursive: true });
    const path = join(request.bundleDir, `${digest.replace(/^sha\d+:/, "")}-${++written}.sigstore.json`);
    await writeFile(path, serializeBundle(bundle), { encoding: "utf8", mode: 0o644 });
    paths.set(bundle, path);
    return path;
  };
  const entriesOf = async (kind: SignedEntry["kind"], predicateType: string, result: SignResult) => {
    const entries: SignedEntry[] = [];
    for (const [i, stored] of result.stored.entries()) {
      const bundle = result.bundles[i]!;
      const path = await bundlePath(result.digest, bundle);
      entries.push({
        kind,
        predicateType,
        format: stored.format,
        location: stored.location,
        tlogIndexes: bundle.verificationMaterial.tlogEntries.map((entry) => entry.logIndex),
        ...(path ? { bundlePath: path } : {}),
      });
    }
    return entries;
  };

  for (const image of request.images) {
    const options = {
      method: request.method,
      format: request.format,
      client: request.client,
      logger: request.logger,
    };
    let first: SignResult | undefined;
    const entries: SignedEntry[] = [];
    // After the first operation the digest is pinned, so later ones cannot follow a moved tag.
    const target = () => (first ? pinned(image, first.digest) : image);
    if (request.sign) {
      first = await signImage(target(), options);
      entries.push(...(await entriesOf("signature", COSIGN_SIGN_PREDICATE_TYPE, first)));
    }
    for (const attestation of request.attestations) {
      const result = await attestImage(target(), {
        ...options,
        predicateType: attestation.predicateType,
        predicate: attestation.predicate,
      });
      first ??= result;
      entries.push(...(await entriesOf("attestation", attestation.predicateType, result)));
    }
    if (!first) continue;
    signed.push({
      image,
      reference: pinned(image, first.digest),
      digest: first.digest,
      ...(first.tag ? { tag: first.tag } : {}),
      entries,
    });
  }
  return signed;
}

/** The image text with its tag (if any) replaced by the digest. */
export function pinned(image: string, digest: string): string {
  const at = image.lastIndexOf("@");
  const withoutDigest = at > image.lastIndexOf("/") ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(":");
  const name = colon > withoutDigest.lastIndexOf("/") ? withoutDigest.slice(0, colon) : withoutDigest;
  return `${name}@${digest}`;
}

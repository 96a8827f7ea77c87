import type { ImageFailureCode } from "@bulwark/core";
import { isRegistryError, mapConcurrent, type RegistryClient } from "@bulwark/oci";
import {
  BundleVerifier,
  isVerificationFailure,
  type Logger,
  type SignerPolicy,
  type VerifiedEntry,
  verifyImage,
} from "@bulwark/sigstore";
import { loadTrustedRoot, type TrustedRootSource } from "./trust.js";

/** A signature or attestation that verified, as reports show it. */
export interface VerifiedSummary {
  format: "bundle" | "legacy";
  location: string;
  predicateType?: string;
  /** The certificate identity and issuer (keyless), absent for key signatures. */
  identity?: string;
  issuer?: string;
  tlogIndexes: string[];
}

export type ImageOutcome =
  | {
      image: string;
      status: "verified";
      digest: string;
      tag?: string;
      signatures: VerifiedSummary[];
      attestations: VerifiedSummary[];
    }
  /** `code` is the verifier's failure code, or UNVERIFIABLE when the image could not be read. */
  | { image: string; status: "failed"; code: ImageFailureCode; reason: string };

export interface VerifyImagesRequest {
  images: readonly string[];
  verifier: BundleVerifier;
  requiredAttestations: readonly string[];
  client: RegistryClient;
  logger: Logger;
  /** Images verified at once. Default 4. */
  concurrency?: number;
}

/**
 * Verifies every image against one verifier, a few at a time. A failed verification or a registry
 * that cannot be read is that image's outcome, so one bad image does not hide the others; a mistake
 * in the request itself (an invalid reference) is thrown.
 */
export function verifyImages(request: VerifyImagesRequest): Promise<ImageOutcome[]> {
  return mapConcurrent(request.images, request.concurrency ?? 4, async (image): Promise<ImageOutcome> => {
    try {
      const result = await verifyImage(image, {
        verifier: request.verifier,
        requiredAttestations: [...request.requiredAttestations],
        client: request.client,
        logger: request.logger,
      });
      return {
        image,
        status: "verified",
        digest: result.digest,
        ...(result.tag ? { tag: result.tag } : {}),
        signatures: result.signatures.map((entry) => summary(entry)),
        attestations: result.attestations.map((entry) => summary(entry, entry.predicateType)),
      };
    } catch (error) {
      if (isVerificationFailure(error)) {
        return { image, status: "failed", code: error.code, reason: error.message };
      }
      if (!isRegistryError(error)) throw error;
      return { image, status: "failed", code: "UNVERIFIABLE", reason: error.message };
    }
  });
}

function summary(entry: VerifiedEntry, predicateType?: string): VerifiedSummary {
  const subject = entry.identity?.subject;
  const issuer = entry.identity?.claims.issuer;
  return {
    format: entry.format,
    location: entry.location,
    ...(predicateType ? { predicateType } : {}),
    ...(subject ? { identity: subject } : {}),
    ...(issuer ? { issuer } : {}),
    tlogIndexes: entry.tlogIndexes,
  };
}

export interface VerifyPolicyRequest extends Omit<VerifyImagesRequest, "verifier"> {
  signer: SignerPolicy;
  trust: TrustedRootSource;
  /** Accept signatures without a transparency-log entry (cosign's `--insecure-ignore-tlog`). */
  ignoreTlog: boolean;
}

/**
 * Verifies the images against a signer policy and a trusted root. A trusted root that cannot be
 * trusted fails every image with UNTRUSTED_ROOT: nothing can verify without one.
 */
export async function verifyImagesWithPolicy(request: VerifyPolicyRequest): Promise<ImageOutcome[]> {
  let verifier: BundleVerifier;
  try {
    verifier = new BundleVerifier({
      trustedRoot: await loadTrustedRoot(request.trust),
      signer: request.signer,
      ignoreTlog: request.ignoreTlog,
    });
  } catch (error) {
    if (!isVerificationFailure(error)) throw error;
    return request.images.map((image) => ({
      image,
      status: "failed",
      code: error.code,
      reason: error.message,
    }));
  }
  return verifyImages({ ...request, verifier });
}

import type { RuleMeta } from "../types.js";

/**
 * Why an image did not verify. Verification fails closed: anything not proven is one of these. The
 * signature verifier (@bulwark/sigstore) gives all but `UNVERIFIABLE`.
 */
export type ImageFailureCode =
  /** No signature or attestation of the kind asked for is stored for the image. */
  | "NO_SIGNATURE"
  /** Signed and cryptographically valid, but not by the identity, issuer or key the policy names. */
  | "IDENTITY_MISMATCH"
  /** Valid, but for other content: the signed digest is not the image's digest. */
  | "DIGEST_MISMATCH"
  /** The signature, certificate chain, transparency-log proof or timestamp does not verify. */
  | "CRYPTO_FAILURE"
  /** The trusted root could not be loaded, or the signer chains to none of its authorities. */
  | "UNTRUSTED_ROOT"
  /** The signature is valid but an attestation the policy requires is missing or invalid. */
  | "MISSING_ATTESTATION"
  /** The image could not be read to be checked at all (registry or layout error). */
  | "UNVERIFIABLE";

/** Cosign-style names for the failure codes, for people reading a terminal, a table or an output. */
export const IMAGE_FAILURE_LABELS: Readonly<Record<ImageFailureCode, string>> = {
  NO_SIGNATURE: "no signature",
  IDENTITY_MISMATCH: "identity mismatch",
  DIGEST_MISMATCH: "digest mismatch",
  CRYPTO_FAILURE: "invalid signature",
  UNTRUSTED_ROOT: "untrusted root",
  MISSING_ATTESTATION: "missing attestation",
  UNVERIFIABLE: "could not be checked",
};

const COSIGN_VERIFY = {
  title: "cosign: Verifying signatures",
  url: "https://docs.sigstore.dev/cosign/verifying/verify/",
};
const SIGSTORE_BUNDLE = {
  title: "Sigstore bundle format",
  url: "https://docs.sigstore.dev/about/bundle/",
};

function imageRule(id: string, title: string, description: string, remediation: string): RuleMeta {
  return {
    id,
    title,
    category: "image-signature",
    severity: "error",
    description,
    remediation,
    references: [COSIGN_VERIFY, SIGSTORE_BUNDLE],
  };
}

/** One rule per way image verification fails, so code scanning groups the failures by cause. */
export const IMAGE_RULES: Readonly<Record<ImageFailureCode, RuleMeta>> = {
  NO_SIGNATURE: imageRule(
    "image-signature-missing",
    "The image has no signature",
    "Neither a sigstore bundle referrer nor a legacy `.sig` tag is stored for the image's digest, so nothing vouches for it.",
    "Sign the image in the job that builds it (the sign-image action or `bulwark sign`), after pushing it, and sign the digest that is deployed.",
  ),
  IDENTITY_MISMATCH: imageRule(
    "image-identity-mismatch",
    "The image was signed by someone else",
    "A signature verifies, but its certificate identity, OIDC issuer, GitHub claims or key are not the ones the policy trusts.",
    "Check that the policy names the workflow that signs releases (identity, issuer, repository, ref, trigger) or the right public key; if it does, the image did not come from that workflow.",
  ),
  DIGEST_MISMATCH: imageRule(
    "image-digest-mismatch",
    "The signature is for another image",
    "A valid signature was found, but what it signs is not this image's digest: it was copied from another image or the tag now points elsewhere.",
    "Sign and deploy by digest; re-sign the image that is actually deployed.",
  ),
  CRYPTO_FAILURE: imageRule(
    "image-signature-invalid",
    "The signature does not verify",
    "The signature, certificate chain, transparency-log proof or timestamp failed cryptographic verification: the signature or the image was altered, or the signature lacks the proof the policy requires.",
    "Re-sign the image. A key-based signature made without the transparency log only verifies when the tlog check is explicitly skipped.",
  ),
  UNTRUSTED_ROOT: imageRule(
    "image-untrusted-root",
    "The signer does not chain to a trusted root",
    "The signing certificate or the trusted root itself could not be trusted: a certificate from another Sigstore instance, or a damaged or missing trusted root.",
    "Give the trusted root of the Sigstore deployment that signed (trusted_root.json), or sign with public-good Sigstore.",
  ),
  MISSING_ATTESTATION: imageRule(
    "image-attestation-missing",
    "A required attestation is missing",
    "The image is signed, but no verified attestation of a predicate type the policy requires (such as SLSA provenance) is stored for it.",
    "Attest the image in its release job (the sign-image action's provenance or attestations inputs, or `bulwark attest`).",
  ),
  UNVERIFIABLE: imageRule(
    "image-unverifiable",
    "The image could not be checked",
    "The registry (or image layout) could not be read: the image does not exist, access was refused, or the registry failed or was too slow.",
    "Check the reference and that the job has read access to the registry; the message gives the registry's answer.",
  ),
};

/** The image-verification rules in catalogue order. */
export const IMAGE_SIGNATURE_RULES: readonly RuleMeta[] = Object.values(IMAGE_RULES);

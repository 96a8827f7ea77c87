import { createHash } from "node:crypto";
import type { Bundle } from "@sigstore/bundle";
import { bundleStatement, requireSubject } from "./statement.js";
import type { BundleVerifier, VerifiedSignature } from "./verifier.js";

/**
 * Verifies a bundle for a file (cosign's `verify-blob` and `verify-blob-attestation`): a message
 * signature must be over these bytes, an in-toto statement must name them as a subject.
 */
export function verifyArtifactBundle(
  verifier: BundleVerifier,
  bundle: Bundle,
  artifact: Buffer,
): VerifiedSignature {
  const verified = verifier.verify(bundle, artifact);
  if (bundle.content.$case === "dsseEnvelope") {
    requireSubject(bundleStatement(bundle), `sha256:${createHash("sha256").update(artifact).digest("hex")}`);
  }
  return verified;
}

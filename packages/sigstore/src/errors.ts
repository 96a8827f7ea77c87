/**
 * Why a verification failed, for code that decides what to do next (a deploy gate, a SARIF rule);
 * the message says it for people. Verification fails closed: anything not proven is one of these.
 */
export type VerificationFailureCode =
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
  | "MISSING_ATTESTATION";

export class VerificationFailure extends Error {
  override readonly name = "VerificationFailure";

  constructor(
    readonly code: VerificationFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isVerificationFailure(
  error: unknown,
  code?: VerificationFailureCode,
): error is VerificationFailure {
  return error instanceof VerificationFailure && (code === undefined || error.code === code);
}

/** What can go wrong while signing, apart from the user's mistakes (those are ConfigErrors). */
export type SigningErrorCode = "KEY" | "SIGNING_SERVICE" | "STORE";

export class SigningError extends Error {
  override readonly name = "SigningError";

  constructor(
    readonly code: SigningErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

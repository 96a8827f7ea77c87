import type { ImageFailureCode } from "@bulwark/core";

/**
 * Why a verification failed, for code that decides what to do next (a deploy gate, a SARIF rule);
 * the message says it for people. Core's image failure codes, but for `UNVERIFIABLE`, which is
 * decided where the registry is read.
 */
export type VerificationFailureCode = Exclude<ImageFailureCode, "UNVERIFIABLE">;

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

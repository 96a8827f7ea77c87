/** What went wrong, for code that decides what to do next; the message says it for people. */
export type RegistryErrorCode =
  | "NOT_FOUND"
  | "UNAUTHORIZED"
  | "DENIED"
  | "RATE_LIMITED"
  | "SERVER_ERROR"
  | "HTTP_ERROR"
  | "DIGEST_MISMATCH"
  | "TOO_LARGE"
  | "INVALID_MANIFEST"
  | "INVALID_RESPONSE"
  | "REDIRECT_LIMIT"
  | "INSECURE"
  | "TIMEOUT"
  | "NETWORK"
  | "LAYOUT"
  | "CREDENTIALS";

/** Where an error happened: the registry (or `oci-layout:<dir>`), the repository, the operation. */
export interface RegistryErrorContext {
  registry: string;
  repository?: string;
  operation: string;
}

/**
 * Every failure of registry or image-layout work. The message names the operation, the registry and
 * repository and the HTTP status, so a user reading one line knows which image and which step failed.
 */
export class RegistryError extends Error {
  override readonly name = "RegistryError";
  readonly registry: string;
  readonly repository: string | undefined;
  readonly operation: string;

  constructor(
    readonly code: RegistryErrorCode,
    detail: string,
    context: RegistryErrorContext,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    const where = context.repository ? `${context.registry}/${context.repository}` : context.registry;
    const http = status !== undefined ? ` (HTTP ${status})` : "";
    super(`${context.operation} ${where} failed${http}: ${detail}`, options);
    this.registry = context.registry;
    this.repository = context.repository;
    this.operation = context.operation;
  }
}

export function isRegistryError(error: unknown, code?: RegistryErrorCode): error is RegistryError {
  return error instanceof RegistryError && (code === undefined || error.code === code);
}

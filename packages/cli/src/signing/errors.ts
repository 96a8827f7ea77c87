import { ConfigError } from "@bulwark/core";
import { isRegistryError, type RegistryError } from "@bulwark/oci";
import { SigningError } from "@bulwark/sigstore";

/** A registry or Sigstore service that failed: said in one line, not as a stack trace. */
export function isServiceError(error: unknown): error is RegistryError | SigningError {
  return isRegistryError(error) || error instanceof SigningError;
}

/** An error's message and the messages of its causes, which say what the service answered. */
export function describeError(error: Error): string {
  const messages = [error.message];
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    if (!messages.some((m) => m.includes(cause.message))) messages.push(cause.message);
  }
  return messages.join(": ");
}

/** What an action fails with: the user's mistake or the service's answer as is, anything else with its stack. */
export function actionFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (isServiceError(error)) return describeError(error);
  return `Internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

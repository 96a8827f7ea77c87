/**
 * The user's mistake (bad input, bad config, unknown rule): the message says what is wrong and how
 * to fix it, and adapters show it without a stack trace. Anything else thrown is an internal error.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(
    message: string,
    /** Where the mistake is, when it is in a file. */
    readonly location?: { path: string; line: number; column: number },
  ) {
    super(location ? `${location.path}:${location.line}:${location.column}: ${message}` : message);
  }
}

/**
 * How this package reports progress: the same shape as `@bulwark/github`'s Logger, so the action
 * passes its `@actions/core` logger and the CLI its terminal one. Keys and passwords never reach it.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
};

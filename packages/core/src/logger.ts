/**
 * How library code reports progress and problems. Library code never calls `@actions/core` itself:
 * the action passes a logger backed by it, the CLI one backed by the terminal, tests a recorder.
 * Secrets (keys, passwords, tokens) never reach it.
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

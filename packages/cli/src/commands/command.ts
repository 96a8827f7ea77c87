import type { ParseArgsConfig } from "node:util";
import type { Logger } from "@bulwark/github";

/** What the CLI touches of the process, so tests can run it in-process. */
export interface CliIo {
  cwd: string;
  stdin: AsyncIterable<Uint8Array>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal that shows colour. */
  color: boolean;
  /** The process environment (tokens, passwords, CI context); tests pass their own. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** A mistake in how the command line was written: reported with a pointer to --help. */
export class UsageError extends Error {}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** One `bulwark <name>` command: its help text, its options, and what it does. */
export interface Command {
  name: string;
  /** One line for the command list in `bulwark --help`. */
  summary: string;
  /** The full `bulwark <name> --help` text. */
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: OptionValues, positionals: string[], io: CliIo): Promise<number>;
}

/** Progress stays quiet on a terminal (the report says it all); warnings and errors go to stderr. */
export function terminalLogger(io: CliIo): Logger {
  return {
    debug() {},
    info() {},
    warning: (message) => io.stderr(`bulwark: warning: ${message}\n`),
    error: (message) => io.stderr(`bulwark: error: ${message}\n`),
  };
}

/** A string option's value (parseArgs types every option value as a union). */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

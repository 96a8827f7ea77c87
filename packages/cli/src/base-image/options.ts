import { ConfigError } from "@bulwark/core";

/** Parsing of the base-image option values the CLI and the action share, with the same messages. */

/** `--build-arg NAME=value` values (or the action's lines of them) as a map; later ones win, as in Docker. */
export function parseBuildArgs(entries: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf("=");
    const name = equals < 0 ? entry : entry.slice(0, equals);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ConfigError(`Invalid build arg "${entry}": expected NAME=value, such as BASE_TAG=1.27.`);
    }
    if (equals < 0) {
      throw new ConfigError(
        `Build arg "${entry}" has no value: give NAME=value (Bulwark does not read the environment).`,
      );
    }
    args[name] = entry.slice(equals + 1);
  }
  return args;
}

/** The action's multi-line input: one NAME=value a line, blank lines and `#` comments ignored. */
export function splitBuildArgLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** A positive number of seconds, as milliseconds. */
export function parseSeconds(option: string, text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ConfigError(`Invalid ${option} "${text}": expected a positive number of seconds.`);
  }
  return Math.round(seconds * 1000);
}

import { randomUUID } from "node:crypto";

/**
 * Workflow commands (`::name key=value,...::message`), escaped the way the runner unescapes them, so
 * text from a manifest (a hostile message, a file name with a newline) can never start a command.
 */

/** Escapes a command's message: the runner decodes `%25`, `%0D` and `%0A` there. */
export function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** Escapes a property value: as data, plus `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

export type CommandProperties = Record<string, string | number | undefined>;

export function formatCommand(name: string, properties: CommandProperties, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== "")
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

/**
 * Wraps text the runner must print verbatim (file contents, paths) between `stop-commands` markers
 * with a token nobody can guess, so a line in it that looks like a command stays text.
 */
export function verbatim(text: string): string {
  if (!text.includes("::")) return text;
  const token = `bulwark-${randomUUID()}`;
  return `::stop-commands::${token}\n${text}\n::${token}::`;
}

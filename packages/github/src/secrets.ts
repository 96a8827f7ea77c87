import { formatCommand } from "./commands.js";

/**
 * Tells the runner to mask a secret in every later log line. Each line of a multi-line secret is
 * masked too, because the runner masks line by line.
 */
export function maskSecret(secret: string, write: (line: string) => void): void {
  for (const part of new Set([secret, ...secret.split(/\r?\n/)])) {
    if (part.trim() !== "") write(formatCommand("add-mask", {}, part));
  }
}

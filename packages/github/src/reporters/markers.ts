import { createHash } from "node:crypto";

/**
 * Hidden markers (`<!-- bulwark:KIND key=value ... -->`) that let a later run find what an earlier
 * run posted. A marker is read only from the first line of a comment, which Bulwark always writes
 * itself; everything below it is escaped, so text from a finding cannot forge one.
 */
export type MarkerKind = "finding" | "review" | "sticky";

const SAFE_VALUE = /^[A-Za-z0-9._:/-]{1,128}$/;

/** Values are kept when harmless and replaced by their hash otherwise (`-->` or spaces in a category). */
export function markerValue(value: string): string {
  return SAFE_VALUE.test(value) ? value : `sha256-${createHash("sha256").update(value).digest("hex")}`;
}

export function formatMarker(kind: MarkerKind, fields: Record<string, string>): string {
  const pairs = Object.entries(fields).map(([key, value]) => ` ${key}=${markerValue(value)}`);
  return `<!-- bulwark:${kind}${pairs.join("")} -->`;
}

export function readMarker(body: string, kind: MarkerKind): Record<string, string> | undefined {
  const newline = body.indexOf("\n");
  const first = newline < 0 ? body : body.slice(0, newline);
  const match = /^<!-- bulwark:(\w+)((?: [\w-]+=[^\s]+)*) -->$/.exec(first.trimEnd());
  if (!match || match[1] !== kind) return undefined;
  const fields: Record<string, string> = {};
  for (const pair of match[2]!.trim().split(" ").filter(Boolean)) {
    const at = pair.indexOf("=");
    fields[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return fields;
}

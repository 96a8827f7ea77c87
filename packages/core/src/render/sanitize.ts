/**
 * Line breaks and tabs, which would break a table row or a compiler-style line, and every other
 * control or bidirectional-formatting character, which could rewrite a terminal or reorder what a
 * reviewer sees ("Trojan Source"). Strings from manifests are hostile until shown otherwise.
 */
const BREAKS = /\r\n|[\r\n\t\u2028\u2029]/g;
const INVISIBLE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The text on one line, with invisible characters made visible as `\u{...}`. */
export function oneLine(text: string): string {
  return text
    .replace(BREAKS, " ")
    .replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16).padStart(4, "0")}}`);
}

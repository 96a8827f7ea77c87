import { oneLine } from "./sanitize.js";

/**
 * Every ASCII punctuation character: CommonMark lets each be backslash-escaped, which makes it
 * literal text. That covers what could forge markup (`<` of HTML and comments, `[`/`]`/`(` of links,
 * `|` of table cells, backticks, emphasis, `&` of entities) and splits the text GitHub would
 * otherwise autolink (`https://`, `www.`, e-mail addresses) into pieces that no longer match.
 */
const PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * Text from a manifest or a pull request, made safe to place anywhere in GitHub-flavoured Markdown,
 * table cells included: one line, every punctuation character literal, and `@` followed by a
 * zero-width space so that `@org/team` in a message does not notify anyone.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(PUNCTUATION, (c) => `\\${c}`)
    .replace(/@/g, "@\u200b");
}

import { resolvePlainScalar } from "./schema.js";

/** What `parseCommonYaml` returns for a document it leaves to the full parser. */
export const DECLINED: unique symbol = Symbol("declined");

/**
 * A fast parser for the YAML manifests are almost always written in: block mappings and sequences
 * (compact forms included), one-line plain and quoted scalars, literal and folded block scalars,
 * one-line flow collections, comments. It returns exactly what js-yaml returns with the Kubernetes
 * schema, scalars resolved by the same functions, or DECLINED for anything else: anchors, aliases,
 * tags, multi-line plain and quoted scalars, multi-line flows, tabs, complex, merge and duplicate
 * keys, non-printable characters, anything malformed. js-yaml parses what this declines, so it owns
 * every error message and every rare construct, and this parser never has to be right about them.
 */
export function parseCommonYaml(text: string, maxDepth: number): unknown {
  try {
    return new CommonYamlParser(text, maxDepth).document();
  } catch (error) {
    if (error === DECLINE) return DECLINED;
    throw error;
  }
}

/** Thrown to give up on a document, never escaping this module; a constant, so no stack is captured. */
const DECLINE = { declined: true };

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const QUOTE = 39;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const QUESTION = 63;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const DEL = 127;
const PLUS = 43;
const GREATER = 62;
const PIPE = 124;

/** Characters a plain scalar cannot start with (or that start what this parser leaves to js-yaml). */
const INDICATORS = new Set([..."#&*!|>'\"%@`,[]{}"].map((c) => c.charCodeAt(0)));

const SIMPLE_ESCAPES = new Map<number, string>(
  [
    ["0", "\0"],
    ["a", "\x07"],
    ["b", "\b"],
    ["t", "\t"],
    ["n", "\n"],
    ["v", "\v"],
    ["f", "\f"],
    ["r", "\r"],
    ["e", "\x1b"],
    [" ", " "],
    ['"', '"'],
    ["/", "/"],
    ["\\", "\\"],
  ].map(([sequence, value]) => [sequence!.charCodeAt(0), value!]),
);
const HEX_ESCAPE_DIGITS = new Map([
  ["x".charCodeAt(0), 2],
  ["u".charCodeAt(0), 4],
  ["U".charCodeAt(0), 8],
]);
const HEX = /^[0-9a-fA-F]+$/;
const MAX_NESTING = 200;

/** A line break, or the end of the text (where charCodeAt gives NaN). */
function isBreakOrEnd(c: number): boolean {
  return c === LF || c === CR || Number.isNaN(c);
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}

/** Whether `c`, after `-`, `?` or `:`, makes that character an indicator rather than part of a scalar. */
function endsIndicator(c: number, inFlow: boolean): boolean {
  return c === SPACE || isBreakOrEnd(c) || (inFlow && isFlowIndicator(c));
}

/** Adds a mapping entry; keys js-yaml treats specially, and duplicates (an error to it), are declined. */
function setEntry(mapping: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__" || key === "<<" || Object.hasOwn(mapping, key)) throw DECLINE;
  mapping[key] = value;
}

/** What joins a block scalar's content line to what came before: folding, or the line breaks kept. */
function blockLineBreaks(
  folded: boolean,
  indented: boolean,
  afterIndented: boolean,
  hasContent: boolean,
  emptyLines: number,
): string {
  const kept = (n: number) => "\n".repeat(n);
  if (!folded || indented) return kept(hasContent ? emptyLines + 1 : emptyLines);
  if (afterIndented) return kept(emptyLines + 1);
  if (emptyLines === 0) return hasContent ? " " : "";
  return kept(emptyLines);
}

class CommonYamlParser {
  private pos = 0;
  /** The indentation of the content line `pos` is on; -1 once the document has ended. */
  private indent = -1;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  document(): unknown {
    // js-yaml needs two levels for even an empty document ended by `...`.
    if (!(this.maxDepth >= 2)) throw DECLINE;
    if (this.text.charCodeAt(0) === 0xfeff) throw DECLINE; // the loader strips a BOM before this
    // The splitter cuts before `---`, so a marker can only open the text (directives are declined).
    // js-yaml takes any `---` opening the document as the marker, even `---a`.
    const explicit = this.text.startsWith("---");
    if (explicit) {
      if (!this.isMarker(0, DASH)) throw DECLINE;
      this.pos = 3;
      this.endLine();
    } else {
      this.nextContent();
    }
    // js-yaml reads no document at all (undefined) only from spaces and one line break.
    if (this.indent === -1) return !explicit && /^ *\n?$/.test(this.text) ? undefined : null;
    const value = this.block(this.indent);
    if (this.indent !== -1) throw DECLINE;
    return value;
  }

  /** The mapping or sequence whose first line is at `pos`, at column `indent`. */
  private block(indent: number): unknown {
    return this.isEntry() ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    this.enter();
    const result: Record<string, unknown> = {};
    for (;;) {
      const key = this.key();
      setEntry(result, key, this.value(indent, "key"));
      if (this.indent < indent) break;
      if (this.indent > indent || this.isEntry()) throw DECLINE;
    }
    this.depth--;
    return result;
  }

  private sequence(indent: number): unknown[] {
    this.enter();
    const result: unknown[] = [];
    do {
      this.pos++; // past the dash
      result.push(this.value(indent, "dash"));
      if (this.indent > indent) throw DECLINE;
    } while (this.indent === indent && this.isEntry());
    this.depth--;
    return result;
  }

  /**
   * The value after a mapping key's colon or a sequence entry's dash, in the block at `indent`. It
   * leaves `pos` at the next content line and its indentation in `indent`.
   */
  private value(indent: number, after: "key" | "dash"): unknown {
    this.skipSpaces();
    const c = this.text.charCodeAt(this.pos);
    if (isBreakOrEnd(c) || c === HASH) {
      this.endLine();
      if (this.indent > indent) return this.block(this.indent);
      // A mapping's value may be a sequence at the mapping's own indentation.
      if (this.indent === indent && after === "key" && this.isEntry()) return this.sequence(indent);
      // After an empty entry js-yaml takes a less indented dash as this sequence's next entry.
      if (after === "dash" && this.indent < indent && this.indent !== -1) throw DECLINE;
      return null;
    }
    // A compact mapping in a sequence entry (`- name: x`) is indented at its column. js-yaml reads
    // a compact sequence (`- - x`) in ways of its own: it is declined.
    if (after === "dash" && this.isEntry()) throw DECLINE;
    if (after === "dash" && this.isKey()) return this.mapping(this.column());
    const value = c === PIPE || c === GREATER ? this.blockScalar(indent, c === GREATER) : this.inline(c);
    if (this.indent > indent) throw DECLINE; // a scalar going on over more lines
    return value;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar, with an optional chomping indicator, whose lines are
   * indented deeper than the block at `indent`. Indentation indicators, blank lines holding spaces
   * before the first content line, and content only one column deeper are declined: js-yaml has ways
   * of its own with them. Leaves `pos` and `indent` at the next content line.
   */
  private blockScalar(indent: number, folded: boolean): string {
    const { text } = this;
    const chomping = text.charCodeAt(++this.pos);
    if (chomping === PLUS || chomping === DASH) this.pos++;
    if (!endsIndicator(text.charCodeAt(this.pos), false)) throw DECLINE; // `|2`, `|+-`, `|#`
    this.skipSpaces();
    if (text.charCodeAt(this.pos) === HASH) this.skipComment();

    let textIndent = -1; // known from the first content line on
    let value = "";
    let hasContent = false;
    let emptyLines = 0;
    let moreIndented = false;
    let next = text.length; // where the scalar ends: the start of the first line less indented
    for (let i = this.lineBreak(this.pos); i < text.length; i = this.lineBreak(i)) {
      const lineStart = i;
      const limit = textIndent === -1 ? text.length : i + textIndent;
      while (i < limit && text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (isBreakOrEnd(c)) {
        if (textIndent === -1 && i > lineStart) throw DECLINE;
        emptyLines++;
        continue;
      }
      if (c === TAB) throw DECLINE;
      const lineIndent = i - lineStart;
      if (textIndent === -1 && lineIndent === indent + 1) throw DECLINE;
      if (textIndent === -1 && lineIndent > indent) textIndent = lineIndent;
      if (lineIndent < textIndent || textIndent === -1) {
        next = lineStart;
        break;
      }
      value += blockLineBreaks(folded, c === SPACE, moreIndented, hasContent, emptyLines);
      moreIndented = c === SPACE;
      hasContent = true;
      emptyLines = 0;
      const contentStart = i;
      i = this.lineEnd(i);
      value += text.slice(contentStart, i);
    }
    if (chomping === PLUS) value += "\n".repeat(hasContent ? emptyLines + 1 : emptyLines);
    else if (chomping !== DASH && hasContent) value += "\n";
    this.pos = next;
    this.nextContent();
    return value;
  }

  /** The end of the line from `i`: its break, or the end of the text. */
  private lineEnd(i: number): number {
    const { text } = this;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) break;
      if (c < SPACE || c >= DEL) this.checkPrintable(c);
    }
    return i;
  }

  /** A scalar or flow collection that fills the rest of the line. */
  private inline(c: number): unknown {
    const value = c === OPEN_BRACKET || c === OPEN_BRACE ? this.flow(c) : this.scalar(false);
    if (this.text.charCodeAt(this.pos) === COLON) throw DECLINE; // `a: b: c`
    this.endLine();
    return value;
  }

  /** A quoted scalar, or a plain one resolved as the schema resolves it. */
  private scalar(inFlow: boolean): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === DOUBLE_QUOTE || c === QUOTE) return this.quoted(c);
    const start = this.pos;
    const end = this.plain(inFlow);
    return resolvePlainScalar(this.text.slice(start, end));
  }

  private key(): string {
    const key = this.keyText();
    if (key === undefined) throw DECLINE;
    this.pos++; // past the colon
    return key;
  }

  /** Whether a key (a one-line scalar and `: `) starts at `pos`; `pos` stays where it is. */
  private isKey(): boolean {
    const start = this.pos;
    // Reading a key enters no collection, so a decline here leaves nothing to undo but `pos`.
    try {
      return this.keyText() !== undefined;
    } catch (error) {
      if (error === DECLINE) return false;
      throw error;
    } finally {
      this.pos = start;
    }
  }

  /** The key starting at `pos`, leaving `pos` at its colon; undefined if no colon follows. */
  private keyText(): string | undefined {
    const key = String(this.scalar(false));
    this.skipSpaces(); // between a quoted key and its colon
    const { text, pos } = this;
    return text.charCodeAt(pos) === COLON && endsIndicator(text.charCodeAt(pos + 1), false) ? key : undefined;
  }

  /**
   * Scans a one-line plain scalar at `pos` and returns where it ends, trailing spaces excluded. It
   * leaves `pos` at what stopped it: a line break, a comment, a colon and space or, in a flow, an
   * indicator.
   */
  private plain(inFlow: boolean): number {
    const { text } = this;
    const first = text.charCodeAt(this.pos);
    if (INDICATORS.has(first) || first === SPACE || isBreakOrEnd(first)) throw DECLINE;
    if (
      (first === DASH || first === QUESTION || first === COLON) &&
      endsIndicator(text.charCodeAt(this.pos + 1), inFlow)
    ) {
      throw DECLINE;
    }
    let i = this.pos;
    let end = i;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > SPACE && c < DEL) {
        if (c === COLON && endsIndicator(text.charCodeAt(i + 1), inFlow)) break;
        if (inFlow && isFlowIndicator(c)) break;
        if (c === HASH && text.charCodeAt(i - 1) === SPACE) {
          if (inFlow) throw DECLINE; // the flow would go on after the comment, on another line
          break;
        }
        end = i + 1;
      } else if (c === LF || c === CR) {
        break;
      } else if (c !== SPACE) {
        this.checkPrintable(c);
        end = i + 1;
      }
    }
    this.pos = i;
    return end;
  }

  /** A quoted scalar that closes on its line; `pos` is left after the closing quote. */
  private quoted(quote: number): string {
    const { text } = this;
    let value = "";
    let from = this.pos + 1;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === quote) {
        if (quote === QUOTE && text.charCodeAt(i + 1) === QUOTE) {
          value += text.slice(from, i + 1); // '' is one quote
          i++;
          from = i + 1;
          continue;
        }
        this.pos = i + 1;
        return value + text.slice(from, i);
      }
      if (c === LF || c === CR) break;
      if (c === BACKSLASH && quote === DOUBLE_QUOTE) {
        const [escaped, last] = this.escape(i);
        value += text.slice(from, i) + escaped;
        i = last;
        from = i + 1;
      } else if (c < SPACE || c >= DEL) {
        this.checkPrintable(c);
      }
    }
    throw DECLINE; // unterminated on this line
  }

  /** The text of the escape whose backslash is at `i`, and the index of its last character. */
  private escape(i: number): [string, number] {
    const code = this.text.charCodeAt(i + 1);
    const simple = SIMPLE_ESCAPES.get(code);
    if (simple !== undefined) return [simple, i + 1];
    const digits = HEX_ESCAPE_DIGITS.get(code);
    if (digits === undefined) throw DECLINE;
    const hex = this.text.slice(i + 2, i + 2 + digits);
    if (hex.length !== digits || !HEX.test(hex)) throw DECLINE;
    const point = Number.parseInt(hex, 16);
    if (point > 0x10ffff) throw DECLINE;
    return [String.fromCodePoint(point), i + 1 + digits];
  }

  /** A flow sequence or mapping that opens and closes on this line. */
  private flow(open: number): unknown {
    this.enter();
    const { text } = this;
    const close = open === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE;
    const mapping: Record<string, unknown> | undefined = open === OPEN_BRACE ? {} : undefined;
    const sequence: unknown[] = [];
    this.pos++;
    this.skipSpaces();
    if (text.charCodeAt(this.pos) === close) {
      this.pos++;
    } else {
      for (;;) {
        if (mapping) {
          const key = String(this.flowScalar());
          if (text.charCodeAt(this.pos) !== COLON || text.charCodeAt(this.pos + 1) !== SPACE) throw DECLINE;
          this.pos++;
          this.skipSpaces();
          setEntry(mapping, key, this.flowEntry());
        } else {
          sequence.push(this.flowEntry());
        }
        const c = text.charCodeAt(this.pos++);
        if (c === close) break;
        if (c !== COMMA) throw DECLINE;
        this.skipSpaces();
        const next = text.charCodeAt(this.pos);
        if (next === close || next === COMMA) throw DECLINE; // a trailing comma or an empty entry
      }
    }
    this.depth--;
    return mapping ?? sequence;
  }

  /** A flow collection's entry; `pos` is left after it and the spaces that follow. */
  private flowEntry(): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c !== OPEN_BRACKET && c !== OPEN_BRACE) return this.flowScalar();
    const value = this.flow(c);
    this.skipSpaces();
    return value;
  }

  private flowScalar(): unknown {
    const value = this.scalar(true);
    if (isBreakOrEnd(this.text.charCodeAt(this.pos))) throw DECLINE; // the flow goes on over more lines
    this.skipSpaces();
    return value;
  }

  /** Past the rest of the line (spaces, maybe a comment, the break) to the next content line. */
  private endLine(): void {
    const { text } = this;
    this.skipSpaces();
    const c = text.charCodeAt(this.pos);
    if (c === HASH) {
      if (text.charCodeAt(this.pos - 1) !== SPACE) throw DECLINE; // `"a"#b`
      this.skipComment();
    } else if (!isBreakOrEnd(c)) {
      throw DECLINE;
    }
    this.pos = this.lineBreak(this.pos);
    this.nextContent();
  }

  /** From the start of a line, past blank and comment lines: `pos` and `indent` of the next content. */
  private nextContent(): void {
    const { text } = this;
    for (;;) {
      const lineStart = this.pos;
      let i = lineStart;
      while (text.charCodeAt(i) === SPACE) i++;
      this.pos = i;
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) {
        this.indent = -1;
        return;
      }
      if (c === HASH) {
        this.skipComment();
      } else if (c === DOT && i === lineStart && this.isMarker(i, DOT)) {
        // The document's end marker must end the text: js-yaml reads anything after it as another document.
        this.pos = this.lineBreak(i + 3);
        if (this.pos !== text.length) throw DECLINE;
        this.indent = -1;
        return;
      } else if (!isBreakOrEnd(c)) {
        if (c === TAB || (c === DASH && i === lineStart && text.startsWith("---", i))) throw DECLINE;
        this.indent = i - lineStart;
        return;
      }
      this.pos = this.lineBreak(this.pos);
    }
  }

  /** The index after the line break at `i`, or `i` at the end of the text. */
  private lineBreak(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR && this.text.charCodeAt(i + 1) === LF) return i + 2;
    if (Number.isNaN(c)) return i;
    throw DECLINE; // a lone CR
  }

  private isMarker(i: number, c: number): boolean {
    const { text } = this;
    return (
      text.charCodeAt(i) === c &&
      text.charCodeAt(i + 1) === c &&
      text.charCodeAt(i + 2) === c &&
      endsIndicator(text.charCodeAt(i + 3), false)
    );
  }

  private skipComment(): void {
    this.pos = this.lineEnd(this.pos);
  }

  private skipSpaces(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
    if (this.text.charCodeAt(this.pos) === TAB) throw DECLINE;
  }

  private isEntry(): boolean {
    return (
      this.text.charCodeAt(this.pos) === DASH && endsIndicator(this.text.charCodeAt(this.pos + 1), false)
    );
  }

  private column(): number {
    return this.pos - (this.text.lastIndexOf("\n", this.pos - 1) + 1);
  }

  private enter(): void {
    // js-yaml counts every node, scalars and keys too: stopping short of its limit leaves the error to
    // it. Deeper documents than manifests ever are go to js-yaml too, so recursion here stays shallow.
    if (!(++this.depth < Math.min(this.maxDepth - 2, MAX_NESTING))) throw DECLINE;
  }

  /**
   * Declines a document with a tab, a control character, a surrogate, U+FFFE or U+FFFF anywhere:
   * js-yaml refuses some of them in some places, and declining them everywhere is simpler and safe.
   * Only called for characters outside printable ASCII.
   */
  private checkPrintable(c: number): void {
    if (c < SPACE || (c <= 0x9f && c !== 0x85) || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) throw DECLINE;
  }
}

/**
 * Variable expansion in Dockerfile words, as BuildKit's shell lexer does it for `FROM` and `USER`:
 * quotes, the escape character, `$NAME`, `${NAME}` and the `-`, `+`, `?` modifiers (with or without
 * `:`). What a build would get from a variable Bulwark cannot know (a build arg without a default, an
 * ENV of the base image) is reported, never guessed.
 */

/** A variable's state at one point of a Dockerfile. */
export type Binding =
  | { kind: "value"; value: string }
  /** Declared without a value (an ARG with no default and no build arg): unset, and `why` says so. */
  | { kind: "unset"; why: string }
  /** Its value depends on what Bulwark cannot see: the build platform, a base image's ENV. */
  | { kind: "unknown"; why: string };

/** Looks a variable up; undefined means it was never declared, so it is unset. */
export type Lookup = (name: string) => Binding | undefined;

export type Expansion = { ok: true; value: string } | { ok: false; reasons: string[] };

export function expandWord(word: string, lookup: Lookup, escapeChar = "\\"): Expansion {
  const lexer = new WordLexer(word, lookup, escapeChar);
  const value = lexer.run();
  return lexer.reasons.length === 0
    ? { ok: true, value }
    : { ok: false, reasons: [...new Set(lexer.reasons)] };
}

const NAME_CHAR = /[A-Za-z0-9_]/;

class WordLexer {
  reasons: string[] = [];
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly lookup: Lookup,
    private readonly escapeChar: string,
  ) {}

  run(): string {
    return this.until(undefined);
  }

  /** Reads up to `stop` (consumed) or the end; unquoted text, quotes and variables. */
  private until(stop: string | undefined): string {
    let out = "";
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++]!;
      if (ch === stop) return out;
      if (ch === this.escapeChar) {
        if (this.pos < this.text.length) out += this.text[this.pos++];
      } else if (ch === "'") {
        out += this.singleQuoted();
      } else if (ch === '"') {
        out += this.doubleQuoted();
      } else if (ch === "$") {
        out += this.dollar();
      } else {
        out += ch;
      }
    }
    if (stop !== undefined) this.reasons.push(`"${this.text}" has a \${ without its closing }`);
    return out;
  }

  private singleQuoted(): string {
    const end = this.text.indexOf("'", this.pos);
    if (end < 0) {
      this.reasons.push(`"${this.text}" has an unterminated single quote`);
      this.pos = this.text.length;
      return "";
    }
    const out = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return out;
  }

  private doubleQuoted(): string {
    let out = "";
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++]!;
      if (ch === '"') return out;
      if (ch === this.escapeChar && ['"', "$", this.escapeChar].includes(this.text[this.pos] ?? "")) {
        out += this.text[this.pos++];
      } else if (ch === "$") {
        out += this.dollar();
      } else {
        out += ch;
      }
    }
    this.reasons.push(`"${this.text}" has an unterminated double quote`);
    return out;
  }

  private dollar(): string {
    if (this.text[this.pos] === "{") {
      this.pos++;
      return this.braced();
    }
    const name = this.name();
    return name === "" ? "$" : this.plain(name);
  }

  private name(): string {
    const start = this.pos;
    while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /**
   * `$NAME` or `${NAME}`: Docker would put an empty string for an unset variable, which is never what
   * the author meant in an image reference, so it is reported rather than used.
   */
  private plain(name: string): string {
    const binding = this.lookup(name);
    if (binding?.kind === "value") return binding.value;
    this.reasons.push(binding ? binding.why : `$${name} is not declared with ARG or ENV before it is used`);
    return "";
  }

  private braced(): string {
    const name = this.name();
    if (name === "") {
      this.reasons.push(`"${this.text}" has a \${...} without a variable name`);
      this.until("}");
      return "";
    }
    if (this.pos >= this.text.length) {
      this.reasons.push(`"${this.text}" has a \${ without its closing }`);
      return "";
    }
    if (this.text[this.pos] === "}") {
      this.pos++;
      return this.plain(name);
    }
    const colon = this.text[this.pos] === ":";
    if (colon) this.pos++;
    const modifier = this.text[this.pos++] ?? "";
    // The word counts only where it is used: ${TAG:-$UNSET} is fine while TAG is set.
    const outer = this.reasons;
    this.reasons = [];
    const word = this.until("}");
    const wordReasons = this.reasons;
    this.reasons = outer;
    const useWord = () => {
      this.reasons.push(...wordReasons);
      return word;
    };
    if (!["-", "+", "?"].includes(modifier)) {
      this.reasons.push(
        `\${${name}${colon ? ":" : ""}${modifier}...} is an expansion Bulwark does not evaluate`,
      );
      return "";
    }
    const binding = this.lookup(name);
    if (binding?.kind === "unknown") {
      this.reasons.push(binding.why);
      return "";
    }
    // With ":", an empty value counts as unset, as in the shell.
    const value = binding?.kind === "value" ? binding.value : undefined;
    const isSet = (v: string | undefined): v is string => v !== undefined && (!colon || v !== "");
    if (modifier === "-") return isSet(value) ? value : useWord();
    if (modifier === "+") return isSet(value) ? useWord() : "";
    if (isSet(value)) return value;
    this.reasons.push(
      `\${${name}${colon ? ":" : ""}?} stops the build: ${useWord() || `${name} is not set`}`,
    );
    return "";
  }
}

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../../../test/bench/corpus.mjs";
import { DECLINED, parseCommonYaml } from "../../src/manifests/common-yaml.js";
import { KUBERNETES_SCHEMA } from "../../src/manifests/schema.js";
import { splitDocuments } from "../../src/manifests/split.js";

const MAX_DEPTH = 256;
const repoRoot = join(import.meta.dirname, "../../../..");

/** js-yaml's answer with the loader's options, or the error it throws. */
function reference(text: string, maxDepth = MAX_DEPTH): { value: unknown } | { error: string } {
  try {
    return { value: yaml.load(text, { schema: KUBERNETES_SCHEMA, maxDepth } as yaml.LoadOptions) };
  } catch (error) {
    return { error: String(error) };
  }
}

/** Equal as js-yaml's output is: same keys in the same order, numbers compared with Object.is. */
function sameTree(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b))
    return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every(
      (key, i) =>
        key === keysB[i] &&
        sameTree((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

/** Checks one document: declined, or parsed exactly as js-yaml parses it. Returns whether it parsed. */
function agrees(text: string, maxDepth = MAX_DEPTH): boolean {
  const fast = parseCommonYaml(text, maxDepth);
  if (fast === DECLINED) return false;
  const slow = reference(text, maxDepth);
  if ("error" in slow || !sameTree(fast, slow.value)) {
    expect.fail(
      `parseCommonYaml disagrees with js-yaml on ${JSON.stringify(text)}:\n  ours: ${JSON.stringify(fast)}\n  js-yaml: ${JSON.stringify(slow)}`,
    );
  }
  return true;
}

describe("parseCommonYaml", () => {
  it("parses the block YAML manifests are written in, as js-yaml does", () => {
    const cases = [
      "a: 1\nb: two\n",
      "---\napiVersion: v1\nkind: Pod\n",
      "--- # comment\na: b\n...\n",
      "a:\n  b:\n    c: [1, 2.5, -3, 0x1F, 0o17, 012, +4, 1e3, .inf, -.Inf, .nan, 1_000]\n",
      "flags: [y, Yes, on, OFF, n, No, true, False, ~, null, Null, NULL, yes_no]\n",
      "on: 1\nno: 2\n1: 3\n~: 4\n0x10: 5\n1.5: 6\n",
      "list:\n- a\n- b\nnext: c\n",
      "list:\n  - name: a\n    value: b\n  - name: c\n",
      "- a: 1\n  b:\n    c: 2\n  d:\n  - e\n",
      "-\n  a: 1\n-\n- x\n",
      "a:\nb: \nc: # nothing\n",
      "s: 'it''s'\nd: \"tab\\there \\u00e9 \\x41 \\U0001F600 \\\\ \\\" \\/\"\n",
      "\"quoted key\": 1\n'single' : 2\n",
      "url: http://example.com:8080/a?b=c&d#frag\nhash: a#b\ncomment: a # b\n",
      "flow: {path: /healthz, port: http, nested: {a: [1, {b: c}]}, q: 'x, y', e: [], m: {}}\n",
      "odd keys: 1\n-dash: 2\n?q: 3\n:c: 4\na:b: 5\n",
      "trailing:   spaces   \nunicode: é 日本\n",
      "crlf: 1\r\nnested:\r\n  - a\r\n",
      "  indented: 1\n  document: 2\n",
      "a: 1\n\n\n# c\n   # indented comment\nb: 2",
      "constructor: 1\ntoString: 2\nhasOwnProperty: 3\n",
      "a: [a b, 'c', \"d\"]\n",
      "brackets: a[0] {x} b,c\n",
      "literal: |\n  line one\n\n    indented # not a comment\n  last\nnext: 1\n",
      "strip: |-\n  a\n\n\nkeep: |+\n  b\n\n\nclip: |\n  c\n\n",
      "folded: >\n  one\n  two\n\n  three\n    more\n  four\nend: >-\n  x\n",
      "- | # comment\n  in a sequence\n- name: x\n  script: |\n    echo 1\n    echo 2\n",
      "empty: |\nnext: >+\n\n",
      "eof: |\n  no break at the end",
      "crlf: |\r\n  a\r\n  b\r\n",
      "",
      "# only a comment\n",
      "---\n",
    ];
    for (const text of cases) expect(agrees(text), text).toBe(true);
  });

  it("declines what it does not read, so js-yaml parses it or reports the error", () => {
    const cases = [
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |2\n  block\n",
      "a: |+-\n  block\n",
      "a: |#c\n  block\n",
      "a: | x\n  block\n",
      "a: |\n  \n  block\n",
      "a: |\n block\n",
      "a: >\n  fold\ted\n",
      "a: plain\n  continued\n",
      "a: 'quoted\n  continued'\n",
      "a: [1,\n  2]\n",
      "a:\n\tb: 1\n",
      "a: b\t# tab\n",
      "a: 1\na: 2\n",
      "__proto__: 1\n",
      "<<: {a: 1}\n",
      "? complex\n: key\n",
      "a: b: c\n",
      "a: b:\n",
      "key:value\n",
      "a:\n    b: 1\n  c: 2\n",
      "- a\nb: 1\n",
      "a: 1\n- b\n",
      "a: [1, 2,]\n",
      "a: {b}\n",
      'a: "\\q"\n',
      "a: \u0001\n",
      "a: \uD800\n",
      "emoji: 😀\n",
      "%YAML 1.2\n---\na: 1\n",
      "plain scalar\n",
      "a: 1\r b: 2\n",
      "a: @x\n",
      "a: 1\n---\nb: 2\n",
      "- - a\n  - b\n",
    ];
    for (const text of cases) expect(parseCommonYaml(text, MAX_DEPTH), JSON.stringify(text)).toBe(DECLINED);
  });

  it("leaves nesting near the depth limit to js-yaml", () => {
    const nested = (levels: number) => `${"[".repeat(levels)}x${"]".repeat(levels)}`;
    let parsed = 0;
    for (let levels = 1; levels < 12; levels++) {
      for (const text of [`a: ${nested(levels)}\n`, `${"a:\n".replace(/^/, "")}${blockNest(levels)}`]) {
        if (agrees(text, 10)) parsed++;
      }
    }
    expect(parsed).toBeGreaterThan(0);
    expect(parseCommonYaml(`a: ${nested(20)}\n`, 10)).toBe(DECLINED);
    // However high the limit is set, deep documents go to js-yaml, whose depth errors are reported.
    expect(parseCommonYaml(`a: ${nested(5000)}\n`, 100_000)).toBe(DECLINED);
    expect(parseCommonYaml(`a: ${nested(5000)}\n`, Number.NaN)).toBe(DECLINED);
    // js-yaml needs two levels even for an empty document ended by `...`.
    for (const text of ["---\n...\n", "#c\n", "...\n"]) expect(parseCommonYaml(text, 1)).toBe(DECLINED);
  });

  it("parses every document of the benchmark corpus as js-yaml does", () => {
    for (const file of generateCorpus(600, { unsafeEvery: 3 })) {
      for (const segment of splitDocuments(file.text)) expect(agrees(segment.text)).toBe(true);
    }
  });

  it("agrees with js-yaml on the repository's own YAML (workflows, fixtures, examples, the lockfile)", () => {
    let documents = 0;
    let parsed = 0;
    for (const text of repositoryYaml()) {
      for (const segment of splitDocuments(text)) {
        documents++;
        if (agrees(segment.text)) parsed++;
      }
    }
    expect(documents).toBeGreaterThan(20);
    expect(parsed / documents).toBeGreaterThan(0.9);
  });

  it("never parses a document differently from js-yaml, across generated and mutated documents", () => {
    const random = mulberry32(Number(process.env.FUZZ_SEED ?? 20261127));
    let parsed = 0;
    let mutatedParsed = 0;
    const runs = Number(process.env.FUZZ_RUNS ?? 30_000);
    for (let i = 0; i < runs; i++) {
      const text = generateDocument(random);
      if (agrees(text)) parsed++;
      const mutated = mutate(text, random);
      if (agrees(mutated)) mutatedParsed++;
    }
    // The generator mostly writes what the fast parser reads; mutations mostly break it.
    expect(parsed).toBeGreaterThan(runs * 0.4);
    expect(mutatedParsed).toBeGreaterThan(runs * 0.1);
  });
});

function blockNest(levels: number): string {
  let text = "";
  for (let level = 1; level <= levels; level++) text += `${"  ".repeat(level)}k${level}:\n`;
  return `${text}${"  ".repeat(levels + 1)}leaf: x\n`;
}

/** Every YAML file checked into the repository (workflows, fixtures, examples, the lockfile). */
function repositoryYaml(): string[] {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === ".git" || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) texts.push(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
    }
  };
  walk(repoRoot);
  return texts;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keys and scalars the fast parser reads, then ones it declines or that break the document. */
const KEYS = [
  "name",
  "image",
  "on",
  "No",
  "null",
  "~",
  "1",
  "0x1F",
  "1e3",
  ".inf",
  "key with spaces",
  "-dash",
  "?q",
  "a:b",
  "a#b",
  "constructor",
  "toString",
  "'quoted'",
  '"double"',
  '"esc\\"aped"',
  "'it''s'",
  "é",
  "a b ",
];
const ODD_KEYS = [
  "<<",
  "__proto__",
  "[x]",
  "{y}",
  "&anchor",
  "*alias",
  "!tag",
  "%p",
  "@at",
  "`tick",
  "a: b",
  "- a",
];
const SCALARS = [
  "x",
  "true",
  "Yes",
  "off",
  "y",
  "N",
  "~",
  "null",
  "",
  "0",
  "-0",
  "+1",
  "012",
  "0o17",
  "0x1f",
  "0b101",
  "1_000",
  "1.5",
  "-.inf",
  ".NaN",
  "1e3",
  "6.02e+23",
  "0.",
  ".5",
  "--",
  "a:b",
  "http://h:80/p?q#f",
  "a #c",
  "a#c",
  "'single'",
  "'it''s'",
  '"dq"',
  '"a\\tb\\u00e9\\x41"',
  "[a, b]",
  "[]",
  "{}",
  "{a: 1, b: [2, 3]}",
  "[a, [b, {c: d}]]",
  "[a,b]",
  "é",
  "日本",
  "😀",
  "a  b",
  "trailing  ",
];
const ODD_SCALARS = [
  "-",
  "- a",
  "? a",
  ": a",
  "a: b",
  '"\\N"',
  '"bad\\q"',
  "{a:1}",
  "[a, ]",
  "{a: }",
  "[a: b]",
  "&a x",
  "*a",
  "!!str 1",
  "|",
  "|-",
  ">",
  "a\tb",
  "'unterminated",
  '"unterminated',
  "[unterminated",
  "{a: 1",
  "a, b",
  "a]",
  "}",
  "#",
  "%",
  "@x",
];

const BLOCK_HEADERS = ["|", "|-", "|+", ">", ">-", ">+", "| # c", ">- # c", "|2", "|#", "|-+"];
const BLOCK_LINES = [
  "text",
  "two words",
  "# not a comment",
  "key: value",
  "- item",
  "  lead",
  "trail  ",
  "é",
  "a\tb",
  "'q'",
  "---",
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A random block document, mostly of what the fast parser reads, with some of what it declines. */
function generateDocument(random: () => number): string {
  const lines: string[] = [];
  const start = random() < 0.2 ? pick(random, ["---", "--- # c", "# lead"]) : undefined;
  if (start) lines.push(start);
  const base = random() < 0.1 ? 2 : 0;
  block(random, lines, base, 0, random() < 0.75);
  if (random() < 0.1) lines.push(pick(random, ["...", "... # end", "# tail", ""]));
  const eol = random() < 0.1 ? "\r\n" : "\n";
  return lines.join(eol) + (random() < 0.9 ? eol : "");
}

function block(
  random: () => number,
  lines: string[],
  indent: number,
  depth: number,
  isMapping: boolean,
): void {
  const entries = 1 + Math.floor(random() * 4);
  const pad = " ".repeat(indent);
  for (let e = 0; e < entries; e++) {
    if (random() < 0.08) lines.push(pick(random, ["", `${pad}# comment`, "# outdented comment", "   "]));
    const head = isMapping
      ? `${pad}${random() < 0.8 ? pick(random, KEYS.slice(0, 3)) + e : pick(random, random() < 0.9 ? KEYS : ODD_KEYS)}:`
      : `${pad}-`;
    const nest = depth < 4 && random() < 0.35;
    if (!nest && random() < 0.1) {
      lines.push(`${head} ${pick(random, BLOCK_HEADERS)}`);
      const contentIndent = indent + pick(random, [1, 2, 2, 3, 4]);
      const count = Math.floor(random() * 5);
      for (let l = 0; l < count; l++) {
        const extra = random() < 0.2 ? pick(random, [1, 2, 4]) : 0;
        lines.push(
          random() < 0.15
            ? " ".repeat(Math.floor(random() * 6))
            : " ".repeat(contentIndent + extra) + pick(random, BLOCK_LINES),
        );
      }
      continue;
    }
    if (!nest) {
      const scalar = pick(random, random() < 0.95 ? SCALARS : ODD_SCALARS);
      lines.push(
        scalar === "" && random() < 0.5 ? head : `${head} ${scalar}${random() < 0.1 ? " # note" : ""}`,
      );
      continue;
    }
    const childIsMapping = random() < 0.6;
    const step = pick(random, [1, 2, 2, 2, 4]);
    if (!isMapping && random() < 0.5) {
      // A compact collection on the dash's line.
      const inner: string[] = [];
      block(random, inner, indent + 2, depth + 1, childIsMapping);
      inner[0] = `${pad}- ${inner[0]!.trimStart()}`;
      lines.push(...inner);
    } else {
      lines.push(random() < 0.1 ? `${head} # opens a block` : head);
      const childIndent = isMapping && !childIsMapping && random() < 0.3 ? indent : indent + step;
      block(random, lines, childIndent, depth + 1, childIsMapping);
    }
  }
}

const NOISE = [
  " ",
  "  ",
  "\t",
  ":",
  "-",
  "#",
  "\n",
  "'",
  '"',
  "[",
  "]",
  "{",
  "}",
  ",",
  "&",
  "*",
  "!",
  "|",
  ">",
  "?",
  "\r",
  "\r\n",
  "\u0085",
  "\u0001",
  "\uD800",
  "\uFEFF",
  "a",
  "0",
  "\\",
  "---\n",
  "...\n",
  ": ",
  "- ",
];

/** One to three random edits: inserted noise, deleted characters, duplicated or re-indented lines. */
function mutate(text: string, random: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (result.length + 1));
    const kind = random();
    if (kind < 0.5) {
      result = result.slice(0, at) + pick(random, NOISE) + result.slice(at);
    } else if (kind < 0.7) {
      result = result.slice(0, at) + result.slice(at + 1 + Math.floor(random() * 3));
    } else {
      const lines = result.split("\n");
      const i = Math.floor(random() * lines.length);
      if (kind < 0.85) lines.splice(i, 0, lines[i]!);
      else lines[i] = " ".repeat(Math.floor(random() * 4)) + lines[i]!.trimStart();
      result = lines.join("\n");
    }
  }
  return result;
}

import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  type Document as YamlDocument,
} from "yaml";
import type { Region } from "../findings/types.js";
import type { FieldPath, ManifestDocument } from "./types.js";

/**
 * Finds where a node of a parsed document was written. Positions are needed only for the few
 * objects that have findings, so nothing is recorded while parsing: a line scanner handles the block
 * style nearly every manifest uses, and anything it is not sure of (flow collections, aliases, merge
 * keys, tags, escapes, tabs) goes to the full `yaml` parser, which keeps every node's range.
 */
export class Locator {
  // Findings come object by object, so the last document's lines (and parse) are nearly always the
  // ones asked for again; keeping every document's would hold them all until the end of the scan.
  private lines: { document: ManifestDocument; lines: ScanLines } | undefined;
  private parsed: { document: ManifestDocument; parsed: YamlDocument } | undefined;

  /** How many lookups the scanner handed to the parser (the benchmark reports it). */
  fallbacks = 0;

  /** `useScanner: false` always asks the parser: the reference the scanner is tested against. */
  constructor(private readonly useScanner = true) {}

  /** The region of the node at `path`, which must exist in the document's value. */
  locate(document: ManifestDocument, path: FieldPath): Region {
    const local =
      (this.useScanner ? this.scan(document, path) : undefined) ?? this.fromParser(document, path);
    return {
      startLine: document.line + local.startLine - 1,
      startColumn: local.startColumn,
      endLine: document.line + local.endLine - 1,
      endColumn: local.endColumn,
    };
  }

  private linesOf(document: ManifestDocument): ScanLines {
    if (this.lines?.document !== document) this.lines = { document, lines: scanLines(document.text) };
    return this.lines.lines;
  }

  private scan(document: ManifestDocument, path: FieldPath): Region | undefined {
    return scanBlock(this.linesOf(document), path);
  }

  private fromParser(document: ManifestDocument, path: FieldPath): Region {
    this.fallbacks++;
    if (this.parsed?.document !== document) {
      const parsed = parseDocument(document.text, { version: "1.1", merge: true, uniqueKeys: false });
      this.parsed = { document, parsed };
    }
    const doc = this.parsed.parsed;
    const lines = this.linesOf(document);
    const { line, column } = toLineColumn(document.text, nodeStart(doc, path) ?? 0);
    return lineRegion(line, column, lines.text[line]!);
  }
}

// ---- the block-style scanner ----

/** A document's lines, each with its indentation worked out once. */
export interface ScanLines {
  text: string[];
  /** Leading spaces; FILLER for blank and comment-only lines, TABBED when a tab indents content. */
  indent: Int32Array;
  /** The last path scanned and the collection each of its steps was found in: findings on one object share prefixes. */
  lastPath: FieldPath;
  lastContexts: Context[];
  lastHits: Hit[];
}

const FILLER = -1;
const TABBED = -2;

export function scanLines(source: string): ScanLines {
  const text = source.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  const indent = new Int32Array(text.length);
  text.forEach((line, i) => {
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    const c = line.charCodeAt(n);
    if (Number.isNaN(c) || c === 35 /* # */) indent[i] = FILLER;
    else if (c === 9 /* tab */) indent[i] = /^\s*(#|$)/.test(line) ? FILLER : TABBED;
    else indent[i] = n;
  });
  return { text, indent, lastPath: [], lastContexts: [], lastHits: [] };
}

/** A block collection: its entries sit at `indent`, the first one on `firstLine`. */
interface Context {
  kind: "map" | "seq";
  indent: number;
  firstLine: number;
}

/** A node found on a line: where it starts, and where its value starts on the same line. */
interface Hit {
  line: number;
  column: number;
  valueColumn: number;
}

function scanBlock(lines: ScanLines, path: FieldPath): Region | undefined {
  const root = rootContext(lines);
  if (!root) return undefined;
  // Resume after the steps this path shares with the previous one.
  let shared = 0;
  while (shared < path.length && shared < lines.lastHits.length && path[shared] === lines.lastPath[shared])
    shared++;
  const contexts = lines.lastContexts.slice(0, shared);
  const hits = lines.lastHits.slice(0, shared);
  let context = shared === 0 ? root : contexts[shared - 1]!;
  let hit: Hit =
    shared === 0
      ? { line: root.firstLine, column: root.indent, valueColumn: root.indent }
      : hits[shared - 1]!;
  for (let i = shared; i < path.length; i++) {
    const key = path[i]!;
    if (i > 0) {
      const flow = flowCollection(lines.text[hit.line]!, hit.valueColumn);
      if (flow) {
        // A one-line flow collection ends the scan: only its direct items can be found.
        if (i + 1 !== path.length) return undefined;
        const column = flow.get(key);
        return column === undefined ? undefined : lineRegion(hit.line, column, lines.text[hit.line]!);
      }
      const child = childContext(lines, context, hit, typeof key === "number" ? "seq" : "map");
      if (!child) return undefined;
      context = child;
    }
    if (typeof key === "number" ? context.kind !== "seq" : context.kind !== "map") return undefined;
    const found = typeof key === "number" ? findItem(lines, context, key) : findKey(lines, context, key);
    if (!found) return undefined;
    hit = found;
    contexts.push(context);
    hits.push(hit);
  }
  lines.lastPath = path;
  lines.lastContexts = contexts;
  lines.lastHits = hits;
  return lineRegion(hit.line, hit.column, lines.text[hit.line]!);
}

/** A node's region: from where it starts to the end of that line's content, 1-based. */
function lineRegion(line: number, column: number, text: string): Region {
  const end = contentEnd(text);
  return {
    startLine: line + 1,
    startColumn: column + 1,
    endLine: line + 1,
    endColumn: Math.max(end, column) + 1,
  };
}

/** Length of a line without a trailing comment or spaces. */
function contentEnd(text: string): number {
  const comment = text.search(/\s#/);
  return (comment === -1 ? text : text.slice(0, comment)).trimEnd().length;
}

function rootContext(lines: ScanLines): Context | undefined {
  for (let i = 0; i < lines.text.length; i++) {
    const text = lines.text[i]!;
    const indent = lines.indent[i]!;
    if (indent === FILLER || text.startsWith("%")) continue;
    if (text.startsWith("---")) {
      if (!/^---\s*(#.*)?$/.test(text)) return undefined;
      continue;
    }
    if (indent === TABBED || isDash(text, indent)) return undefined;
    return { kind: "map", indent, firstLine: i };
  }
  return undefined;
}

function findKey(lines: ScanLines, context: Context, key: string): Hit | undefined {
  for (let i = context.firstLine; i < lines.text.length; i++) {
    const indent = lines.indent[i]!;
    if (indent === FILLER) continue;
    const text = lines.text[i]!;
    if (i !== context.firstLine) {
      if (indent === TABBED || indent < context.indent || isMarker(text)) return undefined;
      // Deeper lines belong to earlier values; a dash at the keys' column to a compact sequence.
      if (indent > context.indent || isDash(text, indent)) continue;
    }
    const parsed = readKey(text, context.indent);
    if (parsed === undefined) return undefined;
    if (parsed.key === key) return { line: i, column: context.indent, valueColumn: parsed.valueColumn };
  }
  return undefined;
}

/** The colon that ends a plain key; searched from a column without copying the rest of the line. */
const KEY_END = /:(?=\s|$)/g;

/** Reads `key:` at a column; undefined when the line is not a simple key the scanner can trust. */
function readKey(text: string, column: number): { key: string; valueColumn: number } | undefined {
  const first = text[column];
  let key: string;
  let after: number;
  if (first === "'") {
    const close = text.indexOf("'", column + 1);
    if (close === -1 || text[close + 1] === "'") return undefined;
    key = text.slice(column + 1, close);
    after = close + 1;
  } else if (first === '"') {
    const close = text.indexOf('"', column + 1);
    if (close === -1) return undefined;
    key = text.slice(column + 1, close);
    if (key.includes("\\")) return undefined;
    after = close + 1;
  } else {
    if (first === undefined || "?-&*!{[|>%@`#,".includes(first)) return undefined;
    KEY_END.lastIndex = column;
    if (!KEY_END.test(text)) return undefined;
    const colon = KEY_END.lastIndex - 1;
    key = text.slice(column, colon).trimEnd();
    if (/\s#/.test(key)) return undefined;
    after = colon;
  }
  while (text[after] === " ") after++;
  if (text[after] !== ":") return undefined;
  let valueColumn = after + 1;
  while (text[valueColumn] === " ") valueColumn++;
  return { key, valueColumn };
}

function findItem(lines: ScanLines, context: Context, index: number): Hit | undefined {
  let count = -1;
  for (let i = context.firstLine; i < lines.text.length; i++) {
    const indent = lines.indent[i]!;
    if (indent === FILLER || indent > context.indent) continue;
    const text = lines.text[i]!;
    if (indent === TABBED || indent < context.indent || !isDash(text, indent)) return undefined;
    count++;
    if (count === index) {
      let valueColumn = indent + 1;
      while (text[valueColumn] === " ") valueColumn++;
      if (isBlank(text, valueColumn)) return undefined;
      return { line: i, column: valueColumn, valueColumn };
    }
  }
  return undefined;
}

function isDash(text: string, column: number): boolean {
  return text[column] === "-" && (column + 1 === text.length || text[column + 1] === " ");
}

function isMarker(text: string): boolean {
  return /^(---|\.\.\.)(\s|$)/.test(text);
}

/** Nothing but spaces or a comment from `column` on. */
function isBlank(text: string, column: number): boolean {
  return /^\s*(#.*)?$/.test(text.slice(column));
}

/** The block collection that holds a found node's value. */
function childContext(lines: ScanLines, parent: Context, hit: Hit, want: "map" | "seq"): Context | undefined {
  const text = lines.text[hit.line]!;
  if (!isBlank(text, hit.valueColumn)) {
    // Only a sequence item opens a mapping on its own line: "- name: x".
    if (parent.kind !== "seq" || want !== "map" || readKey(text, hit.valueColumn) === undefined)
      return undefined;
    return { kind: "map", indent: hit.valueColumn, firstLine: hit.line };
  }
  // The value is on the following lines: more indented, or a "- " sequence at the key's own column.
  for (let i = hit.line + 1; i < lines.text.length; i++) {
    const indent = lines.indent[i]!;
    if (indent === FILLER) continue;
    const line = lines.text[i]!;
    if (indent === TABBED || indent < parent.indent || isMarker(line)) return undefined;
    const dash = isDash(line, indent);
    if (want === "seq" ? !dash : dash || readKey(line, indent) === undefined) return undefined;
    if (indent === parent.indent && !(dash && parent.kind === "map")) return undefined;
    return { kind: want, indent, firstLine: i };
  }
  return undefined;
}

/**
 * The direct items of a flow collection written on one line (`["ALL"]`, `{path: /, port: 80}`):
 * item index or key to column. Undefined for anything the scanner should not guess at (escapes,
 * unbalanced brackets, a collection continuing on the next line).
 */
function flowCollection(text: string, column: number): Map<string | number, number> | undefined {
  const open = text[column];
  if (open !== "[" && open !== "{") return undefined;
  const items = new Map<string | number, number>();
  const closers: string[] = [];
  let start = column + 1;
  let quote: string | undefined;
  for (let i = column; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") return undefined;
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "[" || c === "{") {
      closers.push(c === "[" ? "]" : "}");
    } else if (c === "]" || c === "}") {
      if (closers.pop() !== c) return undefined;
      if (closers.length === 0) {
        if (!addFlowItem(items, open, text, start, i)) return undefined;
        return isBlank(text, i + 1) ? items : undefined;
      }
    } else if (c === "," && closers.length === 1) {
      if (!addFlowItem(items, open, text, start, i)) return undefined;
      start = i + 1;
    }
  }
  return undefined;
}

/** Records the item between `start` and `end`; false when its key cannot be read with certainty. */
function addFlowItem(
  items: Map<string | number, number>,
  open: string,
  text: string,
  start: number,
  end: number,
): boolean {
  const segment = text.slice(start, end);
  if (segment.trim() === "") return true;
  const key = open === "[" ? items.size : flowKey(segment.trim());
  if (key === undefined) return false;
  items.set(key, start + segment.length - segment.trimStart().length);
  return true;
}

/** The key of a flow mapping entry `key: value` (or a lone `key`), unquoted. */
function flowKey(entry: string): string | undefined {
  const colon = entry.search(/:(\s|$)/);
  const raw = (colon === -1 ? entry : entry.slice(0, colon)).trim();
  if (/^".*"$|^'.*'$/.test(raw)) return raw.slice(1, -1);
  return /^[^"'&*!?|>%@`#]/.test(raw) ? raw : undefined;
}

// ---- the parser fallback ----

/** Offset where the node at `path` starts: a mapping entry's key, a sequence item's content. */
function nodeStart(doc: YamlDocument, path: FieldPath): number | undefined {
  let node: unknown = doc.contents;
  let start = startOf(node);
  for (const key of path) {
    node = resolveAlias(doc, node);
    if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      start = startOf(node) ?? start;
    } else if (isMap(node)) {
      const pair = findPair(doc, node, String(key));
      if (!pair) return start;
      start = startOf(pair.key) ?? startOf(pair.value) ?? start;
      node = pair.value;
    } else {
      return start;
    }
  }
  return start;
}

function findPair(
  doc: YamlDocument,
  map: unknown,
  key: string,
): { key: unknown; value: unknown } | undefined {
  if (!isMap(map)) return undefined;
  let merged: { key: unknown; value: unknown } | undefined;
  for (const pair of map.items) {
    const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (k === key) return pair;
    if (k === "<<" && !merged) {
      const sources = resolveAlias(doc, pair.value);
      for (const source of isSeq(sources) ? sources.items : [sources]) {
        merged ??= findPair(doc, resolveAlias(doc, source), key);
      }
    }
  }
  return merged;
}

function resolveAlias(doc: YamlDocument, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function startOf(node: unknown): number | undefined {
  return (node as Node | undefined)?.range?.[0];
}

/** 0-based line and column of an offset in the document's text. */
function toLineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

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
  private readonly lines = new Map<ManifestDocument, string[]>();
  private readonly parsed = new Map<ManifestDocument, YamlDocument>();

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

  private scan(document: ManifestDocument, path: FieldPath): Region | undefined {
    return scanBlock(this.linesOf(document), path);
  }

  private linesOf(document: ManifestDocument): string[] {
    let lines = this.lines.get(document);
    if (!lines) {
      lines = document.text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
      this.lines.set(document, lines);
    }
    return lines;
  }

  private fromParser(document: ManifestDocument, path: FieldPath): Region {
    this.fallbacks++;
    let doc = this.parsed.get(document);
    if (!doc) {
      doc = parseDocument(document.text, { version: "1.1", merge: true, uniqueKeys: false });
      this.parsed.set(document, doc);
    }
    const lines = this.linesOf(document);
    const { line, column } = toLineColumn(document.text, nodeStart(doc, path) ?? 0);
    return lineRegion(line, column, lines[line]!);
  }
}

// ---- the block-style scanner ----

interface MapContext {
  kind: "map";
  /** Column (0-based) of the keys. */
  indent: number;
  /** Line of the first key and the column it starts at (after "- " when the mapping opens an item). */
  firstLine: number;
  end: number;
}

interface SeqContext {
  kind: "seq";
  indent: number;
  firstLine: number;
  end: number;
}

type Context = MapContext | SeqContext;

/** A node found on a line: where it starts, and the rest of the line after its key or dash. */
interface Hit {
  line: number;
  column: number;
  /** Column where the value starts on the same line (or the line's length when it continues below). */
  valueColumn: number;
}

function scanBlock(lines: string[], path: FieldPath): Region | undefined {
  const root = rootContext(lines);
  if (!root) return undefined;
  if (path.length === 0) {
    const line = lines[root.firstLine]!;
    return lineRegion(root.firstLine, root.indent, line);
  }
  let context: Context = root;
  let hit: Hit | undefined;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (typeof key === "number" ? context.kind !== "seq" : context.kind !== "map") return undefined;
    hit =
      context.kind === "map" ? findKey(lines, context, String(key)) : findItem(lines, context, key as number);
    if (!hit) return undefined;
    if (i === path.length - 1) break;
    const next = childContext(lines, context, hit, typeof path[i + 1] === "number" ? "seq" : "map");
    if (!next) return undefined;
    context = next;
  }
  return lineRegion(hit!.line, hit!.column, lines[hit!.line]!);
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

function indentOf(text: string): number {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  return i;
}

/** Blank and comment-only lines never start or end a block. */
function isFiller(text: string): boolean {
  const t = text.trim();
  return t === "" || t.startsWith("#");
}

function rootContext(lines: string[]): MapContext | undefined {
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (isFiller(text) || text.startsWith("%")) continue;
    if (text.startsWith("---")) {
      if (!isFiller(text.slice(3))) return undefined;
      continue;
    }
    if (text.includes("\t") || text.trimStart().startsWith("-")) return undefined;
    return { kind: "map", indent: indentOf(text), firstLine: i, end: lines.length };
  }
  return undefined;
}

function findKey(lines: string[], context: MapContext, key: string): Hit | undefined {
  for (let i = context.firstLine; i < context.end; i++) {
    const text = lines[i]!;
    if (isFiller(text)) continue;
    if (i !== context.firstLine) {
      const indent = indentOf(text);
      if (indent > context.indent) continue;
      if (indent < context.indent || text[indent] === "\t") return undefined;
      if (isDash(text, indent)) continue; // an item of the previous key's compact sequence
    }
    const parsed = readKey(text, context.indent);
    if (parsed === undefined) return undefined;
    if (parsed.key === key) return { line: i, column: context.indent, valueColumn: parsed.valueColumn };
  }
  return undefined;
}

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
    const colon = text.slice(column).search(/:(\s|$)/);
    if (colon === -1) return undefined;
    key = text.slice(column, column + colon).trimEnd();
    if (/\s#/.test(key)) return undefined;
    after = column + colon;
  }
  while (text[after] === " ") after++;
  if (text[after] !== ":") return undefined;
  let valueColumn = after + 1;
  while (text[valueColumn] === " ") valueColumn++;
  return { key, valueColumn };
}

function findItem(lines: string[], context: SeqContext, index: number): Hit | undefined {
  let count = -1;
  for (let i = context.firstLine; i < context.end; i++) {
    const text = lines[i]!;
    if (isFiller(text)) continue;
    const indent = indentOf(text);
    if (indent > context.indent) continue;
    if (indent < context.indent || !isDash(text, indent)) return undefined;
    count++;
    if (count === index) {
      let valueColumn = indent + 1;
      while (text[valueColumn] === " ") valueColumn++;
      if (isFiller(text.slice(valueColumn))) return undefined;
      return { line: i, column: valueColumn, valueColumn };
    }
  }
  return undefined;
}

function isDash(text: string, column: number): boolean {
  return text[column] === "-" && (column + 1 === text.length || text[column + 1] === " ");
}

/** The block collection that holds a found node's value. */
function childContext(lines: string[], parent: Context, hit: Hit, want: "map" | "seq"): Context | undefined {
  const inline = lines[hit.line]!.slice(hit.valueColumn);
  if (!isFiller(inline)) {
    // Only a sequence item can open a mapping on its own line: "- name: x".
    if (parent.kind !== "seq" || want !== "map" || readKey(lines[hit.line]!, hit.valueColumn) === undefined) {
      return undefined;
    }
    return {
      kind: "map",
      indent: hit.valueColumn,
      firstLine: hit.line,
      end: blockEnd(lines, hit.line, hit.valueColumn - 1, false),
    };
  }
  // The value is on the following lines: more indented, or a "- " sequence at the key's own column.
  for (let i = hit.line + 1; i < parent.end; i++) {
    const text = lines[i]!;
    if (isFiller(text)) continue;
    const indent = indentOf(text);
    if (text[indent] === "\t") return undefined;
    const dash = isDash(text, indent);
    const ownerColumn = parent.kind === "map" ? parent.indent : hit.column - 1;
    if (indent < ownerColumn || (indent === ownerColumn && !(dash && parent.kind === "map")))
      return undefined;
    if (want === "seq" ? !dash : dash) return undefined;
    const end = blockEnd(lines, i, indent, want === "seq");
    if (want === "map" && readKey(text, indent) === undefined) return undefined;
    return { kind: want, indent, firstLine: i, end: Math.min(end, parent.end) };
  }
  return undefined;
}

/**
 * The line after a block whose entries sit at `indent`: the first content line less indented, a
 * marker line, or for a sequence the first equally indented line that is not an item.
 */
function blockEnd(lines: string[], first: number, indent: number, isSeq: boolean): number {
  for (let i = first + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (isFiller(text)) continue;
    const lineIndent = indentOf(text);
    if (lineIndent < indent) return i;
    // A mapping's keys may own "- " sequences at their own column; a sequence ends at anything else.
    if (lineIndent === indent && isSeq && !isDash(text, lineIndent)) return i;
    if (text.startsWith("...") || text.startsWith("---")) return i;
  }
  return lines.length;
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

import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type YAMLMap,
} from "yaml";
import { ConfigError } from "../errors.js";
import { didYouMean } from "./suggest.js";

/**
 * Specs describe a YAML file's shape once and serve twice: `read` validates a parsed node with
 * errors at the exact line and column, and `schema` is the JSON Schema editors complete from. Both
 * come from the same definition, so the published schema cannot drift from what the parser accepts.
 */
export interface JsonSchema {
  $schema?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: "object" | "array" | "string" | "integer" | "boolean";
  enum?: readonly (string | number | boolean)[];
  pattern?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  minProperties?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  default?: unknown;
  examples?: unknown[];
  definitions?: Record<string, JsonSchema>;
}

/** A YAML file being read: turns nodes into locations for error messages. */
export class YamlFile {
  private readonly lines = new LineCounter();
  readonly document: Document;

  constructor(
    text: string,
    readonly path: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, schema: "core" });
    const [error] = this.document.errors;
    if (error) throw this.error(error.pos[0], `YAML syntax error: ${error.message}`);
  }

  /** The document's root node (undefined for an empty document). */
  get root(): Node | undefined {
    return this.resolve(this.document.contents ?? undefined);
  }

  /** Follows an alias to its anchored node; an alias to nothing is the user's mistake. */
  resolve(node: Node | undefined): Node | undefined {
    if (!isAlias(node)) return node;
    const target = node.resolve(this.document);
    if (!target) throw this.error(node.range?.[0] ?? 0, `alias *${node.source} refers to no anchor`);
    return target;
  }

  position(node: Node | undefined): { path: string; line: number; column: number } {
    const { line, col } = this.lines.linePos(node?.range?.[0] ?? 0);
    return { path: this.path, line, column: col };
  }

  error(offset: number, message: string): ConfigError {
    const { line, col } = this.lines.linePos(offset);
    return new ConfigError(message, { path: this.path, line, column: col });
  }
}

/** Where a value sits: the file, and a readable key path such as `exemptions[0].reason`. */
export interface Place {
  file: YamlFile;
  where: string;
}

export interface Spec<T> {
  readonly schema: JsonSchema;
  read(node: Node | undefined, at: Place): T;
}

export type SpecValue<S> = S extends Spec<infer T> ? T : never;

/** Throws a ConfigError at `node`, prefixed with the key path. */
export function fail(node: Node | undefined, at: Place, message: string): never {
  const prefix = at.where ? `${at.where}: ` : "";
  throw at.file.error(node?.range?.[0] ?? 0, `${prefix}${message}`);
}

export function child(at: Place, key: string | number): Place {
  const where = typeof key === "number" ? `${at.where}[${key}]` : at.where ? `${at.where}.${key}` : key;
  return { file: at.file, where };
}

function describe(node: Node | undefined): string {
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (!isScalar(node) || node.value === null) return "nothing";
  const value = node.value;
  return typeof value === "string" ? `"${value}"` : `${typeof value} ${String(value)}`;
}

export function expected(node: Node | undefined, at: Place, what: string): never {
  return fail(node, at, `expected ${what}, found ${describe(node)}`);
}

/** The scalar value of a node, or undefined for anything that is not a scalar. */
export function scalarOf(node: Node | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function string(
  description: string,
  options: { pattern?: string; check?: (value: string) => string | undefined } = {},
): Spec<string> {
  return {
    schema: {
      type: "string",
      description,
      minLength: 1,
      ...(options.pattern ? { pattern: options.pattern } : {}),
    },
    read(node, at) {
      const value = scalarOf(node);
      if (typeof value !== "string" || value.trim() === "") return expected(node, at, "a non-empty string");
      const problem = options.check?.(value);
      return problem ? fail(node, at, problem) : value;
    },
  };
}

/** The words a value may be, and what to call them in a message about a value that is none of them. */
export interface Vocabulary {
  noun: string;
  values: readonly string[];
  /** Too many to list in a message (rule ids): only a close match is suggested. */
  long?: boolean;
  /** Why a word that exists elsewhere is not accepted here; said instead of "unknown". */
  explain?: (word: string) => string | undefined;
}

/** `unknown rule "x"; did you mean "y"?`, or the valid values when nothing is close. */
export function unknownWord(word: string, vocabulary: Vocabulary, where = ""): string {
  const reason = vocabulary.explain?.(word);
  if (reason) return `${vocabulary.noun} "${word}"${where} ${reason}`;
  const hint =
    didYouMean(word, vocabulary.values) ||
    (vocabulary.long ? "" : `; valid ${vocabulary.noun}s: ${vocabulary.values.join(", ")}`);
  return `unknown ${vocabulary.noun} "${word}"${where}${hint}`;
}

/** One of a fixed set of strings, with a suggestion when the value is a near miss. */
export function choice<T extends string>(
  values: readonly T[],
  description: string,
  options: { noun?: string; schema?: Partial<JsonSchema> } & Pick<Vocabulary, "long" | "explain"> = {},
): Spec<T> {
  const vocabulary: Vocabulary = {
    noun: options.noun ?? "value",
    values,
    long: options.long,
    explain: options.explain,
  };
  return {
    schema: { type: "string", enum: values, description, ...options.schema },
    read(node, at) {
      const value = scalarOf(node);
      if (typeof value !== "string") return expected(node, at, `a ${vocabulary.noun} (a string)`);
      if (!(values as readonly string[]).includes(value))
        return fail(node, at, unknownWord(value, vocabulary));
      return value as T;
    },
  };
}

export function boolean(description: string): Spec<boolean> {
  return {
    schema: { type: "boolean", description },
    read(node, at) {
      const value = scalarOf(node);
      return typeof value === "boolean" ? value : expected(node, at, "true or false");
    },
  };
}

export function positiveInteger(description: string): Spec<number> {
  return {
    schema: { type: "integer", minimum: 1, description },
    read(node, at) {
      const value = scalarOf(node);
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 1
        ? value
        : expected(node, at, "a whole number of at least 1");
    },
  };
}

/** A list; empty lists are refused unless `minItems` is 0 (an empty `rules:` is a mistake, not a wish). */
export function list<T>(item: Spec<T>, description: string, options: { minItems?: number } = {}): Spec<T[]> {
  const minItems = options.minItems ?? 1;
  return {
    schema: { type: "array", items: item.schema, minItems, description },
    read(node, at) {
      const resolved = at.file.resolve(node);
      if (!isSeq(resolved)) return expected(resolved, at, minItems > 0 ? "a non-empty list" : "a list");
      if (resolved.items.length < minItems)
        return fail(resolved, at, "expected a non-empty list, found an empty one");
      return resolved.items.map((entry, i) => item.read(at.file.resolve(entry as Node), child(at, i)));
    },
  };
}

/**
 * Calls `visit` for each key of a mapping, rejecting keys not in `known` at the key's position with
 * the closest valid key as a suggestion. Shared by `object`, the rules map and the config's top level.
 */
export function readMapping(
  node: Node | undefined,
  at: Place,
  known: Vocabulary,
  visit: (key: string, value: Node | undefined, place: Place) => void,
): YAMLMap {
  const map = at.file.resolve(node);
  if (!isMap(map)) return expected(map, at, "a mapping");
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    const key = scalarOf(keyNode);
    if (typeof key !== "string" || !known.values.includes(key)) {
      const where = at.where ? ` in ${at.where}` : " at the top level";
      throw at.file.error(keyNode.range?.[0] ?? 0, unknownWord(String(key), known, where));
    }
    visit(key, at.file.resolve((pair.value ?? undefined) as Node | undefined), child(at, key));
  }
  return map;
}

type Fields = Record<string, Spec<unknown>>;
type ObjectValue<F extends Fields, R extends keyof F> = { [K in R]: SpecValue<F[K]> } & {
  [K in Exclude<keyof F, R>]?: SpecValue<F[K]>;
};

/** A mapping with known keys; keys in `required` must be present, the others may be. */
export function object<F extends Fields, R extends keyof F & string = never>(
  description: string,
  fields: F,
  options: { required?: readonly R[]; minProperties?: number } = {},
): Spec<ObjectValue<F, R>> {
  const keys = Object.keys(fields);
  const required = options.required ?? [];
  return {
    schema: {
      type: "object",
      description,
      properties: Object.fromEntries(keys.map((key) => [key, fields[key]!.schema])),
      ...(required.length > 0 ? { required: [...required] } : {}),
      ...(options.minProperties ? { minProperties: options.minProperties } : {}),
      additionalProperties: false,
    },
    read(node, at) {
      const value: Record<string, unknown> = {};
      const map = readMapping(node, at, { noun: "key", values: keys }, (key, child, place) => {
        value[key] = fields[key]!.read(child, place);
      });
      const missing = required.find((key) => !(key in value));
      if (missing) fail(map, at, `missing required key "${missing}": ${fields[missing]!.schema.description}`);
      if (options.minProperties && Object.keys(value).length < options.minProperties) {
        fail(map, at, `give at least one of ${keys.join(", ")}`);
      }
      return value as ObjectValue<F, R>;
    },
  };
}

/** A spec whose value is turned into another, with the node at hand for positions. */
export function transform<T, U>(
  spec: Spec<T>,
  to: (value: T, node: Node | undefined, at: Place) => U,
): Spec<U> {
  return {
    schema: spec.schema,
    read: (node, at) => to(spec.read(node, at), at.file.resolve(node), at),
  };
}

/**
 * A mapping from names the user chooses to text. Values must be YAML strings: `1.20` would reach us as
 * the number 1.2, so unquoted numbers and booleans are refused with the quoting that keeps them.
 */
export function textMap(description: string, valueDescription: string): Spec<Record<string, string>> {
  return {
    schema: {
      type: "object",
      description,
      additionalProperties: { type: "string", description: valueDescription },
    },
    read(node, at) {
      const map = at.file.resolve(node);
      if (!isMap(map)) return expected(map, at, "a mapping");
      const value: Record<string, string> = {};
      for (const pair of map.items) {
        const keyNode = pair.key as Node;
        const key = scalarOf(keyNode);
        if (typeof key !== "string" || key === "") expected(keyNode, at, "a name");
        const place = child(at, key as string);
        const valueNode = at.file.resolve((pair.value ?? undefined) as Node | undefined);
        const text = scalarOf(valueNode);
        if (typeof text === "string") {
          value[key as string] = text;
          continue;
        }
        if (isScalar(valueNode) && text !== null && valueNode.source !== undefined) {
          fail(
            valueNode,
            place,
            `expected a string, found ${describe(valueNode)}; quote it: "${valueNode.source}"`,
          );
        }
        expected(valueNode, place, "a string");
      }
      return value;
    },
  };
}

import yaml from "js-yaml";
import { DECLINED, parseCommonYaml } from "./common-yaml.js";
import { DEFAULT_LIMITS, type InputLimits } from "./limits.js";
import { KUBERNETES_SCHEMA } from "./schema.js";
import { splitDocuments } from "./split.js";
import type { FieldPath, JsonObject, ManifestDocument, ManifestObject, SourceFile } from "./types.js";
import { isObject } from "./workloads.js";

/** Why (part of) a file could not be checked. Each becomes a finding of the input rule it names. */
export interface LoadProblem {
  ruleId: "invalid-yaml" | "unsafe-yaml" | "input-too-large" | "unreadable-file" | "unrendered-template";
  message: string;
  path: string;
  line: number;
  column: number;
}

/** A document that parsed but holds no Kubernetes object: reported as a note, not an error. */
export interface SkippedDocument {
  path: string;
  line: number;
  reason: string;
}

export interface LoadedFile {
  path: string;
  documents: ManifestDocument[];
  objects: ManifestObject[];
  problems: LoadProblem[];
  skipped: SkippedDocument[];
}

/** A file the adapter left unread because it is over the size limit. */
export interface OversizedFile {
  path: string;
  bytes: number;
}

export function tooLargeProblem(file: OversizedFile, limit: number): LoadProblem {
  return {
    ruleId: "input-too-large",
    message: `The file is ${formatBytes(file.bytes)}, over the ${formatBytes(limit)} size limit; it was not checked. Split it, exclude it, or raise limits.max-file-size.`,
    path: file.path,
    line: 1,
    column: 1,
  };
}

const BOM = "\uFEFF";

/** One document of a file: its objects, or why it has none. */
export interface LoadedDocument {
  /** Set when the document parsed to something other than null (even if it was then rejected as unsafe). */
  document?: ManifestDocument;
  objects: ManifestObject[];
  problem?: LoadProblem;
  skipped: SkippedDocument[];
}

/** Loads a whole file: every document's objects, problems and skipped documents. */
export function loadManifests(file: SourceFile, limits: InputLimits = DEFAULT_LIMITS): LoadedFile {
  const result: LoadedFile = { path: file.path, documents: [], objects: [], problems: [], skipped: [] };
  for (const loaded of loadDocuments(file, limits)) {
    if (loaded.document) result.documents.push(loaded.document);
    if (loaded.problem) result.problems.push(loaded.problem);
    // One push per item: spreading a List of 200,000 items as arguments would overflow the stack.
    for (const object of loaded.objects) result.objects.push(object);
    for (const skipped of loaded.skipped) result.skipped.push(skipped);
  }
  return result;
}

/**
 * Loads a file one document at a time, so a caller can check each document's objects and let them
 * go before the next is parsed.
 */
export function* loadDocuments(
  file: SourceFile,
  limits: InputLimits = DEFAULT_LIMITS,
): Generator<LoadedDocument> {
  if (file.text.length > limits.maxFileBytes) {
    const problem = tooLargeProblem({ path: file.path, bytes: file.text.length }, limits.maxFileBytes);
    yield { objects: [], problem, skipped: [] };
    return;
  }
  const text = file.text.startsWith(BOM) ? file.text.slice(1) : file.text;
  // js-yaml stops at a depth of its own (100, unknown to its type declarations): the configured limit applies.
  const parseOptions: yaml.LoadOptions & { maxDepth: number } = {
    schema: KUBERNETES_SCHEMA,
    filename: file.path,
    maxDepth: limits.maxDepth,
  };

  let index = 0;
  for (const segment of splitDocuments(text)) {
    const document: ManifestDocument = {
      path: file.path,
      index,
      offset: segment.offset,
      line: segment.line,
      text: segment.text,
    };
    let value = parseCommonYaml(segment.text, limits.maxDepth);
    // Only js-yaml reads aliases, so only its documents can be alias bombs.
    let unsafe: string | undefined;
    if (value === DECLINED) {
      try {
        value = yaml.load(segment.text, parseOptions);
      } catch (error) {
        yield { objects: [], problem: syntaxProblem(error, document, text, limits), skipped: [] };
        continue;
      }
      if (segment.text.includes("&")) unsafe = checkExpansion(value, limits);
    }
    if (value === undefined || value === null) continue;
    index++;
    if (unsafe) {
      const problem: LoadProblem = {
        ruleId: "unsafe-yaml",
        message: unsafe,
        path: file.path,
        line: document.line,
        column: 1,
      };
      yield { document, objects: [], problem, skipped: [] };
      continue;
    }
    yield { document, ...objectsOf(value, document) };
  }
}

function objectsOf(value: unknown, document: ManifestDocument): Pick<LoadedDocument, "objects" | "skipped"> {
  const object = asObject(value, document, []);
  if (!object) {
    return {
      objects: [],
      skipped: [{ path: document.path, line: document.line, reason: describeNonObject(value) }],
    };
  }
  const items = object.value.items;
  if (!object.kind.endsWith("List") || !Array.isArray(items)) return { objects: [object], skipped: [] };
  const loaded: Pick<LoadedDocument, "objects" | "skipped"> = { objects: [], skipped: [] };
  items.forEach((item, i) => {
    const inner = asObject(item, document, ["items", i]);
    if (inner) loaded.objects.push(inner);
    else
      loaded.skipped.push({
        path: document.path,
        line: document.line,
        reason: `${object.kind} item ${i} has no apiVersion and kind`,
      });
  });
  return loaded;
}

function asObject(
  value: unknown,
  document: ManifestDocument,
  basePath: FieldPath,
): ManifestObject | undefined {
  if (!isObject(value)) return undefined;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !apiVersion || !kind) return undefined;
  const metadata: JsonObject = isObject(value.metadata) ? value.metadata : {};
  const name = stringOr(metadata.name, stringOr(metadata.generateName, ""));
  const namespace =
    typeof metadata.namespace === "string" && metadata.namespace ? metadata.namespace : undefined;
  return { apiVersion, kind, name, ...(namespace ? { namespace } : {}), value, document, basePath };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function describeNonObject(value: unknown): string {
  if (Array.isArray(value)) return "not a Kubernetes object (the document is a sequence)";
  if (!isObject(value)) return "not a Kubernetes object (the document is a scalar)";
  return "not a Kubernetes object (no apiVersion and kind)";
}

/** `fileText` is the whole file: a `{{` anywhere in it says the error is an unrendered template's. */
function syntaxProblem(
  error: unknown,
  document: ManifestDocument,
  fileText: string,
  limits: InputLimits,
): LoadProblem {
  if (error instanceof yaml.YAMLException && error.reason.startsWith("nesting exceeded maxDepth")) {
    return {
      ruleId: "unsafe-yaml",
      message: `${tooDeep(limits)} Raise limits.max-depth if the document is meant to be this deep.`,
      path: document.path,
      line: document.line,
      column: 1,
    };
  }
  if (error instanceof yaml.YAMLException && error.reason.startsWith("merge keys exceeded")) {
    return {
      ruleId: "unsafe-yaml",
      message: `Document rejected: it uses more merge keys (<<) than the parser allows (${error.reason}).`,
      path: document.path,
      line: document.line,
      column: 1,
    };
  }
  if (error instanceof yaml.YAMLException) {
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const line = document.line + (mark?.line ?? 0);
    const column = (mark?.column ?? 0) + 1;
    if (fileText.includes("{{")) {
      return {
        ruleId: "unrendered-template",
        message: `This looks like an unrendered template ({{ ... }}), not YAML: ${error.reason}. Render it first, e.g. \`helm template . | bulwark validate -\`.`,
        path: document.path,
        line,
        column,
      };
    }
    return {
      ruleId: "invalid-yaml",
      message: `YAML syntax error: ${error.reason}`,
      path: document.path,
      line,
      column,
    };
  }
  // js-yaml recurses per nesting level: absurdly deep input exhausts the stack.
  const reason = error instanceof RangeError ? "nesting is too deep to parse" : String(error);
  return {
    ruleId: "unsafe-yaml",
    message: `Document not parsed: ${reason}`,
    path: document.path,
    line: document.line,
    column: 1,
  };
}

const DEPTH_REASON = "too deep";

/** The one message for nesting past the limit, whether the parser or the alias expansion found it. */
function tooDeep(limits: InputLimits): string {
  return `Document rejected: nesting deeper than ${limits.maxDepth} levels.`;
}

/**
 * Aliases share nodes, so a few lines of YAML can stand for billions of nodes (and an anchor can
 * contain itself). Count the expanded tree once per shared node, without recursion.
 */
function checkExpansion(root: unknown, limits: InputLimits): string | undefined {
  const sizes = new Map<object, number>();
  const onPath = new Set<object>();
  const stack: { node: object; depth: number; children: unknown[]; next: number; size: number }[] = [];
  let total = 0;
  /** Returns the expanded size of a node already known, undefined for a node pushed, or a reason. */
  const visit = (node: unknown, depth: number): number | string | undefined => {
    if (typeof node !== "object" || node === null) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (onPath.has(node)) return "an alias refers to the node that contains it (a cycle)";
    if (depth > limits.maxDepth) return DEPTH_REASON;
    onPath.add(node);
    stack.push({ node, depth, children: Array.isArray(node) ? node : Object.values(node), next: 0, size: 1 });
    total += 1;
    return undefined;
  };
  const reject = (reason: string) =>
    reason === DEPTH_REASON ? tooDeep(limits) : `Document rejected: ${reason}.`;
  const first = visit(root, 0);
  if (typeof first === "string") return reject(first);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length) {
      const child = visit(frame.children[frame.next++], frame.depth + 1);
      if (typeof child === "string") return reject(child);
      if (child !== undefined) {
        frame.size += child;
        total += child;
      }
    } else {
      stack.pop();
      onPath.delete(frame.node);
      sizes.set(frame.node, frame.size);
      const parent = stack[stack.length - 1];
      if (parent) parent.size += frame.size;
    }
    if (total > limits.maxExpandedNodes) {
      return reject(
        `its aliases expand to more than ${limits.maxExpandedNodes.toLocaleString("en-US")} nodes (an alias bomb)`,
      );
    }
  }
  return undefined;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

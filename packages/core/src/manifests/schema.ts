import yaml from "js-yaml";

/**
 * Scalars resolve the way Kubernetes' decoder (sigs.k8s.io/yaml on go-yaml v2, YAML 1.1) resolves
 * them, so `privileged: yes` is the boolean true the API server would store, not a string that slips
 * past a check. No timestamps, binary or sets: the API server sees those as strings.
 */
const BOOLEANS = new Map<string, boolean>([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map((w) => [w, true] as const),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map(
    (w) => [w, false] as const,
  ),
]);

const yaml11Bool = new yaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  // Every plain scalar is tried: the length test spares hashing the long ones.
  resolve: (data: string) => data.length <= 5 && BOOLEANS.has(data),
  construct: (data: string) => BOOLEANS.get(data) === true,
  predicate: (object: unknown) => typeof object === "boolean",
});

// js-yaml exports its built-in types at run time; its type declarations omit them.
const types = (yaml as unknown as { types: Record<"null" | "int" | "float" | "merge", yaml.Type> }).types;

/**
 * The core schema (null, int, float) with YAML 1.1 booleans in place of 1.2's, plus merge keys.
 * Built from the failsafe schema rather than by extending the core one: every plain scalar is tried
 * against each implicit type in turn, and 1.2's booleans are a subset of 1.1's.
 */
export const KUBERNETES_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [types.null, yaml11Bool, types.int, types.float, types.merge],
});

/** The implicit types a plain scalar may match, by its first character (in the schema's order). */
const CANDIDATES = new Map<string, readonly yaml.Type[]>();
for (const [first, candidates] of [
  ["0123456789+-.", [types.int, types.float]],
  ["nN", [types.null, yaml11Bool]],
  ["~", [types.null]],
  ["yYtTfFoO", [yaml11Bool]],
] as const) {
  for (const c of first) CANDIDATES.set(c, candidates);
}

/**
 * What the schema makes of a plain scalar other than the merge key `<<`: the same types in the same
 * order, skipping those that cannot match its first character (a plain scalar is never empty).
 */
export function resolvePlainScalar(text: string): unknown {
  const candidates = CANDIDATES.get(text[0]!);
  if (candidates) {
    for (const type of candidates) if (type.resolve(text)) return type.construct(text);
  }
  return text;
}

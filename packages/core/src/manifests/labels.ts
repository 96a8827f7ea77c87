import { isObject } from "./workloads.js";

export type Labels = ReadonlyMap<string, string>;

/** A mapping of strings (labels, annotations, matchLabels); YAML may have read `true` or `8080` as other scalars. */
export function stringMap(value: unknown): Labels {
  const result = new Map<string, string>();
  if (!isObject(value)) return result;
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item !== "object") result.set(key, String(item));
  }
  return result;
}

/** One entry of such a mapping, read as `stringMap` reads it, without building the whole map. */
export function stringEntry(value: unknown, key: string): string | undefined {
  if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
  const item = value[key];
  return item !== null && typeof item !== "object" ? String(item) : undefined;
}

/** The labels of a metadata mapping. */
export function labelsOf(metadata: unknown): Labels {
  return stringMap(isObject(metadata) ? metadata.labels : undefined);
}

/** A Kubernetes LabelSelector with no requirement: it selects everything (a NetworkPolicy's `podSelector: {}`). */
export function isEmptySelector(selector: unknown): boolean {
  if (!isObject(selector)) return true;
  const { matchLabels, matchExpressions } = selector;
  return (
    !(isObject(matchLabels) && Object.keys(matchLabels).length > 0) &&
    !(Array.isArray(matchExpressions) && matchExpressions.length > 0)
  );
}

/** Whether a Kubernetes LabelSelector selects these labels: matchLabels and matchExpressions all hold. */
export function selectsLabels(selector: unknown, labels: Labels): boolean {
  if (!isObject(selector)) return true;
  if (isObject(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      if (labels.get(key) !== String(value)) return false;
    }
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return expressions.every((expression) => matchesExpression(expression, labels));
}

function matchesExpression(expression: unknown, labels: Labels): boolean {
  // A malformed requirement is rejected by the API server; selecting nothing is the cautious reading.
  if (!isObject(expression) || typeof expression.key !== "string") return false;
  const value = labels.get(expression.key);
  const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
  switch (expression.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return false;
  }
}

import type { JsonObject } from "../../manifests/types.js";
import { isObject } from "../../manifests/workloads.js";

function labelValue(labels: JsonObject, key: string): string | undefined {
  const value = labels[key];
  return value === undefined || value === null ? undefined : String(value);
}

function expressionMatches(expression: unknown, labels: JsonObject): boolean {
  if (!isObject(expression) || typeof expression.key !== "string") return false;
  const value = labelValue(labels, expression.key);
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

/** A Kubernetes label selector (matchLabels and matchExpressions); an empty one selects everything. */
export function selectorMatches(selector: unknown, labels: JsonObject): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return (
    Object.entries(matchLabels).every(([key, value]) => labelValue(labels, key) === String(value)) &&
    expressions.every((expression) => expressionMatches(expression, labels))
  );
}

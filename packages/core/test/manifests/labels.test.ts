import { describe, expect, it } from "vitest";
import {
  isEmptySelector,
  labelsOf,
  selectsLabels,
  stringEntry,
  stringMap,
} from "../../src/manifests/labels.js";

const labels = labelsOf({ labels: { tier: "web", "aggregate-to-ops": "true", port: 8080 } });

describe("label selectors", () => {
  it("matches matchLabels and every matchExpressions operator", () => {
    expect(selectsLabels({ matchLabels: { "aggregate-to-ops": "true" } }, labels)).toBe(true);
    expect(selectsLabels({ matchLabels: { tier: "db" } }, labels)).toBe(false);
    const expression = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: "tier", operator, ...(values ? { values } : {}) }],
    });
    expect(selectsLabels(expression("In", ["web", "api"]), labels)).toBe(true);
    expect(selectsLabels(expression("In", ["db"]), labels)).toBe(false);
    expect(selectsLabels(expression("NotIn", ["db"]), labels)).toBe(true);
    expect(selectsLabels(expression("NotIn", ["web"]), labels)).toBe(false);
    expect(selectsLabels(expression("Exists"), labels)).toBe(true);
    expect(selectsLabels(expression("DoesNotExist"), labels)).toBe(false);
    expect(selectsLabels(expression("Sometimes"), labels)).toBe(false);
  });

  it("selects everything with an empty or absent selector, as Kubernetes' value-typed selectors do", () => {
    expect(selectsLabels({}, labels)).toBe(true);
    expect(selectsLabels(null, labels)).toBe(true);
    expect(isEmptySelector({ matchLabels: {} })).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: "b" } })).toBe(false);
  });

  it("reads unquoted YAML booleans and numbers as their text", () => {
    expect(selectsLabels({ matchLabels: { "aggregate-to-ops": true, port: "8080" } }, labels)).toBe(true);
  });
});

describe("stringEntry", () => {
  it("reads one entry as stringMap reads the whole mapping", () => {
    const mapping = { a: "x", port: 8080, on: true, nested: { b: 1 }, none: null, toString: "own" };
    for (const key of ["a", "port", "on", "nested", "none", "missing", "toString", "hasOwnProperty"])
      expect(stringEntry(mapping, key)).toBe(stringMap(mapping).get(key));
    expect(stringEntry(undefined, "a")).toBeUndefined();
    expect(stringEntry(["x"], "0")).toBeUndefined();
  });
});

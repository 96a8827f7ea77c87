import type { JsonObject, ManifestObject } from "./types.js";
import { getPath, isObject, podOf } from "./workloads.js";

/**
 * What the cross-object (corpus) rules keep of an object once the per-object rules are done with it.
 * Holding every parsed tree until the end of a large scan costs more in garbage collection than all
 * the rules together, so only the kinds the active corpus rules read in full (`fullKinds`) are kept
 * whole. A workload keeps its metadata, its pod template's metadata and the pod spec's scalar fields
 * (service account, token automount, host namespaces...); any other object keeps apiVersion, kind and
 * metadata. The summary sits at the same paths as the original, so findings on it locate the same way.
 */
export function corpusSummaryOf(object: ManifestObject, fullKinds: ReadonlySet<string>): ManifestObject {
  const pod = podOf(object);
  if (!pod && fullKinds.has(object.kind)) return object;
  const value = header(object.value);
  if (pod) {
    const template = getPath(object.value, pod.templatePath) as JsonObject;
    const kept: JsonObject = pod.templatePath.length === 0 ? value : header(template);
    kept.spec = scalarsOf(pod.spec);
    placeAt(value, pod.templatePath, kept);
  }
  return { ...object, value };
}

function header(value: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const key of ["apiVersion", "kind", "metadata"]) if (Object.hasOwn(value, key)) kept[key] = value[key];
  return kept;
}

function scalarsOf(spec: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const key in spec) {
    const field = spec[key];
    if (typeof field !== "object" || field === null) kept[key] = field;
  }
  return kept;
}

/** Puts `leaf` at `path` (string keys only: pod template paths) inside `root`, making the mappings on the way. */
function placeAt(root: JsonObject, path: readonly (string | number)[], leaf: JsonObject): void {
  let node = root;
  path.forEach((key, i) => {
    const existing = node[key];
    const next = i === path.length - 1 ? leaf : isObject(existing) ? existing : {};
    node[key] = next;
    node = next;
  });
}

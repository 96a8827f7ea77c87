import { lastOf } from "../memo.js";
import type { FieldPath, JsonObject, ManifestObject } from "./types.js";

/** The pod inside a workload: its template's metadata and spec, and where the template sits. */
export interface PodView {
  object: ManifestObject;
  /** Path of the pod template (the mapping holding `metadata` and `spec`) inside the object. */
  templatePath: FieldPath;
  metadata: JsonObject;
  spec: JsonObject;
}

export type ContainerListName = "containers" | "initContainers" | "ephemeralContainers";

export const CONTAINER_LISTS: readonly ContainerListName[] = [
  "containers",
  "initContainers",
  "ephemeralContainers",
];

export interface ContainerView {
  list: ContainerListName;
  index: number;
  name: string;
  value: JsonObject;
  /** Path relative to the pod template: ["spec", list, index]. */
  path: FieldPath;
}

/**
 * Where each workload kind keeps its pod template, keyed by kind (apiVersion groups checked below). A
 * Map, not an object literal: a manifest's `kind: toString` must not find Object.prototype's members.
 */
const TEMPLATE_PATHS: ReadonlyMap<string, FieldPath> = new Map<string, FieldPath>([
  ["Pod", []],
  ["PodTemplate", ["template"]],
  ["Deployment", ["spec", "template"]],
  ["StatefulSet", ["spec", "template"]],
  ["DaemonSet", ["spec", "template"]],
  ["ReplicaSet", ["spec", "template"]],
  ["ReplicationController", ["spec", "template"]],
  ["Job", ["spec", "template"]],
  ["CronJob", ["spec", "jobTemplate", "spec", "template"]],
  ["Rollout", ["spec", "template"]],
]);

export const WORKLOAD_KINDS: readonly string[] = [...TEMPLATE_PATHS.keys()];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows a path through mappings and sequences; undefined where it leaves the document. */
export function getPath(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const key of path) {
    node = childOf(node, key);
    if (node === undefined) return undefined;
  }
  return node;
}

/** One step of `getPath`: an item of a sequence or an own member of a mapping. */
export function childOf(node: unknown, key: string | number): unknown {
  if (typeof key === "number") return Array.isArray(node) ? node[key] : undefined;
  return isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
}

function isWorkload(object: ManifestObject): boolean {
  if (!TEMPLATE_PATHS.has(object.kind)) return false;
  // Argo Rollout is the only workload of that name; other kinds are core or built-in groups.
  if (object.kind === "Rollout") return object.apiVersion.startsWith("argoproj.io/");
  const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
  return group === "" || group === "apps" || group === "batch" || group === "extensions";
}

// Every rule asks for the pod, its containers and volumes: they are worked out once per object.

/** The pod of a workload object, or undefined for other kinds (or a workload without a pod template). */
export const podOf: (object: ManifestObject) => PodView | undefined = lastOf(findPod);

function findPod(object: ManifestObject): PodView | undefined {
  if (!isWorkload(object)) return undefined;
  const templatePath = TEMPLATE_PATHS.get(object.kind)!;
  const template = getPath(object.value, templatePath);
  if (!isObject(template)) return undefined;
  const spec = template.spec;
  if (!isObject(spec)) return undefined;
  const metadata = isObject(template.metadata) ? template.metadata : {};
  return { object, templatePath, metadata, spec };
}

export interface VolumeView {
  index: number;
  name: string;
  value: JsonObject;
  /** Path relative to the pod template: ["spec", "volumes", index]. */
  path: FieldPath;
}

/** The pod's volumes (entries that are mappings), named `#index` when they have no name. */
export const volumesOf: (pod: PodView) => readonly VolumeView[] = lastOf((pod) => {
  const list = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  return list.flatMap((value, index) =>
    isObject(value)
      ? [
          {
            index,
            name: typeof value.name === "string" ? value.name : `#${index}`,
            value,
            path: ["spec", "volumes", index],
          },
        ]
      : [],
  );
});

/** Every container of the pod: containers, initContainers and ephemeralContainers, in that order. */
export const containersOf: (pod: PodView) => readonly ContainerView[] = lastOf(listContainers);

function listContainers(pod: PodView): ContainerView[] {
  const result: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((value, index) => {
      if (!isObject(value)) return;
      const name = typeof value.name === "string" ? value.name : `#${index}`;
      result.push({ list, index, name, value, path: ["spec", list, index] });
    });
  }
  return result;
}

import type { ManifestObject } from "../../manifests/types.js";

/**
 * The namespace an object is written for. An object without `metadata.namespace` lands in whatever
 * namespace it is applied to (`kubectl -n`, the Helm release, the Argo CD destination). Manifests that
 * leave it out are usually applied together, so they form one group of their own: never merged with
 * "default", where they may or may not end up.
 */
export const UNSPECIFIED_NAMESPACE = "";

export function namespaceOf(object: ManifestObject): string {
  return object.namespace ?? UNSPECIFIED_NAMESPACE;
}

/** For messages: `namespace "shop"`, or what an unspecified namespace means. */
export function describeNamespace(namespace: string): string {
  return namespace === UNSPECIFIED_NAMESPACE
    ? "the namespace these manifests are applied to (they set no metadata.namespace)"
    : `namespace "${namespace}"`;
}

/** Groups items by namespace, keeping the order in which each namespace and item first appears. */
export function groupByNamespace<T>(items: Iterable<T>, namespace: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = namespace(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** "Deployment/web, Job/migrate and 3 more": names a few objects for a message. */
export function listObjects(objects: readonly ManifestObject[], shown = 3): string {
  const names = objects.slice(0, shown).map((o) => `${o.kind}/${o.name}`);
  const rest = objects.length - names.length;
  if (rest > 0) return `${names.join(", ")} and ${rest} more`;
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
}

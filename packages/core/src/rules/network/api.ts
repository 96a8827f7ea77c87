import type { ManifestObject } from "../../manifests/types.js";

/** The API group of an object: "" for the core group (`apiVersion: v1`). */
export function apiGroupOf(object: ManifestObject): string {
  const slash = object.apiVersion.indexOf("/");
  return slash === -1 ? "" : object.apiVersion.slice(0, slash);
}

/** Whether the object is of this kind in one of these API groups (any version). */
export function isKind(object: ManifestObject, kind: string, groups: readonly string[]): boolean {
  return object.kind === kind && groups.includes(apiGroupOf(object));
}

import type { FieldPath, JsonObject } from "../../manifests/types.js";
import {
  type ContainerView,
  containersOf,
  isObject,
  type PodView,
  volumesOf,
} from "../../manifests/workloads.js";

/** The containers that run for the pod's whole life: app containers and native sidecars. */
export function longRunningContainers(pod: PodView): ContainerView[] {
  return containersOf(pod).filter(
    (c) => c.list === "containers" || (c.list === "initContainers" && c.value.restartPolicy === "Always"),
  );
}

/** The app containers only (`spec.containers`). */
export function appContainers(pod: PodView): ContainerView[] {
  return containersOf(pod).filter((c) => c.list === "containers");
}

export interface HostPathVolume {
  name: string;
  /** The path as written. */
  path: string;
  /** The path with `.`/`..` resolved and duplicate or trailing slashes removed, for matching. */
  normalized: string;
  /** Where the path is written, relative to the pod template. */
  field: FieldPath;
}

/** The pod's hostPath volumes that name a path. */
export function hostPathVolumes(pod: PodView): HostPathVolume[] {
  return volumesOf(pod).flatMap(({ value, name, path: volumePath }) => {
    if (!isObject(value.hostPath) || typeof value.hostPath.path !== "string") return [];
    const path = value.hostPath.path;
    return [{ name, path, normalized: normalizeHostPath(path), field: [...volumePath, "hostPath", "path"] }];
  });
}

/** `/var//run/./docker.sock/` and `/var/lib/../run/docker.sock` both become `/var/run/docker.sock`. */
export function normalizeHostPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** True when `path` is `other` or one of its parent directories (so mounting it exposes `other`). */
export function containsPath(path: string, other: string): boolean {
  return path === "/" || other === path || other.startsWith(`${path}/`);
}

export interface VolumeMount {
  index: number;
  name: string;
  value: JsonObject;
}

export function volumeMountsOf(container: ContainerView): VolumeMount[] {
  const mounts = container.value.volumeMounts;
  if (!Array.isArray(mounts)) return [];
  return mounts.flatMap((value, index) =>
    isObject(value) && typeof value.name === "string" ? [{ index, name: value.name, value }] : [],
  );
}

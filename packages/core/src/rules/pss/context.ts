import type { FieldPath, JsonObject } from "../../manifests/types.js";
import {
  type ContainerView,
  containersOf,
  getPath,
  isObject,
  type PodView,
} from "../../manifests/workloads.js";
import { lastOf } from "../../memo.js";
import type { Violation } from "../types.js";
import { atLeast, type PssVersionNumber } from "./version.js";

/** A place that holds a securityContext: the pod (`spec.securityContext`) or one container. */
export interface SecurityContextHolder {
  /** How messages name it at the start of a sentence: `The pod`, `Container "app"`. */
  subject: string;
  /** Path of its securityContext mapping (which may be missing). */
  path: FieldPath;
  /** The securityContext; an empty mapping when it is missing. */
  context: JsonObject;
}

export interface ContainerHolder extends SecurityContextHolder {
  container: ContainerView;
}

const CONTAINER_WORDS = {
  containers: "Container",
  initContainers: "Init container",
  ephemeralContainers: "Ephemeral container",
} as const;

/** Absent and YAML null are the same to the API server: the field is unset. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

// Nearly every PSS check reads the holders of a pod: they are worked out once per pod.

export const podHolder: (pod: PodView) => SecurityContextHolder = lastOf((pod) => ({
  subject: "The pod",
  path: ["spec", "securityContext"],
  context: asObject(pod.spec.securityContext),
}));

/** Every container (regular, init and ephemeral, as the reference visits them) with its securityContext. */
export const containerHolders: (pod: PodView) => readonly ContainerHolder[] = lastOf((pod) =>
  containersOf(pod).map((container) => ({
    subject: `${CONTAINER_WORDS[container.list]} "${container.name}"`,
    path: [...container.path, "securityContext"],
    context: asObject(container.value.securityContext),
    container,
  })),
);

/** The pod template's annotations; an empty mapping when there are none. */
export function podAnnotations(pod: PodView): JsonObject {
  return asObject(pod.metadata.annotations);
}

/** The pod's securityContext, then every container's. */
export const allHolders: (pod: PodView) => readonly SecurityContextHolder[] = lastOf((pod) => [
  podHolder(pod),
  ...containerHolders(pod),
]);

/**
 * From v1.25 the reference exempts pods that declare `spec.os.name: windows` from the restricted checks of
 * Linux-only settings (allowPrivilegeEscalation, capabilities, seccomp): the API rejects those fields there.
 */
export function windowsExempt(pod: PodView, version: PssVersionNumber): boolean {
  return atLeast(version, 25) && getPath(pod.spec, ["os", "name"]) === "windows";
}

/**
 * From v1.35 the reference relaxes the root and /proc checks for pods in their own user namespace
 * (`spec.hostUsers: false`), where root in the container is not root on the node.
 */
export function userNamespaceRelaxed(pod: PodView, version: PssVersionNumber): boolean {
  return atLeast(version, 35) && pod.spec.hostUsers === false;
}

/** A set value as messages show it: strings quoted, numbers, booleans and lists as written. */
export function shown(value: unknown): string {
  return JSON.stringify(value);
}

/** How messages describe a seccomp or AppArmor profile by its type: `seccomp profile type "Unconfined"`. */
export function profileText(kind: "seccomp" | "AppArmor", profile: unknown): string {
  const type = isObject(profile) ? profile.type : undefined;
  if (isSet(type)) return `${kind} profile type ${shown(type)}`;
  return `${kind === "AppArmor" ? "an" : "a"} ${kind} profile without a type`;
}

/** A securityContext setting and the values the check allows for it. */
export interface Setting {
  /** Path of the setting inside a securityContext, e.g. ["windowsOptions", "hostProcess"]. */
  keys: readonly string[];
  /** Whether a set value is allowed (unset values always are). */
  allowed(value: unknown): boolean;
  /** Where below the setting a violation points, when not at the setting itself (e.g. a profile's type). */
  reportAt?: readonly string[];
  message(holder: SecurityContextHolder, value: unknown): string;
}

/** One violation for each holder that sets `setting` to a value the check does not allow. */
export function forbiddenSettings(holders: readonly SecurityContextHolder[], setting: Setting): Violation[] {
  // Every check of every pod passes through here: a plain loop, as most holders pass.
  const violations: Violation[] = [];
  for (const holder of holders) {
    const value = getPath(holder.context, setting.keys);
    if (!isSet(value) || setting.allowed(value)) continue;
    const path = [...holder.path, ...setting.keys, ...(setting.reportAt ?? [])];
    violations.push({ path, message: setting.message(holder, value) });
  }
  return violations;
}

/** A setting every container needs, either its own or inherited from the pod's securityContext. */
export interface InheritedSetting extends Setting {
  /** The message for a container that sets nothing while the pod sets nothing either. */
  missing(holder: ContainerHolder): string;
}

/**
 * The reference's rule for settings such as runAsNonRoot: every explicit value must be allowed, and a
 * container that sets nothing inherits the pod's value, so the pod must set an allowed one. A container
 * inheriting a forbidden pod value is not reported again: the pod's violation is the one to fix.
 */
export function requiredOnPodOrContainers(pod: PodView, setting: InheritedSetting): Violation[] {
  const podLevel = podHolder(pod);
  const containers = containerHolders(pod);
  const violations = forbiddenSettings(allHolders(pod), setting);
  if (isSet(getPath(podLevel.context, setting.keys))) return violations;
  for (const holder of containers) {
    if (isSet(getPath(holder.context, setting.keys))) continue;
    violations.push({
      path: [...holder.path, ...setting.keys, ...(setting.reportAt ?? [])],
      message: setting.missing(holder),
    });
  }
  return violations;
}

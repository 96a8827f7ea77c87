import { type Labels, stringMap } from "../../manifests/labels.js";
import type { JsonObject, ManifestObject } from "../../manifests/types.js";
import { isObject } from "../../manifests/workloads.js";
import { isKind } from "../network/api.js";
import { describeNamespace, namespaceOf } from "../network/namespaces.js";

export const SECURITY_GROUP = "security.istio.io";
export const NETWORKING_GROUP = "networking.istio.io";

/**
 * Istio's root namespace at its default (`meshConfig.rootNamespace`). A policy there without a
 * selector applies to the whole mesh; one with a selector matches workloads in every namespace.
 */
export const ROOT_NAMESPACE = "istio-system";

/** Whether the object is this Istio kind, in any version of the group (v1, v1beta1, v1alpha3...). */
export function isIstioKind(object: ManifestObject, kind: string, group: string): boolean {
  return isKind(object, kind, [group]);
}

export function specOf(object: ManifestObject): JsonObject {
  return isObject(object.value.spec) ? object.value.spec : {};
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Which workloads of its namespace a policy applies to: all of them, those with some labels, or named targets. */
export type WorkloadScope =
  | { kind: "namespace" }
  | { kind: "labels"; labels: Labels }
  | { kind: "targets"; targets: ReadonlySet<string> };

/** The scope from `targetRef`/`targetRefs` (Gateway API attachment) or `selector.matchLabels`. */
export function workloadScopeOf(object: ManifestObject): WorkloadScope {
  const spec = specOf(object);
  const refs = [spec.targetRef, ...listOf(spec.targetRefs)].filter(isObject);
  if (refs.length > 0) {
    return {
      kind: "targets",
      targets: new Set(refs.map((r) => `${r.group ?? ""}/${r.kind ?? ""}/${r.name ?? ""}`)),
    };
  }
  const labels = stringMap(isObject(spec.selector) ? spec.selector.matchLabels : undefined);
  return labels.size > 0 ? { kind: "labels", labels } : { kind: "namespace" };
}

/** Whether every workload in `inner` is also in `outer` (both in the same namespace). */
export function scopeCovers(outer: WorkloadScope, inner: WorkloadScope): boolean {
  if (outer.kind === "namespace") return true;
  if (outer.kind === "labels" && inner.kind === "labels") {
    return [...outer.labels].every(([key, value]) => inner.labels.get(key) === value);
  }
  if (outer.kind === "targets" && inner.kind === "targets")
    return [...inner.targets].every((t) => outer.targets.has(t));
  return false;
}

/** Whether a policy in namespace `policyNamespace` can reach workloads of `namespace`: its own, or any from the root. */
export function reachesNamespace(policyNamespace: string, namespace: string): boolean {
  return policyNamespace === namespace || policyNamespace === ROOT_NAMESPACE;
}

/** For messages: which workloads a policy applies to. */
export function describeScope(object: ManifestObject): string {
  if (workloadScopeOf(object).kind !== "namespace") return "the workloads it selects";
  const namespace = namespaceOf(object);
  return namespace === ROOT_NAMESPACE
    ? "every workload in the mesh"
    : `every workload in ${describeNamespace(namespace)}`;
}

/** A value that says nothing: absent, null, an empty list, or a mapping of such values (`{}`, `{source: {}}`). */
export function isUnset(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.values(value).every(isUnset);
}

export const istioDocs = {
  securityBestPractices: {
    title: "Istio: security best practices",
    url: "https://istio.io/latest/docs/ops/best-practices/security/",
  },
  peerAuthentication: {
    title: "Istio: PeerAuthentication",
    url: "https://istio.io/latest/docs/reference/config/security/peer_authentication/",
  },
  mtlsMigration: {
    title: "Istio: migrating to mutual TLS",
    url: "https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/",
  },
  destinationRuleTls: {
    title: "Istio: DestinationRule client TLS settings",
    url: "https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings",
  },
  authorizationPolicy: {
    title: "Istio: AuthorizationPolicy",
    url: "https://istio.io/latest/docs/reference/config/security/authorization-policy/",
  },
  sidecarInjection: {
    title: "Istio: installing the sidecar",
    url: "https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/",
  },
  requestAuthentication: {
    title: "Istio: RequestAuthentication",
    url: "https://istio.io/latest/docs/reference/config/security/request_authentication/",
  },
  jwtAuthorization: {
    title: "Istio: authorization with JWT",
    url: "https://istio.io/latest/docs/tasks/security/authorization/authz-jwt/",
  },
} as const;

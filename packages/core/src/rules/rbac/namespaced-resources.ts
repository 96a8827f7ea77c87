import type { ManifestObject } from "../../manifests/types.js";
import { getPath } from "../../manifests/workloads.js";

/** Built-in namespaced resources, by API group: what a Role can grant. */
const BUILT_IN: Readonly<Record<string, readonly string[]>> = {
  "": [
    "configmaps",
    "endpoints",
    "events",
    "limitranges",
    "persistentvolumeclaims",
    "pods",
    "podtemplates",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "serviceaccounts",
    "services",
  ],
  apps: ["controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"],
  autoscaling: ["horizontalpodautoscalers"],
  batch: ["cronjobs", "jobs"],
  "coordination.k8s.io": ["leases"],
  "discovery.k8s.io": ["endpointslices"],
  "events.k8s.io": ["events"],
  "networking.k8s.io": ["ingresses", "networkpolicies"],
  policy: ["poddisruptionbudgets"],
  "rbac.authorization.k8s.io": ["rolebindings", "roles"],
  "storage.k8s.io": ["csistoragecapacities"],
};

/** Which (API group, resource) pairs are namespaced: the built-ins plus the scanned namespaced CRDs. */
export class NamespacedResources {
  private readonly known = new Set<string>();

  constructor(objects: readonly ManifestObject[]) {
    for (const [group, resources] of Object.entries(BUILT_IN)) {
      for (const resource of resources) this.known.add(`${group}/${resource}`);
    }
    for (const object of objects) {
      if (
        object.kind !== "CustomResourceDefinition" ||
        !object.apiVersion.startsWith("apiextensions.k8s.io/")
      )
        continue;
      const group = getPath(object.value, ["spec", "group"]);
      const plural = getPath(object.value, ["spec", "names", "plural"]);
      const scope = getPath(object.value, ["spec", "scope"]);
      if (typeof group === "string" && typeof plural === "string" && scope === "Namespaced") {
        this.known.add(`${group}/${plural}`);
      }
    }
  }

  /** Whether the resource (or the resource a `x/subresource` belongs to) is known to be namespaced. */
  has(group: string, resource: string): boolean {
    return this.known.has(`${group}/${resource.split("/")[0]}`);
  }
}

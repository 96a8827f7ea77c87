import { labelsOf, stringEntry } from "../../manifests/labels.js";
import type { ManifestObject } from "../../manifests/types.js";
import { podOf, WORKLOAD_KINDS } from "../../manifests/workloads.js";
import { apiGroupOf } from "../network/api.js";
import type { CorpusRule, ObjectRule } from "../types.js";
import { istioDocs } from "./api.js";

const POD_SWITCH = "sidecar.istio.io/inject";
const NAMESPACE_SWITCH = "istio-injection";
const REVISION = "istio.io/rev";
const DATAPLANE_MODE = "istio.io/dataplane-mode";

/** The injector reads the pod switch as a YAML-style boolean: these values inject, "" defers, anything else opts out. */
const INJECTING = new Set(["y", "yes", "true", "on"]);

function isNamespace(object: ManifestObject): boolean {
  return object.kind === "Namespace" && object.apiVersion === "v1";
}

export const istioSidecarInjectionDisabled: ObjectRule = {
  id: "istio-sidecar-injection-disabled",
  title: "Istio sidecar injection is turned off",
  category: "istio",
  scope: "object",
  kinds: [...WORKLOAD_KINDS, "Namespace"],
  severity: "warning",
  description:
    "A pod without the Istio proxy is outside the mesh: it neither sends nor requires mutual TLS, and no AuthorizationPolicy is " +
    "enforced on its inbound traffic. Reported are pod templates whose `sidecar.istio.io/inject` label or annotation opts out (the " +
    "label wins when both are set; any value other than true/yes/on/y opts out, as in Istio's injector) and Namespaces labelled " +
    "`istio-injection` with a value other than `enabled`.",
  remediation:
    'Remove the opt-out (or set it to `"true"`); for a namespace, set `istio-injection: enabled` or the `istio.io/rev` label of your ' +
    "control plane. For Jobs, prefer native sidecar support over disabling injection.",
  references: [istioDocs.sidecarInjection, istioDocs.securityBestPractices],
  check(object) {
    if (isNamespace(object)) {
      const value = labelsOf(object.value.metadata).get(NAMESPACE_SWITCH);
      if (value === undefined || value === "enabled") return [];
      return [
        {
          path: ["metadata", "labels", NAMESPACE_SWITCH],
          message: `Namespace label ${NAMESPACE_SWITCH}=${value} turns sidecar injection off for every pod in it.`,
        },
      ];
    }
    const pod = podOf(object);
    if (!pod) return [];
    const label = stringEntry(pod.metadata.labels, POD_SWITCH);
    const field = label !== undefined ? "labels" : "annotations";
    const value = label ?? stringEntry(pod.metadata.annotations, POD_SWITCH);
    if (value === undefined || value === "" || INJECTING.has(value.toLowerCase())) return [];
    return [
      {
        path: [...pod.templatePath, "metadata", field, POD_SWITCH],
        message: `Pods of ${object.kind}/${object.name} opt out of the Istio sidecar (${POD_SWITCH}: "${value}").`,
      },
    ];
  },
};

/** Namespaces that hold the control plane or cluster services, never meshed. */
const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease", "istio-system"]);

export const istioNamespaceInjectionNotEnabled: CorpusRule = {
  id: "istio-namespace-injection-not-enabled",
  title: "Namespace is not enrolled in the Istio mesh",
  category: "istio",
  scope: "corpus",
  kinds: ["Namespace"],
  severity: "note",
  description:
    "A Namespace with none of `istio-injection: enabled`, an `istio.io/rev` revision label or `istio.io/dataplane-mode: ambient` gets " +
    'no Istio data plane: its pods join the mesh only if each opts in with a `sidecar.istio.io/inject: "true"` label. To stay quiet ' +
    "for clusters without Istio, the rule runs only when the scanned manifests use Istio (an Istio resource, or a Namespace with one " +
    "of those labels), and it skips kube-system, kube-public, kube-node-lease and istio-system. An explicit `istio-injection` value " +
    "other than `enabled` is reported by `istio-sidecar-injection-disabled`.",
  remediation:
    "Label the namespace `istio-injection: enabled` (or `istio.io/rev: <revision>`, or `istio.io/dataplane-mode: ambient`), or record " +
    "an exemption if it is deliberately outside the mesh.",
  references: [istioDocs.sidecarInjection],
  check(objects) {
    const namespaces = objects.filter(isNamespace);
    const meshInUse =
      objects.some((o) => apiGroupOf(o).endsWith(".istio.io")) ||
      namespaces.some((ns) => isEnrolled(labelsOf(ns.value.metadata)));
    if (!meshInUse) return [];
    return namespaces
      .filter((ns) => !SYSTEM_NAMESPACES.has(ns.name))
      .filter((ns) => {
        const labels = labelsOf(ns.value.metadata);
        return !isEnrolled(labels) && !labels.has(NAMESPACE_SWITCH);
      })
      .map((ns) => ({
        object: ns,
        path: ["metadata", "labels"],
        message: `Namespace "${ns.name}" has no Istio injection, revision or ambient label: its pods run outside the mesh.`,
      }));
  },
};

function isEnrolled(labels: ReadonlyMap<string, string>): boolean {
  return (
    labels.get(NAMESPACE_SWITCH) === "enabled" ||
    labels.has(REVISION) ||
    labels.get(DATAPLANE_MODE) === "ambient"
  );
}

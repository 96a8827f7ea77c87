import type { ManifestObject } from "../../manifests/types.js";
import { getPath, isObject } from "../../manifests/workloads.js";
import { namespaceOf } from "../network/namespaces.js";
import type { ObjectRule, Violation } from "../types.js";
import { isIstioKind, istioDocs, ROOT_NAMESPACE, SECURITY_GROUP, specOf, workloadScopeOf } from "./api.js";

/** What each weak mode lets through (a Map: `mode: toString` is no mode at all). */
const WEAK_MODES: ReadonlyMap<string, string> = new Map([
  ["PERMISSIVE", "accepts plaintext as well as mutual TLS"],
  ["DISABLE", "turns mutual TLS off: traffic arrives in plaintext, with no peer identity"],
]);

export const istioMtlsNotStrict: ObjectRule = {
  id: "istio-mtls-not-strict",
  title: "PeerAuthentication does not require mutual TLS (STRICT)",
  category: "istio",
  scope: "object",
  kinds: ["PeerAuthentication"],
  severity: "error",
  description:
    "`PERMISSIVE` lets a workload accept plaintext next to mutual TLS, and `DISABLE` accepts plaintext only. Either way a client outside " +
    "the mesh (or a pod without a sidecar) can reach the workload unencrypted and unauthenticated, and authorization rules on peer " +
    "identity no longer hold. The goal is `STRICT` end to end. Both `spec.mtls.mode` and every `spec.portLevelMtls` entry are checked. " +
    "`UNSET` (or no mode) inherits from the namespace or mesh policy, which is checked on its own, so it is reported only on a mesh-wide " +
    "policy (no selector in the root namespace, assumed to be `istio-system`): there it means Istio's default, `PERMISSIVE`.",
  remediation:
    "Set `mtls.mode: STRICT` (and remove port-level exceptions) once every client has a sidecar; follow Istio's migration guide to " +
    "get there from `PERMISSIVE`.",
  references: [istioDocs.peerAuthentication, istioDocs.mtlsMigration, istioDocs.securityBestPractices],
  check(object) {
    if (!isIstioKind(object, "PeerAuthentication", SECURITY_GROUP)) return [];
    const violations: Violation[] = [];
    const mode = getPath(specOf(object), ["mtls", "mode"]);
    const weakness = typeof mode === "string" ? WEAK_MODES.get(mode) : undefined;
    if (weakness) {
      violations.push({ path: ["spec", "mtls", "mode"], message: `mTLS mode ${mode} ${weakness}.` });
    } else if ((mode === undefined || mode === "UNSET") && isMeshWide(object)) {
      violations.push({
        path: ["spec", "mtls", "mode"],
        message:
          "The mesh-wide PeerAuthentication leaves the mTLS mode unset, so Istio's default applies: PERMISSIVE, which accepts plaintext.",
      });
    }
    const ports = getPath(specOf(object), ["portLevelMtls"]);
    for (const [port, setting] of Object.entries(isObject(ports) ? ports : {})) {
      const portMode = isObject(setting) ? setting.mode : undefined;
      const portWeakness = typeof portMode === "string" ? WEAK_MODES.get(portMode) : undefined;
      if (!portWeakness) continue;
      violations.push({
        path: ["spec", "portLevelMtls", port, "mode"],
        message: `mTLS mode ${portMode} on port ${port} ${portWeakness}.`,
        key: port,
      });
    }
    return violations;
  },
};

function isMeshWide(object: ManifestObject): boolean {
  return namespaceOf(object) === ROOT_NAMESPACE && workloadScopeOf(object).kind === "namespace";
}

import type { ManifestObject } from "../../manifests/types.js";
import { atLeast, type PssVersionNumber } from "../pss/version.js";
import type { ObjectRule, RuleContext, Violation } from "../types.js";
import { k8sDocs, objectRule } from "./define.js";

/** One served-then-retired API version of some kinds. Versions are Kubernetes 1.x minors. */
interface RetiredApi {
  apiVersion: string;
  kinds: readonly string[];
  deprecatedIn: number;
  removedIn: number;
  /** What to use instead: an apiVersion, or a sentence when nothing replaces the API. */
  replacement: string;
}

/**
 * The lifecycle Kubernetes generates for each beta API in k8s.io/api (`zz_generated.prerelease-lifecycle`),
 * which the API server enforces by no longer serving a version from its removal release on; the deprecated
 * API migration guide lists the same removals. Alpha versions are left out: they are off by default.
 */
const RETIRED_APIS: readonly RetiredApi[] = [
  // Removed in v1.16.
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["Deployment", "DaemonSet", "ReplicaSet"],
    deprecatedIn: 8,
    removedIn: 16,
    replacement: "apps/v1",
  },
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["NetworkPolicy"],
    deprecatedIn: 9,
    removedIn: 16,
    replacement: "networking.k8s.io/v1",
  },
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["PodSecurityPolicy"],
    deprecatedIn: 11,
    removedIn: 16,
    replacement: "Pod Security Admission (PodSecurityPolicy has no successor API)",
  },
  {
    apiVersion: "apps/v1beta1",
    kinds: ["Deployment", "StatefulSet", "ReplicaSet", "ControllerRevision"],
    deprecatedIn: 8,
    removedIn: 16,
    replacement: "apps/v1",
  },
  {
    apiVersion: "apps/v1beta2",
    kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"],
    deprecatedIn: 9,
    removedIn: 16,
    replacement: "apps/v1",
  },
  // Removed in v1.22.
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["Ingress"],
    deprecatedIn: 14,
    removedIn: 22,
    replacement: "networking.k8s.io/v1",
  },
  {
    apiVersion: "networking.k8s.io/v1beta1",
    kinds: ["Ingress", "IngressClass"],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "networking.k8s.io/v1",
  },
  {
    apiVersion: "admissionregistration.k8s.io/v1beta1",
    kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
    deprecatedIn: 16,
    removedIn: 22,
    replacement: "admissionregistration.k8s.io/v1",
  },
  {
    apiVersion: "apiextensions.k8s.io/v1beta1",
    kinds: ["CustomResourceDefinition"],
    deprecatedIn: 16,
    removedIn: 22,
    replacement: "apiextensions.k8s.io/v1",
  },
  {
    apiVersion: "apiregistration.k8s.io/v1beta1",
    kinds: ["APIService"],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "apiregistration.k8s.io/v1",
  },
  {
    apiVersion: "authentication.k8s.io/v1beta1",
    kinds: ["TokenReview"],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "authentication.k8s.io/v1",
  },
  {
    apiVersion: "authorization.k8s.io/v1beta1",
    kinds: ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview"],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "authorization.k8s.io/v1",
  },
  {
    apiVersion: "certificates.k8s.io/v1beta1",
    kinds: ["CertificateSigningRequest"],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "certificates.k8s.io/v1",
  },
  {
    apiVersion: "coordination.k8s.io/v1beta1",
    kinds: ["Lease"],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "coordination.k8s.io/v1",
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1beta1",
    kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
    deprecatedIn: 17,
    removedIn: 22,
    replacement: "rbac.authorization.k8s.io/v1",
  },
  {
    apiVersion: "scheduling.k8s.io/v1beta1",
    kinds: ["PriorityClass"],
    deprecatedIn: 14,
    removedIn: 22,
    replacement: "scheduling.k8s.io/v1",
  },
  {
    apiVersion: "storage.k8s.io/v1beta1",
    kinds: ["CSIDriver", "StorageClass", "VolumeAttachment"],
    deprecatedIn: 19,
    removedIn: 22,
    replacement: "storage.k8s.io/v1",
  },
  {
    apiVersion: "storage.k8s.io/v1beta1",
    kinds: ["CSINode"],
    deprecatedIn: 17,
    removedIn: 22,
    replacement: "storage.k8s.io/v1",
  },
  // Removed in v1.25.
  {
    apiVersion: "batch/v1beta1",
    kinds: ["CronJob"],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: "batch/v1",
  },
  {
    apiVersion: "discovery.k8s.io/v1beta1",
    kinds: ["EndpointSlice"],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: "discovery.k8s.io/v1",
  },
  {
    apiVersion: "events.k8s.io/v1beta1",
    kinds: ["Event"],
    deprecatedIn: 22,
    removedIn: 25,
    replacement: "events.k8s.io/v1",
  },
  {
    apiVersion: "autoscaling/v2beta1",
    kinds: ["HorizontalPodAutoscaler"],
    deprecatedIn: 22,
    removedIn: 25,
    replacement: "autoscaling/v2",
  },
  {
    apiVersion: "policy/v1beta1",
    kinds: ["PodDisruptionBudget"],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: "policy/v1",
  },
  {
    apiVersion: "policy/v1beta1",
    kinds: ["PodSecurityPolicy"],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: "Pod Security Admission (PodSecurityPolicy has no successor API)",
  },
  {
    apiVersion: "node.k8s.io/v1beta1",
    kinds: ["RuntimeClass"],
    deprecatedIn: 22,
    removedIn: 25,
    replacement: "node.k8s.io/v1",
  },
  // Removed in v1.26, v1.27, v1.29 and v1.32.
  {
    apiVersion: "autoscaling/v2beta2",
    kinds: ["HorizontalPodAutoscaler"],
    deprecatedIn: 23,
    removedIn: 26,
    replacement: "autoscaling/v2",
  },
  {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1",
    kinds: ["FlowSchema", "PriorityLevelConfiguration"],
    deprecatedIn: 23,
    removedIn: 26,
    replacement: "flowcontrol.apiserver.k8s.io/v1",
  },
  {
    apiVersion: "storage.k8s.io/v1beta1",
    kinds: ["CSIStorageCapacity"],
    deprecatedIn: 24,
    removedIn: 27,
    replacement: "storage.k8s.io/v1",
  },
  {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2",
    kinds: ["FlowSchema", "PriorityLevelConfiguration"],
    deprecatedIn: 26,
    removedIn: 29,
    replacement: "flowcontrol.apiserver.k8s.io/v1",
  },
  {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
    kinds: ["FlowSchema", "PriorityLevelConfiguration"],
    deprecatedIn: 29,
    removedIn: 32,
    replacement: "flowcontrol.apiserver.k8s.io/v1",
  },
  // Removed in v1.34 and v1.37, and deprecated betas that later releases will stop serving.
  {
    apiVersion: "admissionregistration.k8s.io/v1beta1",
    kinds: ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
    deprecatedIn: 31,
    removedIn: 34,
    replacement: "admissionregistration.k8s.io/v1",
  },
  {
    apiVersion: "storage.k8s.io/v1beta1",
    kinds: ["VolumeAttributesClass"],
    deprecatedIn: 34,
    removedIn: 37,
    replacement: "storage.k8s.io/v1",
  },
  {
    apiVersion: "resource.k8s.io/v1beta1",
    kinds: ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
    deprecatedIn: 35,
    removedIn: 38,
    replacement: "resource.k8s.io/v1",
  },
  {
    apiVersion: "resource.k8s.io/v1beta2",
    kinds: ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
    deprecatedIn: 36,
    removedIn: 39,
    replacement: "resource.k8s.io/v1",
  },
  {
    apiVersion: "admissionregistration.k8s.io/v1beta1",
    kinds: ["MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding"],
    deprecatedIn: 37,
    removedIn: 40,
    replacement: "admissionregistration.k8s.io/v1",
  },
  {
    apiVersion: "certificates.k8s.io/v1beta1",
    kinds: ["ClusterTrustBundle", "PodCertificateRequest"],
    deprecatedIn: 37,
    removedIn: 40,
    replacement: "certificates.k8s.io/v1",
  },
  {
    apiVersion: "storagemigration.k8s.io/v1beta1",
    kinds: ["StorageVersionMigration"],
    deprecatedIn: 37,
    removedIn: 40,
    replacement: "storagemigration.k8s.io/v1",
  },
];

const byApiAndKind = new Map<string, RetiredApi>(
  RETIRED_APIS.flatMap((api) => api.kinds.map((kind) => [`${api.apiVersion} ${kind}`, api] as const)),
);

const RETIRED_KINDS: readonly string[] = [...new Set(RETIRED_APIS.flatMap((api) => api.kinds))];

/** Where the object's API stands at the target version: removed, deprecated, or fine (undefined). */
function statusAt(
  object: ManifestObject,
  target: PssVersionNumber,
): { api: RetiredApi; removed: boolean } | undefined {
  const api = byApiAndKind.get(`${object.apiVersion} ${object.kind}`);
  if (!api) return undefined;
  if (atLeast(target, api.removedIn)) return { api, removed: true };
  if (atLeast(target, api.deprecatedIn)) return { api, removed: false };
  return undefined;
}

function describe(object: ManifestObject, api: RetiredApi, removed: boolean): string {
  const when = removed
    ? `was removed in Kubernetes v1.${api.removedIn} (deprecated since v1.${api.deprecatedIn})`
    : `is deprecated since Kubernetes v1.${api.deprecatedIn} and removed in v1.${api.removedIn}`;
  return `${object.kind} "${object.name}" uses ${object.apiVersion}, which ${when}; use ${api.replacement}.`;
}

const apiDocs = [
  k8sDocs("Deprecated API Migration Guide", "reference/using-api/deprecation-guide/"),
  k8sDocs("Kubernetes Deprecation Policy", "reference/using-api/deprecation-policy/"),
];

const TARGET =
  "The Kubernetes version judged against is `kubernetes-version` in `.bulwark.yaml` (the release your " +
  "clusters run); with `latest`, the newest release Bulwark knows.";

function apiVersionRule(
  removed: boolean,
  meta: Pick<ObjectRule, "id" | "title" | "severity" | "description" | "remediation">,
): ObjectRule {
  return objectRule({
    ...meta,
    description: `${meta.description}\n\n${TARGET}`,
    kinds: RETIRED_KINDS,
    references: apiDocs,
    check(object: ManifestObject, ctx: RuleContext): Violation[] {
      const status = statusAt(object, ctx.kubernetesVersion);
      return status && status.removed === removed
        ? [{ path: ["apiVersion"], message: describe(object, status.api, removed) }]
        : [];
    },
  });
}

export const removedApiVersion = apiVersionRule(true, {
  id: "removed-api-version",
  title: "API version no longer served",
  severity: "error",
  description:
    "The API server of the target Kubernetes version no longer serves this apiVersion of the kind, so " +
    "applying the manifest fails (and a Helm upgrade of a release holding it breaks).",
  remediation:
    "Change `apiVersion` to the replacement named in the finding and review the fields that changed, " +
    "as the migration guide lists them; `kubectl convert` can do the rewrite.",
});

export const deprecatedApiVersion = apiVersionRule(false, {
  id: "deprecated-api-version",
  title: "Deprecated API version",
  severity: "warning",
  description:
    "This apiVersion of the kind is deprecated at the target Kubernetes version: it still works, with a " +
    "warning, and a later release stops serving it.",
  remediation: "Move to the replacement named in the finding before upgrading the cluster.",
});

import type { ManifestObject } from "../../manifests/types.js";
import { k8sDocs, objectRule } from "./define.js";

/** Built-in kinds that live outside namespaces; a namespace on them means nothing. */
const CLUSTER_SCOPED_KINDS = new Set([
  "APIService",
  "CertificateSigningRequest",
  "ClusterRole",
  "ClusterRoleBinding",
  "ClusterTrustBundle",
  "CSIDriver",
  "CSINode",
  "CustomResourceDefinition",
  "DeviceClass",
  "FlowSchema",
  "IngressClass",
  "IPAddress",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PodSecurityPolicy",
  "PriorityClass",
  "PriorityLevelConfiguration",
  "ResourceSlice",
  "RuntimeClass",
  "ServiceCIDR",
  "StorageClass",
  "StorageVersionMigration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
  "VolumeAttributesClass",
]);

const isNamespaced = (object: ManifestObject): boolean => !CLUSTER_SCOPED_KINDS.has(object.kind);

const namespaceDocs = [
  k8sDocs("Namespaces", "concepts/overview/working-with-objects/namespaces/"),
  k8sDocs("Multi-tenancy", "concepts/security/multi-tenancy/"),
];

export const defaultNamespace = objectRule({
  id: "default-namespace",
  title: "Object in the default namespace",
  severity: "warning",
  kinds: ["*"],
  description:
    "The `default` namespace is where everything lands that names no namespace. Objects there share one " +
    "set of RBAC bindings, quotas, network policies and Pod Security labels with whatever else was put " +
    "there, often by accident. Only an explicit `namespace: default` is reported here: an object without " +
    "a namespace gets one from the deploy tool (`kubectl -n`, `helm --namespace`, Kustomize), which " +
    "`missing-namespace` can require instead. Cluster-scoped kinds are skipped.",
  remediation: "Deploy into a namespace of the application or team, with its own RBAC, quotas and policies.",
  references: namespaceDocs,
  check(object) {
    return isNamespaced(object) && object.namespace === "default"
      ? [
          {
            path: ["metadata", "namespace"],
            message: `${object.kind} "${object.name}" is in the default namespace.`,
          },
        ]
      : [];
  },
});

export const missingNamespace = objectRule({
  id: "missing-namespace",
  title: "Object without a namespace",
  severity: "note",
  optIn: true,
  kinds: ["*"],
  description:
    "A namespaced object without `metadata.namespace` goes wherever the deploy command points, which is " +
    "`default` unless someone remembers the flag. Many teams set the namespace at deploy time on purpose " +
    "(Helm, Kustomize), so this rule only runs in the `all` profile or when enabled. Built-in " +
    "cluster-scoped kinds are skipped; a cluster-scoped custom resource may need an exemption.",
  remediation: "Set `metadata.namespace` in the manifest.",
  references: namespaceDocs,
  check(object) {
    return isNamespaced(object) && object.namespace === undefined
      ? [{ path: ["metadata", "namespace"], message: `${object.kind} "${object.name}" names no namespace.` }]
      : [];
  },
});

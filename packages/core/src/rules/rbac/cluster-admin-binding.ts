import type { ObjectRule } from "../types.js";
import { BINDING_KINDS, isBinding, namespaceOf, roleRefOf } from "./model.js";
import { goodPractices, rbacDocs } from "./references.js";

export const CLUSTER_ADMIN = "cluster-admin";

export const clusterAdminBinding: ObjectRule = {
  id: "rbac-cluster-admin-binding",
  title: "Binding grants cluster-admin",
  category: "rbac",
  scope: "object",
  kinds: BINDING_KINDS,
  severity: "error",
  description:
    "The built-in `cluster-admin` ClusterRole allows every verb on every resource. Bound by a ClusterRoleBinding " +
    "it makes its subjects superusers of the whole cluster; bound by a RoleBinding it gives them full control of " +
    "the namespace, its Secrets, workloads, roles and bindings included. A leaked token of such a subject is the " +
    "cluster (or the namespace).",
  remediation:
    "Bind a role that lists what the subjects need instead. For people, prefer a low-privilege account that may " +
    "impersonate an administrator when needed, so nothing changes by accident.",
  references: [
    goodPractices("least-privilege", "Least privilege"),
    rbacDocs("user-facing-roles", "User-facing roles"),
  ],
  check(binding) {
    const ref = roleRefOf(binding);
    if (!isBinding(binding) || ref?.kind !== "ClusterRole" || ref.name !== CLUSTER_ADMIN) return [];
    const reach =
      binding.kind === "ClusterRoleBinding"
        ? "anything in the cluster"
        : `anything in namespace "${namespaceOf(binding)}", including its roles and bindings`;
    return [
      {
        path: ["roleRef", "name"],
        message: `Binds ClusterRole "cluster-admin": its subjects can do ${reach}.`,
      },
    ];
  },
};

import type { Access, AccessCheck, Grant } from "./access.js";
import { accessRule } from "./access-rule.js";
import { goodPractices, rbacDocs } from "./references.js";

/**
 * Streaming into a pod's subresources: `create` is what SPDY clients need, and `get` is enough for a
 * WebSocket connection on API servers that predate Kubernetes 1.30.
 */
export function podStreamAccess(resources: readonly string[]): Access {
  return { group: "", resources, verbs: ["create", "get"] };
}

/** Running commands in, or attaching to, a running container. */
export const PODS_EXEC_ATTACH: AccessCheck = {
  accesses: [podStreamAccess(["pods/exec", "pods/attach"])],
  anchor: "resources",
};

/** The note a message adds when only `get` grants the stream. */
export function websocketNote(grant: Grant): string {
  return grant.verbs.includes("create") ? "" : " (get is enough over WebSocket on API servers before 1.30)";
}

export const podsExecAttach = accessRule({
  id: "rbac-pods-exec-attach",
  title: "Role can exec into or attach to pods",
  severity: "warning",
  access: PODS_EXEC_ATTACH,
  description:
    "`pods/exec` runs any command in a running container and `pods/attach` takes over its console. Either way the " +
    "holder acts with everything the container has: its service account token, mounted Secrets, network " +
    "position and, for a privileged container, the node. `create` is the verb clients use; `get` is enough " +
    "over WebSocket on API servers older than Kubernetes 1.30. Wildcards that cover these subresources count.",
  remediation:
    "Remove `pods/exec` and `pods/attach` from the role (and narrow any `*` or `*/exec` resource). Keep debugging " +
    "access for a few operators, bound for a limited time, or use ephemeral debug containers under admission control.",
  references: [
    goodPractices("least-privilege", "Least privilege"),
    rbacDocs("referring-to-resources", "Referring to resources"),
  ],
  message: (granted, grant) =>
    `Grants ${granted}${websocketNote(grant)}: commands run with the pod's identity.`,
});

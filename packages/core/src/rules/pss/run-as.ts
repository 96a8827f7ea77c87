import {
  allHolders,
  forbiddenSettings,
  requiredOnPodOrContainers,
  shown,
  userNamespaceRelaxed,
} from "./context.js";
import { pssRule } from "./rule.js";

const USER_NAMESPACE_NOTE =
  "From v1.35 pods with `hostUsers: false` are exempt: in their own user namespace, root in the container " +
  "is not root on the node.";

export const runAsNonRoot = pssRule({
  check: "runAsNonRoot",
  level: "restricted",
  since: 0,
  title: "Containers must run as non-root",
  description:
    "Every container must run with `runAsNonRoot: true`, set on the container or inherited from the pod's " +
    "`securityContext`; a container's own setting overrides the pod's, and `false` is never allowed. " +
    USER_NAMESPACE_NOTE,
  remediation:
    "Set `spec.securityContext.runAsNonRoot: true` on the pod, and remove any `runAsNonRoot: false`.",
  evaluate(pod, ctx) {
    if (userNamespaceRelaxed(pod, ctx.pssVersion)) return [];
    return requiredOnPodOrContainers(pod, {
      keys: ["runAsNonRoot"],
      allowed: (value) => value === true,
      message: (holder, value) => `${holder.subject} sets runAsNonRoot to ${shown(value)}; it must be true.`,
      missing: (holder) =>
        `${holder.subject} does not set runAsNonRoot, and the pod sets none to inherit; set runAsNonRoot: true on the pod or the container.`,
    });
  },
});

export const runAsUser = pssRule({
  check: "runAsUser",
  level: "restricted",
  since: 23,
  title: "Containers must not run as user 0",
  description:
    "Neither the pod nor any container may set `runAsUser: 0` (root). Part of the policy from v1.23. " +
    USER_NAMESPACE_NOTE,
  remediation: "Set `runAsUser` to a non-zero user id, or remove it and let the image's non-root user apply.",
  evaluate(pod, ctx) {
    if (userNamespaceRelaxed(pod, ctx.pssVersion)) return [];
    return forbiddenSettings(allHolders(pod), {
      keys: ["runAsUser"],
      allowed: (value) => value !== 0,
      message: (holder) => `${holder.subject} sets runAsUser: 0 and runs as root.`,
    });
  },
});

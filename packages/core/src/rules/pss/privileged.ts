import { containerHolders, forbiddenSettings } from "./context.js";
import { pssRule } from "./rule.js";

export const privileged = pssRule({
  check: "privileged",
  level: "baseline",
  since: 0,
  title: "Privileged containers are not allowed",
  description:
    "A privileged container has every capability and access to the host's devices: it is root on the node.",
  remediation: "Remove `securityContext.privileged` or set it to `false`.",
  evaluate(pod) {
    return forbiddenSettings(containerHolders(pod), {
      keys: ["privileged"],
      allowed: (value) => value !== true,
      message: (holder) => `${holder.subject} is privileged.`,
    });
  },
});

import { allHolders, forbiddenSettings } from "./context.js";
import { pssRule } from "./rule.js";

export const windowsHostProcess = pssRule({
  check: "windowsHostProcess",
  level: "baseline",
  since: 0,
  title: "Windows HostProcess containers are not allowed",
  description:
    "A Windows HostProcess container runs directly on the node with the node's privileges. Neither the pod " +
    "nor any container may set `securityContext.windowsOptions.hostProcess: true`.",
  remediation: "Remove `windowsOptions.hostProcess` or set it to `false`.",
  evaluate(pod) {
    return forbiddenSettings(allHolders(pod), {
      keys: ["windowsOptions", "hostProcess"],
      allowed: (value) => value !== true,
      message: (holder) => `${holder.subject} sets windowsOptions.hostProcess: true.`,
    });
  },
});

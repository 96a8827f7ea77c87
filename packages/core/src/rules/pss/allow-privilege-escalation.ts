import { getPath } from "../../manifests/workloads.js";
import type { Violation } from "../types.js";
import { containerHolders, isSet, shown, windowsExempt } from "./context.js";
import { pssRule } from "./rule.js";

export const allowPrivilegeEscalation = pssRule({
  check: "allowPrivilegeEscalation",
  level: "restricted",
  since: 8,
  title: "Privilege escalation must be disallowed",
  description:
    "Without `allowPrivilegeEscalation: false`, a process can gain more privileges than its parent, for " +
    "example through set-user-ID binaries. Every container must set it to `false` explicitly (there is no " +
    "pod-level setting). Part of the policy from v1.8, when the field appeared; from v1.25 pods with " +
    "`spec.os.name: windows` are exempt.",
  remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
  evaluate(pod, ctx) {
    if (windowsExempt(pod, ctx.pssVersion)) return [];
    return containerHolders(pod).flatMap((holder): Violation[] => {
      const value = getPath(holder.context, ["allowPrivilegeEscalation"]);
      if (value === false) return [];
      const what = isSet(value)
        ? `sets allowPrivilegeEscalation to ${shown(value)}`
        : "does not set allowPrivilegeEscalation";
      return [
        {
          path: [...holder.path, "allowPrivilegeEscalation"],
          message: `${holder.subject} ${what}; it must be false.`,
        },
      ];
    });
  },
});

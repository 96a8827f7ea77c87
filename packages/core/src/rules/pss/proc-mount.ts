import type { PodView } from "../../manifests/workloads.js";
import type { Violation } from "../types.js";
import { containerHolders, forbiddenSettings, shown, userNamespaceRelaxed } from "./context.js";
import { pssRule } from "./rule.js";

/** Containers that ask for anything but the default, masked /proc. */
function unmaskedProc(pod: PodView): Violation[] {
  return forbiddenSettings(containerHolders(pod), {
    keys: ["procMount"],
    allowed: (value) => value === "Default",
    message: (holder, value) => `${holder.subject} sets procMount ${shown(value)}; only Default is allowed.`,
  });
}

const DESCRIPTION =
  "The default /proc mount masks paths that reveal or change the node's kernel state. " +
  "`securityContext.procMount` must be unset or `Default`.";

export const procMount = pssRule({
  check: "procMount",
  level: "baseline",
  since: 0,
  title: "The default /proc masks must be kept",
  description: `${DESCRIPTION} From v1.35 the baseline allows any value in pods with \`hostUsers: false\`, whose /proc belongs to their own user namespace; pss-proc-mount-restricted keeps forbidding it at the restricted level.`,
  remediation: "Remove `securityContext.procMount` or set it to `Default`.",
  evaluate(pod, ctx) {
    if (userNamespaceRelaxed(pod, ctx.pssVersion)) return [];
    return unmaskedProc(pod);
  },
});

/**
 * Before v1.35 the baseline procMount check forbade unmasked /proc for every pod, at both levels. When v1.35
 * relaxed the baseline for pods with `hostUsers: false`, the reference added this restricted check to keep
 * the unconditional rule (it replaces the baseline check at the restricted level). So it starts at v1.35:
 * for older versions pss-proc-mount already reports the same violations.
 */
export const procMountRestricted = pssRule({
  check: "procMount_restricted",
  replaces: "procMount",
  level: "restricted",
  since: 35,
  title: "The default /proc masks must be kept, also in user namespaces",
  description: `${DESCRIPTION} Unlike the baseline check, this holds for pods with \`hostUsers: false\` as well. Part of the policy from v1.35; for older versions pss-proc-mount covers every pod.`,
  remediation: "Remove `securityContext.procMount` or set it to `Default`.",
  evaluate: unmaskedProc,
});

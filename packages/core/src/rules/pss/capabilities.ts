import { getPath } from "../../manifests/workloads.js";
import type { Violation } from "../types.js";
import { type ContainerHolder, containerHolders, isSet, shown, windowsExempt } from "./context.js";
import { pssRule } from "./rule.js";

/** The capabilities container runtimes grant by default; baseline lets a container add these back. */
const DEFAULT_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/** One violation for each entry of `capabilities.add` that `allowed` rejects. */
function forbiddenAdditions(
  holder: ContainerHolder,
  allowed: (capability: unknown) => boolean,
  why: string,
): Violation[] {
  const added = getPath(holder.context, ["capabilities", "add"]);
  if (!Array.isArray(added)) return [];
  return added.flatMap((capability, index) =>
    allowed(capability)
      ? []
      : [
          {
            path: [...holder.path, "capabilities", "add", index],
            message: `${holder.subject} adds capability ${shown(capability)}, ${why}.`,
          },
        ],
  );
}

export const capabilitiesBaseline = pssRule({
  check: "capabilities_baseline",
  level: "baseline",
  since: 0,
  title: "Only default capabilities may be added",
  description:
    "Containers may add back only capabilities from the runtime's default set (AUDIT_WRITE, CHOWN, " +
    "DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, " +
    "SYS_CHROOT). Anything else, such as NET_RAW or SYS_ADMIN, widens what a compromised container can do " +
    "to the node. Names are compared exactly, as the reference does: `CAP_CHOWN` is not `CHOWN`.",
  remediation: "Remove the capability from `securityContext.capabilities.add`.",
  evaluate(pod) {
    return containerHolders(pod).flatMap((holder) =>
      forbiddenAdditions(
        holder,
        (capability) => typeof capability === "string" && DEFAULT_CAPABILITIES.has(capability),
        "which is not in the default set",
      ),
    );
  },
});

export const capabilitiesRestricted = pssRule({
  check: "capabilities_restricted",
  replaces: "capabilities_baseline",
  level: "restricted",
  since: 22,
  title: "Containers must drop ALL capabilities",
  description:
    'Every container must drop all capabilities (`capabilities.drop` includes `"ALL"`) and may add back ' +
    "only `NET_BIND_SERVICE`. Part of the policy from v1.22; from v1.25 pods with `spec.os.name: windows` " +
    "are exempt, since Windows has no Linux capabilities.",
  remediation:
    'Set `securityContext.capabilities.drop: ["ALL"]` on every container, and add back at most `NET_BIND_SERVICE`.',
  evaluate(pod, ctx) {
    if (windowsExempt(pod, ctx.pssVersion)) return [];
    return containerHolders(pod).flatMap((holder) => [
      ...missingDropAll(holder),
      ...forbiddenAdditions(
        holder,
        (capability) => capability === "NET_BIND_SERVICE",
        "but only NET_BIND_SERVICE may be added",
      ),
    ]);
  },
});

function missingDropAll(holder: ContainerHolder): Violation[] {
  const dropped = getPath(holder.context, ["capabilities", "drop"]);
  if (Array.isArray(dropped) && dropped.includes("ALL")) return [];
  const what = isSet(dropped) ? `drops only ${shown(dropped)}` : "does not drop capabilities";
  return [
    {
      path: [...holder.path, "capabilities", "drop"],
      message: `${holder.subject} ${what}; it must drop "ALL".`,
    },
  ];
}

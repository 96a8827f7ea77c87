import { allHolders, forbiddenSettings, type Setting } from "./context.js";
import { pssRule } from "./rule.js";
import { revisionAt } from "./version.js";

/** SELinux types a container may run as; an empty type keeps the runtime's choice. */
const ALLOWED_TYPES_V1_0 = ["", "container_t", "container_init_t", "container_kvm_t"];
const ALLOWED_TYPES: readonly (readonly [number, readonly string[]])[] = [
  [0, ALLOWED_TYPES_V1_0],
  [31, [...ALLOWED_TYPES_V1_0, "container_engine_t"]],
];

/** seLinuxOptions.user and .role may only be empty. */
function emptyOnly(field: "user" | "role"): Setting {
  return {
    keys: ["seLinuxOptions", field],
    allowed: (value) => value === "",
    message: (holder, value) =>
      `${holder.subject} sets SELinux ${field} ${JSON.stringify(value)}; it must not be set.`,
  };
}

const USER_SET = emptyOnly("user");
const ROLE_SET = emptyOnly("role");

export const seLinuxOptions = pssRule({
  check: "seLinuxOptions",
  level: "baseline",
  since: 0,
  title: "SELinux options must not be customised",
  description:
    "Setting a custom SELinux user or role, or an SELinux type other than the container types, can lift the " +
    "confinement SELinux gives containers. `seLinuxOptions.type` may be empty, `container_t`, " +
    "`container_init_t` or `container_kvm_t` (and `container_engine_t` from v1.31); `seLinuxOptions.user` " +
    "and `seLinuxOptions.role` must be empty. Checked on the pod and on every container.",
  remediation:
    "Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and use one of the allowed types or none.",
  evaluate(pod, ctx) {
    const allowedTypes = revisionAt(ctx.pssVersion, ALLOWED_TYPES)!;
    const holders = allHolders(pod);
    return [
      ...forbiddenSettings(holders, {
        keys: ["seLinuxOptions", "type"],
        allowed: (value) => typeof value === "string" && allowedTypes.includes(value),
        message: (holder, value) =>
          `${holder.subject} sets SELinux type ${JSON.stringify(value)}; allowed types are ${allowedTypes.filter(Boolean).join(", ")}.`,
      }),
      ...forbiddenSettings(holders, USER_SET),
      ...forbiddenSettings(holders, ROLE_SET),
    ];
  },
});

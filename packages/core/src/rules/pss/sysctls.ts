import { getPath, isObject } from "../../manifests/workloads.js";
import { isSet, shown } from "./context.js";
import { pssRule } from "./rule.js";
import { revisionAt } from "./version.js";

/**
 * The sysctls the baseline considers safe (namespaced per pod and isolated from other pods), as each
 * policy version grew the list: [first minor, names added].
 */
const ADDED_SAFE_SYSCTLS: readonly (readonly [number, readonly string[]])[] = [
  [
    0,
    [
      "kernel.shm_rmid_forced",
      "net.ipv4.ip_local_port_range",
      "net.ipv4.tcp_syncookies",
      "net.ipv4.ping_group_range",
      "net.ipv4.ip_unprivileged_port_start",
    ],
  ],
  [27, ["net.ipv4.ip_local_reserved_ports"]],
  [
    29,
    [
      "net.ipv4.tcp_keepalive_time",
      "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl",
      "net.ipv4.tcp_keepalive_probes",
    ],
  ],
  [32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]],
  [37, ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]],
];

/** Each version's full allow-list: its own additions and every earlier version's. */
const SAFE_SYSCTLS = ADDED_SAFE_SYSCTLS.map(
  ([since], i) => [since, new Set(ADDED_SAFE_SYSCTLS.slice(0, i + 1).flatMap(([, names]) => names))] as const,
);

export const sysctls = pssRule({
  check: "sysctls",
  level: "baseline",
  since: 0,
  title: "Only safe sysctls may be set",
  description:
    "Sysctls can turn off security mechanisms or change every pod on the node. `spec.securityContext.sysctls` " +
    "may name only the safe, namespaced ones; the list grew with the policy versions: " +
    ADDED_SAFE_SYSCTLS.map(
      ([since, names]) => `v1.${since}: ${names.map((n) => `\`${n}\``).join(", ")}`,
    ).join("; ") +
    ".",
  remediation: "Remove the sysctl from the pod, or select a policy version that allows it.",
  evaluate(pod, ctx) {
    const safe = revisionAt(ctx.pssVersion, SAFE_SYSCTLS)!;
    const entries = getPath(pod.spec, ["securityContext", "sysctls"]);
    if (!Array.isArray(entries)) return [];
    return entries.flatMap((entry, index) => {
      const name = isObject(entry) ? entry.name : undefined;
      if (typeof name === "string" && safe.has(name)) return [];
      return [
        {
          path: ["spec", "securityContext", "sysctls", index, "name"],
          message: `The pod sets ${isSet(name) ? `sysctl ${shown(name)}` : "a sysctl without a name"}, which is not a safe sysctl at this policy version.`,
        },
      ];
    });
  },
});

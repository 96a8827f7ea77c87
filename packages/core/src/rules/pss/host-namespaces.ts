import type { Violation } from "../types.js";
import { pssRule } from "./rule.js";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export const hostNamespaces = pssRule({
  check: "hostNamespaces",
  level: "baseline",
  since: 0,
  title: "Host namespaces must not be shared",
  description:
    "A pod that shares the node's network, PID or IPC namespace can watch and reach every process and " +
    "connection on the node. `spec.hostNetwork`, `spec.hostPID` and `spec.hostIPC` must be unset or `false`.",
  remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec, or set them to `false`.",
  evaluate(pod) {
    return HOST_NAMESPACES.flatMap((field): Violation[] =>
      pod.spec[field] === true
        ? [{ path: ["spec", field], message: `The pod sets ${field}: true and shares the node's namespace.` }]
        : [],
    );
  },
});

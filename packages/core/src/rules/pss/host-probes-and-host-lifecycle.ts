import type { FieldPath } from "../../manifests/types.js";
import { getPath, isObject } from "../../manifests/workloads.js";
import type { Violation } from "../types.js";
import { containerHolders, isSet, shown } from "./context.js";
import { pssRule } from "./rule.js";

/** Where a container names a host to probe or call: probes, and lifecycle handlers. */
const HANDLERS: readonly FieldPath[] = [
  ["livenessProbe"],
  ["readinessProbe"],
  ["startupProbe"],
  ["lifecycle", "postStart"],
  ["lifecycle", "preStop"],
];
/** tcpSocket is not a working lifecycle action, but the API keeps it and the reference checks it. */
const ACTIONS = ["httpGet", "tcpSocket"] as const;

export const hostProbesAndHostLifecycle = pssRule({
  check: "hostProbesAndHostLifecycle",
  level: "baseline",
  since: 34,
  title: "Probes and lifecycle hooks must not target another host",
  description:
    "The kubelet runs httpGet and tcpSocket probes and lifecycle hooks from the node. A `host` field sends " +
    "those requests to any address the node can reach, which lets a pod make the kubelet probe internal " +
    "services on its behalf. The `host` of probes and of postStart/preStop handlers must be unset or empty. " +
    "Part of the policy from v1.34.",
  remediation: "Remove `host` from the probe or handler: the kubelet then targets the pod's own IP.",
  evaluate(pod) {
    const violations: Violation[] = [];
    for (const { container, subject } of containerHolders(pod)) {
      for (const handler of HANDLERS) {
        // Most containers have few handlers: look each up once, not once per action.
        const handlerValue = getPath(container.value, handler);
        if (!isObject(handlerValue)) continue;
        for (const action of ACTIONS) {
          const host = getPath(handlerValue, [action, "host"]);
          if (!isSet(host) || host === "") continue;
          violations.push({
            path: [...container.path, ...handler, action, "host"],
            message: `${subject} sends its ${handler.at(-1)} ${action} to host ${shown(host)}.`,
          });
        }
      }
    }
    return violations;
  },
});

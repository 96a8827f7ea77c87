import { isObject } from "../../manifests/workloads.js";
import { containerHolders, isSet, shown } from "./context.js";
import { pssRule } from "./rule.js";

export const hostPorts = pssRule({
  check: "hostPorts",
  level: "baseline",
  since: 0,
  title: "Host ports are not allowed",
  description:
    "A container port bound to a host port listens on the node's own network interfaces, bypassing " +
    "network policies and limiting where the pod can be scheduled. `hostPort` must be unset or 0.",
  remediation: "Remove `hostPort` from the container's ports and expose the pod through a Service instead.",
  evaluate(pod) {
    return containerHolders(pod).flatMap(({ container, subject }) => {
      const ports = container.value.ports;
      if (!Array.isArray(ports)) return [];
      return ports.flatMap((port, index) =>
        isObject(port) && isSet(port.hostPort) && port.hostPort !== 0
          ? [
              {
                path: [...container.path, "ports", index, "hostPort"],
                message: `${subject} uses host port ${shown(port.hostPort)}.`,
              },
            ]
          : [],
      );
    });
  },
});

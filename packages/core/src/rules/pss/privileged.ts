import { containersOf, isObject } from "../../manifests/workloads.js";
import type { PodRule } from "../types.js";
import { pssReference } from "./reference.js";

export const privileged: PodRule = {
  id: "pss-privileged",
  title: "Privileged containers are not allowed",
  category: "pss",
  scope: "pod",
  severity: "error",
  pss: { level: "baseline", check: "privileged" },
  description:
    "A privileged container has every capability and access to the host's devices: it is root on the node.",
  remediation: "Remove `securityContext.privileged` or set it to `false`.",
  references: [pssReference("baseline")],
  check(pod) {
    return containersOf(pod).flatMap((c) =>
      isObject(c.value.securityContext) && c.value.securityContext.privileged === true
        ? [
            {
              path: [...c.path, "securityContext", "privileged"],
              message: `Container "${c.name}" is privileged.`,
            },
          ]
        : [],
    );
  },
};

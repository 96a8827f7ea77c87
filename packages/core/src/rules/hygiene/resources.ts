import { getPath, type PodView } from "../../manifests/workloads.js";
import type { PodRule, RuleMeta } from "../types.js";
import { k8sDocs, podRule } from "./define.js";
import { longRunningContainers } from "./pod.js";

type Resource = "cpu" | "memory";
type Bound = "requests" | "limits";

const RESOURCE_NAME: Record<Resource, string> = { cpu: "CPU", memory: "memory" };

const docs = [
  k8sDocs(
    "Resource Management for Pods and Containers",
    "concepts/configuration/manage-resources-containers/",
  ),
  k8sDocs("Pod Quality of Service Classes", "concepts/workloads/pods/pod-qos/"),
];

/** Why the rules are split per resource and per bound; every description ends with it. */
const SCOPE =
  "Requests and limits are separate rules for each resource, as in Polaris, because the advice differs: " +
  "set requests for CPU and memory and a memory limit; a CPU limit only where throttling is wanted. " +
  "Checked on app containers and native sidecars (init containers with `restartPolicy: Always`); " +
  "ordinary init containers finish before the app starts.";

function hasQuantity(resources: unknown, bound: Bound, resource: Resource): boolean {
  const value = getPath(resources, [bound, resource]);
  return typeof value === "number" || (typeof value === "string" && value.trim() !== "");
}

function resourceRule(
  bound: Bound,
  resource: Resource,
  meta: Pick<RuleMeta, "id" | "severity" | "description" | "remediation" | "optIn">,
): PodRule {
  const what = `${RESOURCE_NAME[resource]} ${bound === "requests" ? "request" : "limit"}`;
  return podRule({
    ...meta,
    title: `Container without a ${what}`,
    description: `${meta.description}\n\n${SCOPE}`,
    references: docs,
    check(pod: PodView) {
      return longRunningContainers(pod).flatMap((c) => {
        const resources = c.value.resources;
        // Kubernetes copies a limit into a missing request, so a limit alone also sets the request.
        const set =
          hasQuantity(resources, bound, resource) ||
          (bound === "requests" && hasQuantity(resources, "limits", resource));
        return set
          ? []
          : [
              {
                path: [...c.path, "resources", bound, resource],
                message: `Container "${c.name}" has no ${what}.`,
              },
            ];
      });
    },
  });
}

export const missingCpuRequests = resourceRule("requests", "cpu", {
  id: "missing-cpu-requests",
  severity: "warning",
  description:
    "The scheduler places pods by what they request. A container without a CPU request counts as needing " +
    "none, so nodes are overcommitted and the container is the first to starve when CPU is contended. " +
    "A CPU limit alone passes: Kubernetes then uses the limit as the request.",
  remediation: "Set `resources.requests.cpu` to what the container needs under normal load, e.g. `250m`.",
});

export const missingMemoryRequests = resourceRule("requests", "memory", {
  id: "missing-memory-requests",
  severity: "warning",
  description:
    "A container without a memory request is scheduled as if it needed no memory, so nodes fill up beyond " +
    "what they hold, and under memory pressure its pod is among the first evicted. " +
    "A memory limit alone passes: Kubernetes then uses the limit as the request.",
  remediation: "Set `resources.requests.memory` to the container's working set, e.g. `256Mi`.",
});

export const missingMemoryLimits = resourceRule("limits", "memory", {
  id: "missing-memory-limits",
  severity: "warning",
  description:
    "Memory cannot be throttled: a container without a memory limit can grow until the node runs out, and " +
    "then the kernel kills processes of other pods too. A limit confines the damage to the container.",
  remediation: "Set `resources.limits.memory`; setting it equal to the request gives predictable behaviour.",
});

export const missingCpuLimits = resourceRule("limits", "cpu", {
  id: "missing-cpu-limits",
  severity: "note",
  optIn: true,
  description:
    "A CPU limit caps a container's share of the node, which protects neighbours but throttles the " +
    "container even when the node is idle. Many teams rely on CPU requests alone, so this rule only runs " +
    "in the `all` profile or when enabled.",
  remediation: "Set `resources.limits.cpu` where a hard cap is wanted, or leave this rule disabled.",
});

export const resourceRules: readonly PodRule[] = [
  missingCpuRequests,
  missingMemoryRequests,
  missingMemoryLimits,
  missingCpuLimits,
];

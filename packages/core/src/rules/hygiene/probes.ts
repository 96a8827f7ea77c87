import type { PodView } from "../../manifests/workloads.js";
import type { PodRule } from "../types.js";
import { k8sDocs, podRule } from "./define.js";
import { appContainers } from "./pod.js";

const RUN_TO_COMPLETION_KINDS = new Set(["Job", "CronJob"]);

/** Pods that are meant to finish (Jobs, or pods that are never restarted) need no health probes. */
function runsToCompletion(pod: PodView): boolean {
  const restart = pod.spec.restartPolicy;
  return RUN_TO_COMPLETION_KINDS.has(pod.object.kind) || restart === "Never" || restart === "OnFailure";
}

const SCOPE =
  "Checked on app containers (`spec.containers`) of pods that keep running; Jobs, CronJobs and pods with " +
  "`restartPolicy: Never` or `OnFailure` run to completion and are skipped, as are init and ephemeral containers.";

function probeRule(
  id: string,
  field: "livenessProbe" | "readinessProbe",
  label: string,
  description: string,
  remediation: string,
): PodRule {
  return podRule({
    id,
    title: `Container without a ${label}`,
    severity: "warning",
    description: `${description}\n\n${SCOPE}`,
    remediation,
    references: [
      k8sDocs(
        "Configure Liveness, Readiness and Startup Probes",
        "tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
      ),
      k8sDocs("Container probes", "concepts/workloads/pods/pod-lifecycle/#container-probes"),
    ],
    check(pod) {
      if (runsToCompletion(pod)) return [];
      return appContainers(pod).flatMap((c) =>
        c.value[field] === undefined || c.value[field] === null
          ? [{ path: [...c.path, field], message: `Container "${c.name}" has no ${label}.` }]
          : [],
      );
    },
  });
}

export const missingLivenessProbe = probeRule(
  "missing-liveness-probe",
  "livenessProbe",
  "liveness probe",
  "Without a liveness probe the kubelet restarts a container only when its process exits; a container " +
    "that hangs or deadlocks keeps running and serving nothing.",
  "Add a `livenessProbe` that fails only when the container cannot recover by itself (not when a " +
    "dependency is down), with a `startupProbe` if it starts slowly.",
);

export const missingReadinessProbe = probeRule(
  "missing-readiness-probe",
  "readinessProbe",
  "readiness probe",
  "Without a readiness probe a pod receives Service traffic as soon as its containers start, before the " +
    "application can answer, and keeps receiving it while overloaded; rollouts also proceed without " +
    "waiting for the new pods to work.",
  "Add a `readinessProbe` that succeeds when the container can serve requests.",
);

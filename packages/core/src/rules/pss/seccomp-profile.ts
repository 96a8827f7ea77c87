import { containersOf, isObject, type PodView } from "../../manifests/workloads.js";
import type { Violation } from "../types.js";
import {
  allHolders,
  forbiddenSettings,
  type InheritedSetting,
  podAnnotations,
  profileText,
  requiredOnPodOrContainers,
  type Setting,
  shown,
  windowsExempt,
} from "./context.js";
import { pssRule } from "./rule.js";
import { atLeast } from "./version.js";

/** The securityContext.seccompProfile field replaced the annotations in v1.19. */
const FIELD_SINCE = 19;

const POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

function allowedProfile(profile: unknown): boolean {
  return isObject(profile) && (profile.type === "RuntimeDefault" || profile.type === "Localhost");
}

function allowedAnnotationValue(value: unknown): boolean {
  return (
    typeof value === "string" &&
    (value === "runtime/default" || value === "docker/default" || value.startsWith("localhost/"))
  );
}

const FORBIDDEN_TYPE: Setting = {
  keys: ["seccompProfile"],
  allowed: allowedProfile,
  reportAt: ["type"],
  message: (holder, profile) =>
    `${holder.subject} sets ${profileText("seccomp", profile)}; only RuntimeDefault or Localhost is allowed.`,
};

/**
 * Before v1.19 the baseline checks the alpha annotations: the pod's, and each existing container's
 * (annotations naming no container of the pod are ignored, as in the reference).
 */
function forbiddenAnnotations(pod: PodView): Violation[] {
  const annotations = podAnnotations(pod);
  const keys = [POD_ANNOTATION, ...containersOf(pod).map((c) => CONTAINER_ANNOTATION_PREFIX + c.name)];
  return [...new Set(keys)].flatMap((key) =>
    Object.hasOwn(annotations, key) && !allowedAnnotationValue(annotations[key])
      ? [
          {
            path: ["metadata", "annotations", key],
            message: `Annotation ${key} sets seccomp profile ${shown(annotations[key])}; only runtime/default, docker/default or localhost/<profile> is allowed.`,
          },
        ]
      : [],
  );
}

export const seccompProfileBaseline = pssRule({
  check: "seccompProfile_baseline",
  level: "baseline",
  since: 0,
  title: "Seccomp must not be disabled",
  description:
    "Seccomp filters the system calls a container can make; `Unconfined` turns the filter off. When a " +
    "seccomp profile is set on the pod or a container, its type must be `RuntimeDefault` or `Localhost`. " +
    "Before v1.19 the policy checks the `seccomp.security.alpha.kubernetes.io/pod` and " +
    "`container.seccomp.security.alpha.kubernetes.io/<container>` annotations instead (allowed: " +
    "`runtime/default`, `docker/default`, `localhost/<profile>`).",
  remediation:
    "Set `securityContext.seccompProfile.type` to `RuntimeDefault` (or `Localhost`), or remove it.",
  evaluate(pod, ctx) {
    return atLeast(ctx.pssVersion, FIELD_SINCE)
      ? forbiddenSettings(allHolders(pod), FORBIDDEN_TYPE)
      : forbiddenAnnotations(pod);
  },
});

const REQUIRED_PROFILE: InheritedSetting = {
  ...FORBIDDEN_TYPE,
  missing: (holder) =>
    `${holder.subject} has no seccomp profile, and the pod sets none to inherit; set seccompProfile.type to RuntimeDefault or Localhost on the pod or the container.`,
};

export const seccompProfileRestricted = pssRule({
  check: "seccompProfile_restricted",
  replaces: "seccompProfile_baseline",
  level: "restricted",
  since: FIELD_SINCE,
  title: "A seccomp profile must be set",
  description:
    "Every container must run with a seccomp profile of type `RuntimeDefault` or `Localhost`, set on the " +
    "container or inherited from the pod's `securityContext.seccompProfile`; a container's own setting " +
    "overrides the pod's. Part of the policy from v1.19; from v1.25 pods with `spec.os.name: windows` are " +
    "exempt, since Windows has no seccomp.",
  remediation: "Set `spec.securityContext.seccompProfile.type: RuntimeDefault` on the pod.",
  evaluate(pod, ctx) {
    if (windowsExempt(pod, ctx.pssVersion)) return [];
    return requiredOnPodOrContainers(pod, REQUIRED_PROFILE);
  },
});

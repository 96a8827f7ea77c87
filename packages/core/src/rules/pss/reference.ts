import type { PssLevel, RuleReference } from "../types.js";

/** The Pod Security Standards page, at the section for a level. */
export function pssReference(level: PssLevel): RuleReference {
  return {
    title: `Pod Security Standards: ${level}`,
    url: `https://kubernetes.io/docs/concepts/security/pod-security-standards/#${level}`,
  };
}

/** Source files of the reference whose names do not follow `check_<id>.go`. */
const CHECK_FILES: Record<string, string> = {
  procMount: "check_procMount_baseline.go",
  hostProbesAndHostLifecycle: "check_hostProbesAndhostLifecycle.go",
};

/** The reference implementation of one check in pod-security-admission. */
export function checkSourceReference(check: string): RuleReference {
  const file = CHECK_FILES[check] ?? `check_${check}.go`;
  return {
    title: `pod-security-admission: the ${check} check`,
    url: `https://github.com/kubernetes/pod-security-admission/blob/master/policy/${file}`,
  };
}

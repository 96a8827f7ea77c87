import type { PssLevel, RuleReference } from "../types.js";

/** The Pod Security Standards page, at the section for a level. */
export function pssReference(level: PssLevel): RuleReference {
  return {
    title: `Pod Security Standards: ${level}`,
    url: `https://kubernetes.io/docs/concepts/security/pod-security-standards/#${level}`,
  };
}

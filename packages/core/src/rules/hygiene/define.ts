import type { CorpusRule, ObjectRule, PodRule, RuleReference } from "../types.js";

/** A hygiene pod rule: the metadata and the check, with the scope and category filled in. */
export function podRule(rule: Omit<PodRule, "scope" | "category">): PodRule {
  return { ...rule, scope: "pod", category: "hygiene" };
}

export function objectRule(rule: Omit<ObjectRule, "scope" | "category">): ObjectRule {
  return { ...rule, scope: "object", category: "hygiene" };
}

export function corpusRule(rule: Omit<CorpusRule, "scope" | "category">): CorpusRule {
  return { ...rule, scope: "corpus", category: "hygiene" };
}

/** A page of the Kubernetes documentation, by its path under /docs/. */
export function k8sDocs(title: string, path: string): RuleReference {
  return { title: `Kubernetes: ${title}`, url: `https://kubernetes.io/docs/${path}` };
}

import { ruleHits } from "../../helpers/validate.js";

/** The messages of one rule's findings, without positions, at a policy version ("latest" by default). */
export function messages(yaml: string, ruleId: string, pssVersion = "latest"): string[] {
  return ruleHits(yaml, ruleId, { pssVersion }).map((hit) => hit.replace(/^\d+:\d+ /, ""));
}

/**
 * A Pod with the given spec, written as YAML lines indented by two spaces; the spec's first line is line 5
 * of the document: `apiVersion`, `kind`, `metadata: {name: p}` and `spec:` come first.
 */
export function pod(spec: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
}

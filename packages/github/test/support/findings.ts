import type { Finding, Report } from "@bulwark/core";

export function finding(path: string, line: number, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "privileged",
    severity: "error",
    message: `problem at ${path}:${line}`,
    fingerprint: `fp-${path}-${line}`,
    location: { path, startLine: line, startColumn: 3, endLine: line, endColumn: 9 },
    ...overrides,
  };
}

export function report(findings: Finding[], category = "validate-manifests"): Report {
  return {
    tool: { name: "Bulwark", version: "0.1.0", informationUri: "https://example.com/bulwark" },
    category,
    findings,
    rules: [],
    notes: [],
  };
}

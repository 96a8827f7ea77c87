import { type BulwarkConfig, DEFAULT_CONFIG } from "../../src/config/types.js";
import { validateManifests } from "../../src/engine.js";
import type { Finding } from "../../src/findings/types.js";
import type { SourceFile } from "../../src/manifests/types.js";
import type { Report } from "../../src/render/report.js";
import { createBaseline } from "../../src/suppress/baseline.js";
import { TODAY } from "./validate.js";

export const TOOL = { name: "Bulwark", version: "0.1.0", informationUri: "https://example.com/bulwark" };

/** A path with a space, non-ASCII letters, an emoji and a `#`, all of which need encoding in a URI. */
export const AWKWARD_PATH = "deploy/my apps/café #1/wëb 🚀.yaml";

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        securityContext:
          privileged: true
      - name: legacy
        image: busybox
        securityContext:
          privileged: true
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: agent
        image: vendor/agent
        securityContext: {privileged: true}
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  annotations:
    bulwark.dev/ignore: pss-privileged
    bulwark.dev/ignore-reason: break-glass pod, removed after the incident
spec:
  containers:
  - name: shell
    image: busybox
    securityContext:
      privileged: true
`;

const FILES: SourceFile[] = [
  { path: AWKWARD_PATH, text: MANIFESTS },
  { path: "broken.yaml", text: "apiVersion: v1\nkind: Pod\nmetadata: {name: [oops\n" },
  {
    path: "chart/templates/svc.yaml",
    text: "{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\n{{- end }}\n",
  },
];

/**
 * Real validation output with every kind of finding a renderer meets: an error (invalid YAML), a
 * warning (an unrendered template), notes (pss-privileged, lowered by config), and suppressions of
 * each kind: inline (pod `debug`), config (DaemonSet `agent`, with an expiry) and baseline (container
 * `legacy`, recorded by an earlier run). No rule proposes fixes yet, so one finding gets one by hand.
 */
export function richReport(): Report {
  const config: BulwarkConfig = {
    ...DEFAULT_CONFIG,
    rules: { "pss-privileged": { severity: "note" } },
    exemptions: [
      {
        rules: ["pss-privileged"],
        objects: [{ kind: "DaemonSet", name: "agent" }],
        reason: "vendor agent needs host access",
        expires: "2030-01-31",
      },
    ],
  };
  const earlier = validateManifests({ files: FILES, config, today: TODAY });
  const baseline = createBaseline(
    earlier.findings.filter((f) => f.ruleId === "pss-privileged" && f.message.includes('"legacy"')),
  );
  const result = validateManifests({ files: FILES, config, today: TODAY, baseline });
  const findings = result.findings.map((f) =>
    f.ruleId === "pss-privileged" && f.message.includes('"app"') ? withFix(f) : f,
  );
  return {
    tool: TOOL,
    category: "bulwark-manifests",
    findings,
    rules: result.rules,
    notes: ["Skipped 1 document without apiVersion and kind: values.yaml:1."],
  };
}

/** `privileged: true` becomes `privileged: false`: the value starts 12 columns after the key. */
function withFix(finding: Finding): Finding {
  const { startLine, startColumn, endColumn } = finding.location;
  return {
    ...finding,
    fix: {
      description: "Set privileged to false",
      replacements: [
        {
          region: { startLine, startColumn: startColumn + 12, endLine: startLine, endColumn },
          text: "false",
        },
      ],
    },
  };
}

export function emptyReport(category = "bulwark-manifests"): Report {
  return { tool: TOOL, category, findings: [], rules: [], notes: [] };
}

/** A finding with every field a renderer reads, for tests that need exact control over the text. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "pss-privileged",
    severity: "error",
    message: 'Container "app" is privileged.',
    location: { path: "k8s/web.yaml", startLine: 12, startColumn: 11, endLine: 12, endColumn: 21 },
    object: { apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web" },
    fingerprint: "0123456789abcdef",
    ...overrides,
  };
}

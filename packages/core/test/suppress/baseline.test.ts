import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/types.js";
import { validateManifests } from "../../src/engine.js";
import { ConfigError } from "../../src/errors.js";
import type { Finding } from "../../src/findings/types.js";
import { type Baseline, createBaseline, parseBaseline } from "../../src/suppress/baseline.js";

type Files = Record<string, string>;

function validate(files: Files, baseline?: Baseline): Finding[] {
  return validateManifests({
    files: Object.entries(files).map(([path, text]) => ({ path, text })),
    config: { ...DEFAULT_CONFIG, profile: "pss-baseline" },
    today: "2025-06-15",
    ...(baseline ? { baseline } : {}),
  }).findings.filter((f) => f.ruleId === "pss-privileged");
}

/** A Deployment whose containers (name -> privileged) appear in the order given. */
function deployment(name: string, containers: Record<string, boolean>): string {
  const items = Object.entries(containers)
    .map(
      ([c, privileged]) =>
        `      - name: ${c}\n        image: nginx\n        securityContext: {privileged: ${privileged}}\n`,
    )
    .join("");
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    spec:\n      containers:\n${items}`;
}

const before: Files = {
  "deploy/apps.yaml": `${deployment("web", { app: true, sidecar: true, proxy: false })}---\n${deployment("api", { app: true })}`,
  "deploy/other.yaml": deployment("worker", { job: false }),
};

/** Fingerprints of the unsuppressed findings: what would fail. */
const failing = (findings: Finding[]) => findings.filter((f) => !f.suppressed).map((f) => f.object?.name);

describe("createBaseline and parseBaseline", () => {
  it("record fingerprint, rule and path, sorted, as JSON that reads back the same", () => {
    const baseline = createBaseline(validate(before));
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((e) => [e.ruleId, e.path])).toEqual([
      ["pss-privileged", "deploy/apps.yaml"],
      ["pss-privileged", "deploy/apps.yaml"],
      ["pss-privileged", "deploy/apps.yaml"],
    ]);
    expect(baseline.findings.every((e) => /^[0-9a-f]{16}$/.test(e.fingerprint))).toBe(true);
    const fingerprints = baseline.findings.map((e) => e.fingerprint);
    expect(fingerprints).toEqual([...fingerprints].sort());
    expect(parseBaseline(JSON.stringify(baseline, null, 2), "b.json")).toEqual(baseline);
  });

  it("leave out findings already suppressed inline or by config, keep those the baseline suppresses", () => {
    const location = { path: "a.yaml", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    const f = (fingerprint: string, suppressed?: Finding["suppressed"]): Finding => ({
      ruleId: "r",
      severity: "error",
      message: "m",
      location,
      fingerprint,
      ...(suppressed ? { suppressed } : {}),
    });
    const baseline = createBaseline([
      f("a"),
      f("b", { kind: "inline", reason: "x" }),
      f("c", { kind: "config", reason: "y" }),
      f("d", { kind: "baseline", reason: "z" }),
    ]);
    expect(baseline.findings.map((e) => e.fingerprint)).toEqual(["a", "d"]);
  });

  it("read an empty baseline", () => {
    expect(parseBaseline('{"version": 1, "findings": []}', "b.json")).toEqual({ version: 1, findings: [] });
  });

  const errors: [string, string, string][] = [
    ["a JSON syntax error", '{"version": 1,\n  "findings": [}\n', "b.json:2:16: YAML syntax error"],
    [
      "another version",
      '{"version": 2, "findings": []}',
      "b.json:1:13: version: unsupported baseline version 2",
    ],
    ["no findings", '{"version": 1}', 'b.json:1:1: missing required key "findings"'],
    [
      "an entry without a fingerprint",
      '{"version": 1, "findings": [\n  {"ruleId": "r", "path": "p"}\n]}',
      'b.json:2:3: findings[0]: missing required key "fingerprint"',
    ],
    [
      "a fingerprint that is not a string",
      '{"version": 1, "findings": [\n  {"fingerprint": 12, "ruleId": "r", "path": "p"}\n]}',
      "b.json:2:19: findings[0].fingerprint: expected a non-empty string, found number 12",
    ],
    [
      "an unknown key",
      '{"version": 1, "findings": [], "extra": 1}',
      'b.json:1:32: unknown key "extra" at the top level',
    ],
    ["not an object", "[]", "b.json:1:1: expected a mapping, found a list"],
  ];

  it.each(errors)("reject %s with a ConfigError at its line", (_name, text, message) => {
    expect(() => parseBaseline(text, "b.json")).toThrow(ConfigError);
    expect(() => parseBaseline(text, "b.json")).toThrow(message);
  });
});

describe("the baseline in the engine", () => {
  const baseline = createBaseline(validate(before));

  it("suppresses every recorded finding", () => {
    expect(failing(validate(before, baseline))).toEqual([]);
    expect(validate(before, baseline).map((f) => f.suppressed?.kind)).toEqual([
      "baseline",
      "baseline",
      "baseline",
    ]);
  });

  it("lets new findings fail", () => {
    const after = { ...before, "deploy/other.yaml": deployment("worker", { job: true }) };
    expect(failing(validate(after, baseline))).toEqual(["worker"]);
  });

  it("lets a second copy of a recorded finding fail: each entry covers one finding", () => {
    const doubled = {
      ...before,
      "deploy/other.yaml": `${before["deploy/other.yaml"]}---\n${deployment("api", { app: true })}`,
    };
    const copy = {
      "deploy/apps.yaml": `${before["deploy/apps.yaml"]}---\n${deployment("api", { app: true })}`,
    };
    expect(failing(validate(doubled, baseline))).toEqual(["api"]); // another file: another fingerprint
    expect(failing(validate(copy, baseline))).toEqual(["api"]); // same file, same identity: over the count
  });

  describe("fingerprints survive unrelated edits", () => {
    const stable = (after: Files) => {
      expect(failing(validate(after, baseline))).toEqual([]);
      expect(createBaseline(validate(after))).toEqual(baseline);
    };

    it("lines added above", () => {
      stable({
        ...before,
        "deploy/apps.yaml": `# owned by the shop team\n# see RUNBOOK.md\n\n${before["deploy/apps.yaml"]}`,
      });
    });

    it("other objects changed, added or reordered", () => {
      stable({
        "deploy/apps.yaml": `${deployment("api", { app: true, debug: false })}---\n${deployment("web", { app: true, sidecar: true, proxy: false })}`,
        "deploy/other.yaml": `${deployment("worker", { job: false, helper: false })}---\n${deployment("cron", { c: false })}`,
      });
    });

    it("containers reordered", () => {
      stable({
        ...before,
        "deploy/apps.yaml": `${deployment("web", { proxy: false, sidecar: true, app: true })}---\n${deployment("api", { app: true })}`,
      });
    });

    it("but not a renamed object: that is a different finding", () => {
      const renamed = {
        ...before,
        "deploy/apps.yaml": before["deploy/apps.yaml"]!.replace("name: api", "name: api-v2"),
      };
      expect(failing(validate(renamed, baseline))).toEqual(["api-v2"]);
    });
  });
});

describe("fingerprints of list entries without a name", () => {
  const fingerprints = (text: string, ruleId: string) =>
    validateManifests({
      files: [{ path: "a.yaml", text }],
      config: { ...DEFAULT_CONFIG, profile: "all" },
      today: "2025-06-15",
    })
      .findings.filter((f) => f.ruleId === ruleId)
      .map((f) => f.fingerprint)
      .sort();
  const pod = (add: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext: {capabilities: {add: [${add}]}}\n`;
  const role = (verbs: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [${verbs}]\n`;

  it("survive a harmless entry added in front of a scalar entry (a capability, a verb)", () => {
    const capabilities = fingerprints(pod("SYS_ADMIN"), "dangerous-capabilities");
    expect(capabilities).toHaveLength(1);
    expect(fingerprints(pod("CHOWN, SYS_ADMIN"), "dangerous-capabilities")).toEqual(capabilities);
    const verbs = fingerprints(role("create"), "rbac-create-pods");
    expect(verbs).toHaveLength(1);
    expect(fingerprints(role("get, list, create"), "rbac-create-pods")).toEqual(verbs);
  });

  it("still tell two different entries apart", () => {
    expect(new Set(fingerprints(pod("SYS_ADMIN, NET_ADMIN"), "dangerous-capabilities")).size).toBe(2);
  });

  it("survive an entry added in front of an unnamed object entry (an RBAC rule)", () => {
    const rules = (...verbs: string[]) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n${verbs
        .map((v) => `- apiGroups: [""]\n  resources: [pods]\n  verbs: [${v}]\n`)
        .join("")}`;
    const wildcard = fingerprints(rules('"*"'), "rbac-wildcard");
    expect(wildcard).toHaveLength(1);
    expect(fingerprints(rules("get", '"*"'), "rbac-wildcard")).toEqual(wildcard);
    const createPods = fingerprints(rules("create"), "rbac-create-pods");
    expect(createPods).toHaveLength(1);
    expect(fingerprints(rules("get", "list, create"), "rbac-create-pods")).toEqual(createPods);
    // Entries that grant the same verb on different names stay apart, whatever comes in front.
    const execOn = (...names: string[]) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules:\n${names
        .map(
          (n) => `- apiGroups: [""]\n  resources: [pods/exec]\n  resourceNames: [${n}]\n  verbs: [create]\n`,
        )
        .join("")}`;
    const recorded = fingerprints(execOn("a", "b"), "rbac-pods-exec-attach");
    expect(recorded).toHaveLength(2);
    const after = fingerprints(execOn("new", "a", "b"), "rbac-pods-exec-attach");
    expect(after.filter((f) => !recorded.includes(f))).toHaveLength(1);
    expect(recorded.every((f) => after.includes(f))).toBe(true);
    // Two identical rules are still two findings, with two fingerprints.
    const twice = fingerprints(rules('"*"', '"*"'), "rbac-wildcard");
    expect(twice).toHaveLength(2);
    expect(new Set(twice).size).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { validateManifests } from "../../src/engine.js";
import { failsAt } from "../../src/findings/types.js";
import { createBaseline } from "../../src/suppress/baseline.js";

const CONFIG_PATH = "conf/.bulwark.yaml";

function pod(name: string, annotations = "{}"): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, annotations: ${annotations}}
spec:
  containers:
  - name: app
    image: nginx
    securityContext: {privileged: true}
`;
}

function run(
  manifest: string,
  configText: string,
  options: { today?: string; baseline?: ReturnType<typeof createBaseline> } = {},
) {
  return validateManifests({
    files: [{ path: "deploy/pods.yaml", text: manifest }],
    // pss-baseline: of the rules, only pss-privileged has something to say about these pods.
    config: parseConfig(`profile: pss-baseline\n${configText}`, CONFIG_PATH),
    today: options.today ?? "2025-06-15",
    ...(options.baseline ? { baseline: options.baseline } : {}),
  }).findings;
}

const privileged = (findings: ReturnType<typeof run>) =>
  findings.filter((f) => f.ruleId === "pss-privileged");

describe("config exemptions in the engine", () => {
  const config = `exemptions:
  - rules: [pss-privileged]
    objects: [{kind: Pod, name: agent-*}]
    reason: Node agents need the host.
    expires: 2025-12-31
`;

  it("suppress matching findings with the reason and expiry, and leave the rest failing", () => {
    const findings = run(`${pod("agent-1")}---\n${pod("web")}`, config);
    expect(privileged(findings).map((f) => [f.object?.name, f.suppressed])).toEqual([
      ["agent-1", { kind: "config", reason: "Node agents need the host.", expires: "2025-12-31" }],
      ["web", undefined],
    ]);
    expect(failsAt(run(pod("agent-1"), config), "error")).toBe(false);
  });

  it("stop applying once expired, and the expired exemption is reported at its line in the config", () => {
    const findings = run(pod("agent-1"), config, { today: "2026-01-01" });
    expect(privileged(findings)[0]!.suppressed).toBeUndefined();
    expect(failsAt(findings, "error")).toBe(true);
    const expired = findings.filter((f) => f.ruleId === "expired-exemption");
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({
      severity: "warning",
      location: { path: CONFIG_PATH, startLine: 3, startColumn: 5 },
    });
    expect(expired[0]!.message).toContain(
      'The exemption of pss-privileged ("Node agents need the host.") expired on 2025-12-31',
    );
  });

  it("report the expiry at a configured severity", () => {
    const findings = run(pod("x"), `${config}rules:\n  expired-exemption: error\n`, { today: "2026-01-01" });
    expect(findings.find((f) => f.ruleId === "expired-exemption")?.severity).toBe("error");
  });

  it("say nothing about exemptions still in force", () => {
    expect(run(pod("x"), config).some((f) => f.ruleId === "expired-exemption")).toBe(false);
  });
});

describe("precedence: inline, then config, then baseline", () => {
  const inline = "{bulwark.dev/ignore: pss-privileged, bulwark.dev/ignore-reason: inline reason}";
  const exempt = "exemptions:\n  - rules: ['*']\n    reason: config reason\n";

  it("inline wins over config and baseline", () => {
    const baseline = createBaseline(run(pod("web"), ""));
    const [finding] = privileged(run(pod("web", inline), exempt, { baseline }));
    expect(finding!.suppressed).toEqual({ kind: "inline", reason: "inline reason" });
  });

  it("config wins over baseline", () => {
    const baseline = createBaseline(run(pod("web"), ""));
    const [finding] = privileged(run(pod("web"), exempt, { baseline }));
    expect(finding!.suppressed).toEqual({ kind: "config", reason: "config reason" });
  });

  it("the baseline applies when nothing else does", () => {
    const baseline = createBaseline(run(pod("web"), ""));
    const [finding] = privileged(run(pod("web"), "", { baseline }));
    expect(finding!.suppressed).toEqual({ kind: "baseline", reason: "recorded in the baseline" });
  });
});

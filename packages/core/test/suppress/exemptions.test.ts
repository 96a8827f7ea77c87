import { describe, expect, it } from "vitest";
import type { Exemption } from "../../src/config/types.js";
import type { Finding } from "../../src/findings/types.js";
import { compileExemptions } from "../../src/suppress/exemptions.js";

function finding(ruleId: string, path: string, object?: Finding["object"]): Finding {
  const location = { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return {
    ruleId,
    severity: "error",
    message: "m",
    location,
    fingerprint: "f",
    ...(object ? { object } : {}),
  };
}

const web = { apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web-frontend" };
const clusterRole = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", name: "reader" };

function matches(exemption: Omit<Exemption, "reason">, f: Finding, today = "2025-06-15"): boolean {
  return compileExemptions([{ reason: "because", ...exemption }], today).suppression(f) !== undefined;
}

describe("config exemptions", () => {
  it("match by rule id, or every rule with *", () => {
    expect(matches({ rules: ["pss-privileged"] }, finding("pss-privileged", "a.yaml", web))).toBe(true);
    expect(matches({ rules: ["pss-host-ports"] }, finding("pss-privileged", "a.yaml", web))).toBe(false);
    expect(matches({ rules: ["*"] }, finding("invalid-yaml", "a.yaml"))).toBe(true);
  });

  it("match by path glob", () => {
    const exemption = { rules: ["*"], paths: ["legacy/**", "*.tmpl.yaml"] };
    expect(matches(exemption, finding("r", "legacy/v1/app.yaml"))).toBe(true);
    expect(matches(exemption, finding("r", "chart.tmpl.yaml"))).toBe(true);
    expect(matches(exemption, finding("r", "deploy/app.yaml"))).toBe(false);
  });

  it("match by object selector: every field given must match, any selector may", () => {
    const f = finding("r", "a.yaml", web);
    expect(matches({ rules: ["*"], objects: [{ kind: "Deployment", name: "web-*" }] }, f)).toBe(true);
    expect(matches({ rules: ["*"], objects: [{ kind: "Deployment", name: "api-*" }] }, f)).toBe(false);
    expect(matches({ rules: ["*"], objects: [{ name: "api" }, { namespace: "sh*" }] }, f)).toBe(true);
  });

  it("never match an object that states no namespace with a namespace selector", () => {
    expect(
      matches({ rules: ["*"], objects: [{ namespace: "*" }] }, finding("r", "a.yaml", clusterRole)),
    ).toBe(false);
    expect(
      matches({ rules: ["*"], objects: [{ kind: "Cluster*" }] }, finding("r", "a.yaml", clusterRole)),
    ).toBe(true);
  });

  it("with object selectors, never match findings about no object (such as syntax errors)", () => {
    expect(matches({ rules: ["*"], objects: [{ kind: "*" }] }, finding("invalid-yaml", "a.yaml"))).toBe(
      false,
    );
  });

  it("need paths and objects to match when both are given", () => {
    const exemption = { rules: ["*"], paths: ["shop/**"], objects: [{ name: "web-*" }] };
    expect(matches(exemption, finding("r", "shop/web.yaml", web))).toBe(true);
    expect(matches(exemption, finding("r", "other/web.yaml", web))).toBe(false);
  });

  it("grant a config suppression with the reason and expiry", () => {
    const set = compileExemptions(
      [{ rules: ["*"], reason: "migrating", expires: "2025-07-01" }],
      "2025-06-15",
    );
    expect(set.suppression(finding("r", "a.yaml"))).toEqual({
      kind: "config",
      reason: "migrating",
      expires: "2025-07-01",
    });
    expect(set.expired).toEqual([]);
  });

  it("apply through the expiry day and stop the day after", () => {
    const exemption: Exemption = { rules: ["*"], reason: "r", expires: "2025-06-15" };
    const onTheDay = compileExemptions([exemption], "2025-06-15");
    expect(onTheDay.suppression(finding("r", "a.yaml"))).toBeDefined();
    const dayAfter = compileExemptions([exemption], "2025-06-16");
    expect(dayAfter.suppression(finding("r", "a.yaml"))).toBeUndefined();
    expect(dayAfter.expired).toEqual([exemption]);
  });

  it("refuse a missing or malformed today", () => {
    const expiring: Exemption = { rules: ["*"], reason: "r", expires: "2025-06-15" };
    expect(() => compileExemptions([], "15/06/2025")).toThrow(/YYYY-MM-DD/);
    expect(() => compileExemptions([expiring], undefined as unknown as string)).toThrow(/YYYY-MM-DD/);
  });
});

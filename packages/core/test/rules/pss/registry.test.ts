import { describe, expect, it } from "vitest";
import { rulesOfProfile } from "../../../src/rules/profiles.js";
import { pssRules } from "../../../src/rules/pss/index.js";
import { pssRuleId } from "../../../src/rules/pss/rule.js";
import { LATEST_PSS_VERSION, parsePssVersion, revisionAt } from "../../../src/rules/pss/version.js";

describe("the PSS rule registry", () => {
  it("has exactly the reference's 19 checks at their levels, in the reference's evaluation order", () => {
    expect(pssRules.map((rule) => [rule.pss?.check, rule.pss?.level])).toEqual([
      ["appArmorProfile", "baseline"],
      ["capabilities_baseline", "baseline"],
      ["hostNamespaces", "baseline"],
      ["hostPathVolumes", "baseline"],
      ["hostPorts", "baseline"],
      ["hostProbesAndHostLifecycle", "baseline"],
      ["privileged", "baseline"],
      ["procMount", "baseline"],
      ["seLinuxOptions", "baseline"],
      ["seccompProfile_baseline", "baseline"],
      ["sysctls", "baseline"],
      ["windowsHostProcess", "baseline"],
      ["allowPrivilegeEscalation", "restricted"],
      ["capabilities_restricted", "restricted"],
      ["procMount_restricted", "restricted"],
      ["restrictedVolumes", "restricted"],
      ["runAsNonRoot", "restricted"],
      ["runAsUser", "restricted"],
      ["seccompProfile_restricted", "restricted"],
    ]);
  });

  it("names each rule pss- and the check id in kebab case", () => {
    expect(pssRules.map((rule) => rule.id)).toEqual([
      "pss-app-armor-profile",
      "pss-capabilities-baseline",
      "pss-host-namespaces",
      "pss-host-path-volumes",
      "pss-host-ports",
      "pss-host-probes-and-host-lifecycle",
      "pss-privileged",
      "pss-proc-mount",
      "pss-se-linux-options",
      "pss-seccomp-profile-baseline",
      "pss-sysctls",
      "pss-windows-host-process",
      "pss-allow-privilege-escalation",
      "pss-capabilities-restricted",
      "pss-proc-mount-restricted",
      "pss-restricted-volumes",
      "pss-run-as-non-root",
      "pss-run-as-user",
      "pss-seccomp-profile-restricted",
    ]);
    expect(pssRuleId("seccompProfile_restricted")).toBe("pss-seccomp-profile-restricted");
  });

  it("gives every rule complete metadata and links the level and the reference check", () => {
    for (const rule of pssRules) {
      expect(rule).toMatchObject({ category: "pss", scope: "pod", severity: "error" });
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      expect(rule.description.length, rule.id).toBeGreaterThan(40);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(10);
      expect(rule.references.map((r) => r.url)).toEqual([
        `https://kubernetes.io/docs/concepts/security/pod-security-standards/#${rule.pss?.level}`,
        expect.stringMatching(
          /^https:\/\/github\.com\/kubernetes\/pod-security-admission\/blob\/master\/policy\/check_\w+\.go$/,
        ),
      ]);
    }
  });

  it("links the reference files whose names differ from their check ids", () => {
    const url = (check: string) => pssRules.find((r) => r.pss?.check === check)?.references[1]?.url;
    expect(url("procMount")).toMatch(/check_procMount_baseline\.go$/);
    expect(url("hostProbesAndHostLifecycle")).toMatch(/check_hostProbesAndhostLifecycle\.go$/);
    expect(url("runAsUser")).toMatch(/check_runAsUser\.go$/);
  });

  it("puts baseline checks in pss-baseline and every check in pss-restricted", () => {
    const ids = (profile: "pss-baseline" | "pss-restricted") =>
      rulesOfProfile(profile)
        .filter((r) => r.category === "pss")
        .map((r) => r.id);
    expect(ids("pss-baseline")).toEqual(pssRules.filter((r) => r.pss?.level === "baseline").map((r) => r.id));
    expect(ids("pss-restricted")).toEqual(pssRules.map((r) => r.id));
  });
});

describe("PSS versions", () => {
  it("resolves latest to v1.37, the newest version the reference defines a check revision for", () => {
    expect(LATEST_PSS_VERSION).toEqual({ major: 1, minor: 37 });
    expect(parsePssVersion("latest")).toEqual({ major: 1, minor: 37 });
    expect(parsePssVersion("v1.23")).toEqual({ major: 1, minor: 23 });
    expect(parsePssVersion("1.23")).toBeUndefined();
  });

  it("picks the newest revision that is not newer than the version", () => {
    const revisions = [
      [0, "a"],
      [19, "b"],
      [25, "c"],
    ] as const;
    expect(revisionAt({ major: 1, minor: 18 }, revisions)).toBe("a");
    expect(revisionAt({ major: 1, minor: 19 }, revisions)).toBe("b");
    expect(revisionAt({ major: 1, minor: 40 }, revisions)).toBe("c");
    expect(revisionAt({ major: 1, minor: 7 }, [[8, "x"]])).toBeUndefined();
  });
});

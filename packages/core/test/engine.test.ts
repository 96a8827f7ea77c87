import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../src/config/types.js";
import { validateManifests } from "../src/engine.js";
import { findingsOf, TODAY } from "./helpers/validate.js";

const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  volumes:
  - name: host
    hostPath: {path: /data}
  containers:
  - name: c
    image: x
    securityContext:
      capabilities: {add: [SYS_ADMIN]}
`;

/** The volume and capability rules that reported (a rule may report twice: an addition, no drop). */
const pssIds = (pssVersion: string) => [
  ...new Set(
    findingsOf(pod, { profile: "pss-restricted", pssVersion })
      .map((f) => f.ruleId)
      .filter((id) => /volumes|capabilities/.test(id))
      .sort(),
  ),
];

describe("restricted checks stand in for the baseline checks they replace", () => {
  it("reports a hostPath volume and an added capability under the restricted checks only, at the latest version", () => {
    expect(pssIds("latest")).toEqual(["pss-capabilities-restricted", "pss-restricted-volumes"]);
  });

  it("keeps the baseline capabilities check before capabilities_restricted exists (v1.21)", () => {
    expect(pssIds("v1.21")).toEqual(["pss-capabilities-baseline", "pss-restricted-volumes"]);
  });

  it("runs the baseline checks alone under the baseline profile", () => {
    const ids = findingsOf(pod, { profile: "pss-baseline" }).map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(["pss-capabilities-baseline", "pss-host-path-volumes"]));
  });
});

describe("kinds no rule looks into", () => {
  it("are listed with their counts, so custom resources do not pass in silence", () => {
    const text = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: a, namespace: web}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: b, namespace: web}
---
apiVersion: v1
kind: Service
metadata: {name: s, namespace: web}
spec: {type: ClusterIP}
`;
    const result = validateManifests({
      files: [{ path: "crds.yaml", text }],
      config: DEFAULT_CONFIG,
      today: TODAY,
    });
    expect(result.uncheckedKinds).toEqual([{ kind: "Certificate", count: 2 }]);
  });
});

describe("large documents", () => {
  it("skip a List of 200,000 non-objects with a note each, without overflowing the stack", () => {
    const text = `apiVersion: v1\nkind: List\nitems: [${Array(200_000).fill("0").join(", ")}]\n`;
    const result = validateManifests({
      files: [{ path: "list.yaml", text }],
      config: DEFAULT_CONFIG,
      today: TODAY,
    });
    expect(result.skipped).toHaveLength(200_000);
  });
});

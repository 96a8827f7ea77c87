import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-run-as-non-root", () => {
  it("flags explicit false values and containers that neither set nor inherit true", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: root
        securityContext:
          runAsNonRoot: false
      - name: unset
      - name: ok
        securityContext: {runAsNonRoot: true}
`;
    expect(ruleHits(yaml, "pss-run-as-non-root")).toEqual([
      '10:11 Container "root" sets runAsNonRoot to false; it must be true.',
      '11:9 Container "unset" does not set runAsNonRoot, and the pod sets none to inherit; set runAsNonRoot: true on the pod or the container.',
    ]);
  });

  it("lets containers inherit the pod's true and flags a container overriding it with false (CronJob)", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
          - name: inherits
          - name: overrides
            securityContext:
              runAsNonRoot: false
`;
    expect(ruleHits(yaml, "pss-run-as-non-root")).toEqual([
      '15:15 Container "overrides" sets runAsNonRoot to false; it must be true.',
    ]);
  });

  it("flags a pod-level false even when every container sets true, as the reference does", () => {
    const yaml = pod(`  securityContext:
    runAsNonRoot: false
  containers:
  - name: a
    securityContext: {runAsNonRoot: true}
`);
    expect(ruleHits(yaml, "pss-run-as-non-root")).toEqual([
      "6:5 The pod sets runAsNonRoot to false; it must be true.",
    ]);
  });

  it("passes when every container sets true, without a pod-level value", () => {
    const yaml = pod(`  containers:
  - name: a
    securityContext: {runAsNonRoot: true}
  initContainers:
  - name: i
    securityContext: {runAsNonRoot: true}
`);
    expect(messages(yaml, "pss-run-as-non-root", "v1.0")).toEqual([]);
  });

  it("exempts pods with hostUsers: false from v1.35", () => {
    const yaml = pod(`  hostUsers: false
  containers:
  - name: app
`);
    expect(messages(yaml, "pss-run-as-non-root", "v1.34")).toHaveLength(1);
    expect(messages(yaml, "pss-run-as-non-root", "v1.35")).toEqual([]);
  });
});

describe("pss-run-as-user", () => {
  it("flags runAsUser: 0 on the pod and on containers, at the field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        runAsUser: 0
      containers:
      - name: app
        securityContext:
          runAsUser: 0
      - name: ok
        securityContext:
          runAsUser: 1000
`;
    expect(ruleHits(yaml, "pss-run-as-user")).toEqual([
      "8:9 The pod sets runAsUser: 0 and runs as root.",
      '12:11 Container "app" sets runAsUser: 0 and runs as root.',
    ]);
  });

  it("flags the pod's 0 even when every container overrides it, as the reference does (CronJob)", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {runAsUser: 0}
          containers:
          - name: job
            securityContext: {runAsUser: 1000}
`;
    expect(ruleHits(yaml, "pss-run-as-user")).toEqual(["9:29 The pod sets runAsUser: 0 and runs as root."]);
  });

  const root = pod(`  securityContext: {runAsUser: 0}
  containers:
  - name: app
`);

  it("is part of the policy from v1.23", () => {
    expect(messages(root, "pss-run-as-user", "v1.22")).toEqual([]);
    expect(messages(root, "pss-run-as-user", "v1.23")).toHaveLength(1);
  });

  it("exempts pods with hostUsers: false from v1.35", () => {
    const yaml = pod(`  hostUsers: false
  securityContext: {runAsUser: 0}
  containers:
  - name: app
`);
    expect(messages(yaml, "pss-run-as-user", "v1.34")).toHaveLength(1);
    expect(messages(yaml, "pss-run-as-user", "v1.35")).toEqual([]);
  });

  it("passes non-zero and unset users", () => {
    const yaml = pod(`  containers:
  - name: a
    securityContext: {runAsUser: 1}
  - name: b
`);
    expect(messages(yaml, "pss-run-as-user")).toEqual([]);
  });
});

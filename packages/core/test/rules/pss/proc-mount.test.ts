import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

const unmasked = (hostUsers: string) =>
  pod(`${hostUsers}  containers:
  - name: app
    securityContext:
      procMount: Unmasked
`);

describe("pss-proc-mount", () => {
  it("flags an Unmasked /proc in a Deployment, at the field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        securityContext:
          procMount: Unmasked
`;
    expect(ruleHits(yaml, "pss-proc-mount")).toEqual([
      '10:11 Container "app" sets procMount "Unmasked"; only Default is allowed.',
    ]);
  });

  it("flags a CronJob's ephemeral container", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
          ephemeralContainers:
          - name: debug
            securityContext: {procMount: Unmasked}
`;
    expect(ruleHits(yaml, "pss-proc-mount")).toEqual([
      '13:31 Ephemeral container "debug" sets procMount "Unmasked"; only Default is allowed.',
    ]);
  });

  it("relaxes for pods with hostUsers: false from v1.35 only", () => {
    const inUserNamespace = unmasked("  hostUsers: false\n");
    expect(messages(inUserNamespace, "pss-proc-mount", "v1.34")).toHaveLength(1);
    expect(messages(inUserNamespace, "pss-proc-mount", "v1.35")).toEqual([]);
    expect(messages(unmasked("  hostUsers: true\n"), "pss-proc-mount", "v1.35")).toHaveLength(1);
  });

  it("passes Default and unset", () => {
    const yaml = pod(`  containers:
  - name: a
    securityContext: {procMount: Default}
  - name: b
    securityContext: {}
`);
    expect(messages(yaml, "pss-proc-mount")).toEqual([]);
  });
});

describe("pss-proc-mount-restricted", () => {
  it("flags an Unmasked /proc even with hostUsers: false, at the field", () => {
    expect(ruleHits(unmasked("  hostUsers: false\n"), "pss-proc-mount-restricted")).toEqual([
      '9:7 Container "app" sets procMount "Unmasked"; only Default is allowed.',
    ]);
  });

  it("starts at v1.35, when the baseline check was relaxed (before, pss-proc-mount covers every pod)", () => {
    const yaml = unmasked("  hostUsers: false\n");
    expect(messages(yaml, "pss-proc-mount-restricted", "v1.34")).toEqual([]);
    expect(messages(yaml, "pss-proc-mount", "v1.34")).toHaveLength(1);
    expect(messages(yaml, "pss-proc-mount-restricted", "v1.35")).toHaveLength(1);
  });

  it("flags a Deployment's init container and passes Default", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
      - name: init
        securityContext:
          procMount: Unmasked
      containers:
      - name: app
        securityContext:
          procMount: Default
`;
    expect(ruleHits(yaml, "pss-proc-mount-restricted")).toEqual([
      '10:11 Init container "init" sets procMount "Unmasked"; only Default is allowed.',
    ]);
  });
});

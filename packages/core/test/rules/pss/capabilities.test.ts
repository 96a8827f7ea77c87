import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-capabilities-baseline", () => {
  it("flags each added capability outside the default set, at its list entry", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        securityContext:
          capabilities:
            add:
            - CHOWN
            - NET_RAW
            - SYS_ADMIN
`;
    expect(ruleHits(yaml, "pss-capabilities-baseline")).toEqual([
      '13:15 Container "app" adds capability "NET_RAW", which is not in the default set.',
      '14:15 Container "app" adds capability "SYS_ADMIN", which is not in the default set.',
    ]);
  });

  it("compares names exactly, as the reference does, in a CronJob's init container", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: init
            securityContext:
              capabilities: {add: [CAP_CHOWN]}
          containers:
          - name: job
`;
    expect(ruleHits(yaml, "pss-capabilities-baseline")).toEqual([
      '12:36 Init container "init" adds capability "CAP_CHOWN", which is not in the default set.',
    ]);
  });

  it("passes default capabilities, drops and no capabilities", () => {
    const yaml = pod(`  containers:
  - name: a
    securityContext:
      capabilities:
        add: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]
        drop: [NET_RAW]
  - name: b
`);
    expect(messages(yaml, "pss-capabilities-baseline")).toEqual([]);
  });
});

describe("pss-capabilities-restricted", () => {
  it("requires drop ALL on every container and allows adding only NET_BIND_SERVICE", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: none
      - name: partial
        securityContext:
          capabilities:
            drop: [NET_RAW]
      - name: adds
        securityContext:
          capabilities:
            drop: [ALL]
            add: [NET_BIND_SERVICE, CHOWN]
`;
    expect(ruleHits(yaml, "pss-capabilities-restricted")).toEqual([
      '8:9 Container "none" does not drop capabilities; it must drop "ALL".',
      '12:13 Container "partial" drops only ["NET_RAW"]; it must drop "ALL".',
      '17:37 Container "adds" adds capability "CHOWN", but only NET_BIND_SERVICE may be added.',
    ]);
  });

  it("flags a CronJob's container without capabilities, at its securityContext", () => {
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
            securityContext:
              runAsNonRoot: true
`;
    expect(ruleHits(yaml, "pss-capabilities-restricted")).toEqual([
      '11:13 Container "job" does not drop capabilities; it must drop "ALL".',
    ]);
  });

  const unrestricted = pod(`  containers:
  - name: app
    securityContext:
      capabilities: {add: [SYS_ADMIN]}
`);

  it("is part of the policy from v1.22", () => {
    expect(messages(unrestricted, "pss-capabilities-restricted", "v1.21")).toEqual([]);
    expect(messages(unrestricted, "pss-capabilities-restricted", "v1.22")).toHaveLength(2);
  });

  it("exempts Windows pods from v1.25", () => {
    const windows = pod(`  os: {name: windows}
  containers:
  - name: app
`);
    expect(messages(windows, "pss-capabilities-restricted", "v1.24")).toEqual([
      'Container "app" does not drop capabilities; it must drop "ALL".',
    ]);
    expect(messages(windows, "pss-capabilities-restricted", "v1.25")).toEqual([]);
    expect(messages(windows, "pss-capabilities-restricted")).toEqual([]);
  });

  it("passes drop ALL with NET_BIND_SERVICE added", () => {
    const yaml = pod(`  containers:
  - name: app
    securityContext:
      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
`);
    expect(messages(yaml, "pss-capabilities-restricted")).toEqual([]);
  });
});

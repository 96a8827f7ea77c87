import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-allow-privilege-escalation", () => {
  it("requires false on every container of a Deployment, pointing at the field or where it belongs", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: explicit
        securityContext:
          allowPrivilegeEscalation: true
      - name: unset
        securityContext:
          runAsNonRoot: true
      - name: ok
        securityContext:
          allowPrivilegeEscalation: false
`;
    expect(ruleHits(yaml, "pss-allow-privilege-escalation")).toEqual([
      '10:11 Container "explicit" sets allowPrivilegeEscalation to true; it must be false.',
      '12:9 Container "unset" does not set allowPrivilegeEscalation; it must be false.',
    ]);
  });

  it("flags a CronJob's init container without a securityContext, at the container", () => {
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
          containers:
          - name: job
            securityContext: {allowPrivilegeEscalation: false}
`;
    expect(ruleHits(yaml, "pss-allow-privilege-escalation")).toEqual([
      '10:13 Init container "init" does not set allowPrivilegeEscalation; it must be false.',
    ]);
  });

  const unset = pod(`  containers:
  - name: app
`);

  it("is part of the policy from v1.8", () => {
    expect(messages(unset, "pss-allow-privilege-escalation", "v1.7")).toEqual([]);
    expect(messages(unset, "pss-allow-privilege-escalation", "v1.8")).toHaveLength(1);
  });

  it("exempts Windows pods from v1.25", () => {
    const windows = pod(`  os:
    name: windows
  containers:
  - name: app
`);
    expect(messages(windows, "pss-allow-privilege-escalation", "v1.24")).toHaveLength(1);
    expect(messages(windows, "pss-allow-privilege-escalation", "v1.25")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-windows-host-process", () => {
  it("flags hostProcess on the pod and on a container of a Deployment, at the field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: win}
spec:
  template:
    spec:
      os: {name: windows}
      securityContext:
        windowsOptions:
          hostProcess: true
      containers:
      - name: app
        securityContext:
          windowsOptions: {hostProcess: true}
`;
    expect(ruleHits(yaml, "pss-windows-host-process")).toEqual([
      "10:11 The pod sets windowsOptions.hostProcess: true.",
      '14:28 Container "app" sets windowsOptions.hostProcess: true.',
    ]);
  });

  it("flags a CronJob's container", () => {
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
              windowsOptions:
                hostProcess: true
`;
    expect(ruleHits(yaml, "pss-windows-host-process")).toEqual([
      '13:17 Container "job" sets windowsOptions.hostProcess: true.',
    ]);
  });

  it("passes false and unset", () => {
    const yaml = pod(`  securityContext:
    windowsOptions: {hostProcess: false, runAsUserName: app}
  containers:
  - name: app
    securityContext:
      windowsOptions: {}
`);
    expect(messages(yaml, "pss-windows-host-process")).toEqual([]);
  });
});

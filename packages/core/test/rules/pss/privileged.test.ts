import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-privileged", () => {
  it("flags a privileged container in a Deployment's pod template, at the field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        securityContext:
          privileged: true
`;
    expect(ruleHits(yaml, "pss-privileged")).toEqual(['11:11 Container "app" is privileged.']);
  });

  it("flags privileged init and ephemeral containers of a CronJob's pod, naming each", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: setup
            securityContext: {privileged: true}
          ephemeralContainers:
          - name: debug
            securityContext:
              privileged: true
          containers:
          - name: job
`;
    expect(ruleHits(yaml, "pss-privileged")).toEqual([
      '11:31 Init container "setup" is privileged.',
      '15:15 Ephemeral container "debug" is privileged.',
    ]);
  });

  it("passes privileged: false and an absent field", () => {
    const yaml = pod(`  containers:
  - name: a
    securityContext: {privileged: false}
  - name: b
`);
    expect(messages(yaml, "pss-privileged")).toEqual([]);
  });
});

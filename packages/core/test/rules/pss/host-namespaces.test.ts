import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-host-namespaces", () => {
  it("flags each shared host namespace in a Deployment's pod template, at its field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      hostNetwork: true
      hostPID: true
      hostIPC: true
      containers:
      - name: app
`;
    expect(ruleHits(yaml, "pss-host-namespaces")).toEqual([
      "7:7 The pod sets hostNetwork: true and shares the node's namespace.",
      "8:7 The pod sets hostPID: true and shares the node's namespace.",
      "9:7 The pod sets hostIPC: true and shares the node's namespace.",
    ]);
  });

  it("flags a CronJob's pod template, also with YAML 1.1 booleans", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostPID: yes
          containers:
          - name: job
`;
    expect(ruleHits(yaml, "pss-host-namespaces")).toEqual([
      "10:11 The pod sets hostPID: true and shares the node's namespace.",
    ]);
  });

  it("passes false and absent fields", () => {
    const yaml = pod(`  hostNetwork: false
  hostIPC: false
  containers:
  - name: app
`);
    expect(messages(yaml, "pss-host-namespaces")).toEqual([]);
  });
});

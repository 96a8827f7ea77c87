import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-host-probes-and-host-lifecycle", () => {
  it("flags the host of probes and lifecycle handlers in a Deployment, at each host field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        livenessProbe:
          httpGet:
            host: 10.0.0.1
            port: 80
        readinessProbe:
          tcpSocket: {host: metadata.internal, port: 80}
        startupProbe:
          httpGet: {port: 80, host: ""}
        lifecycle:
          postStart:
            httpGet: {host: 169.254.169.254, port: 80}
          preStop:
            tcpSocket: {host: db, port: 5432}
`;
    expect(ruleHits(yaml, "pss-host-probes-and-host-lifecycle")).toEqual([
      '11:13 Container "app" sends its livenessProbe httpGet to host "10.0.0.1".',
      '14:23 Container "app" sends its readinessProbe tcpSocket to host "metadata.internal".',
      '19:23 Container "app" sends its postStart httpGet to host "169.254.169.254".',
      '21:25 Container "app" sends its preStop tcpSocket to host "db".',
    ]);
  });

  const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: init
            startupProbe:
              httpGet: {host: example.com, port: 80}
          containers:
          - name: job
`;

  it("flags a CronJob's init container", () => {
    expect(ruleHits(cronJob, "pss-host-probes-and-host-lifecycle")).toEqual([
      '12:25 Init container "init" sends its startupProbe httpGet to host "example.com".',
    ]);
  });

  it("is part of the policy from v1.34", () => {
    expect(messages(cronJob, "pss-host-probes-and-host-lifecycle", "v1.33")).toEqual([]);
    expect(messages(cronJob, "pss-host-probes-and-host-lifecycle", "v1.34")).toHaveLength(1);
  });

  it("passes probes and handlers without a host", () => {
    const yaml = pod(`  containers:
  - name: app
    livenessProbe:
      httpGet: {path: /healthz, port: 8080}
    readinessProbe:
      exec: {command: [true]}
    lifecycle:
      preStop:
        sleep: {seconds: 5}
`);
    expect(messages(yaml, "pss-host-probes-and-host-lifecycle")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

describe("missing-liveness-probe / missing-readiness-probe", () => {
  it("flags app containers of a Deployment without probes, at the container", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
      - name: init
        image: busybox:1
      containers:
      - name: app
        image: nginx:1.27
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
`;
    expect(ruleHits(yaml, "missing-liveness-probe")).toEqual(['11:9 Container "app" has no liveness probe.']);
    expect(ruleHits(yaml, "missing-readiness-probe")).toEqual([]);
  });

  it("passes containers with both probes", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    livenessProbe: {tcpSocket: {port: 80}}
    readinessProbe: {tcpSocket: {port: 80}}
`;
    expect(ruleHits(yaml, "missing-liveness-probe")).toEqual([]);
    expect(ruleHits(yaml, "missing-readiness-probe")).toEqual([]);
  });

  it("skips CronJobs, Jobs and pods that run to completion", () => {
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: task
`;
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      containers:
      - name: task
`;
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  containers:
  - name: task
`;
    for (const yaml of [cronJob, job, pod]) {
      expect(ruleHits(yaml, "missing-liveness-probe")).toEqual([]);
      expect(ruleHits(yaml, "missing-readiness-probe")).toEqual([]);
    }
  });

  it("flags a DaemonSet's containers but never its ephemeral containers", () => {
    const yaml = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      containers:
      - name: agent
        livenessProbe: {exec: {command: [true]}}
      ephemeralContainers:
      - name: debug
`;
    expect(ruleHits(yaml, "missing-readiness-probe")).toEqual([
      '8:9 Container "agent" has no readiness probe.',
    ]);
    expect(ruleHits(yaml, "missing-liveness-probe")).toEqual([]);
  });
});

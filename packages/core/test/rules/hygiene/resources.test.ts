import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const deployment = (resources: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.27
${resources}`;

describe("missing-cpu-requests / missing-memory-requests", () => {
  it("flags a container without resources at the container, in a Deployment's pod template", () => {
    const yaml = deployment("");
    expect(ruleHits(yaml, "missing-cpu-requests")).toEqual(['8:9 Container "app" has no CPU request.']);
    expect(ruleHits(yaml, "missing-memory-requests")).toEqual(['8:9 Container "app" has no memory request.']);
  });

  it("points at the nearest existing parent when only the other resource is requested", () => {
    const yaml = deployment(`        resources:
          requests:
            memory: 128Mi
`);
    expect(ruleHits(yaml, "missing-cpu-requests")).toEqual(['11:11 Container "app" has no CPU request.']);
    expect(ruleHits(yaml, "missing-memory-requests")).toEqual([]);
  });

  it("accepts a limit alone, which Kubernetes copies into the request", () => {
    const yaml = deployment(`        resources:
          limits: {cpu: 500m, memory: 256Mi}
`);
    expect(ruleHits(yaml, "missing-cpu-requests")).toEqual([]);
    expect(ruleHits(yaml, "missing-memory-requests")).toEqual([]);
  });

  it("accepts numeric quantities and rejects an empty one", () => {
    const yaml = deployment(`        resources:
          requests: {cpu: 1, memory: ""}
`);
    expect(ruleHits(yaml, "missing-cpu-requests")).toEqual([]);
    expect(ruleHits(yaml, "missing-memory-requests")).toEqual([
      '11:30 Container "app" has no memory request.',
    ]);
  });
});

describe("missing-memory-limits / missing-cpu-limits", () => {
  it("flags missing limits at the resources field and passes set ones", () => {
    const yaml = deployment(`        resources:
          requests: {cpu: 100m, memory: 128Mi}
`);
    expect(ruleHits(yaml, "missing-memory-limits")).toEqual(['10:9 Container "app" has no memory limit.']);
    expect(ruleHits(yaml, "missing-cpu-limits")).toEqual(['10:9 Container "app" has no CPU limit.']);
    const limited = deployment(`        resources:
          limits: {cpu: 100m, memory: 128Mi}
`);
    expect(ruleHits(limited, "missing-memory-limits")).toEqual([]);
    expect(ruleHits(limited, "missing-cpu-limits")).toEqual([]);
  });

  it("does not count requests as limits", () => {
    const yaml = deployment(`        resources:
          requests: {memory: 128Mi}
`);
    expect(ruleHits(yaml, "missing-memory-limits")).toEqual(['10:9 Container "app" has no memory limit.']);
  });
});

describe("which containers the resource rules check", () => {
  it("checks native sidecars but not ordinary init or ephemeral containers", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: migrate
    image: migrate:1
  - name: proxy
    image: proxy:1
    restartPolicy: Always
  containers:
  - name: app
    image: app:1
    resources:
      requests: {cpu: 100m, memory: 64Mi}
  ephemeralContainers:
  - name: debug
    image: busybox:1
`;
    expect(ruleHits(yaml, "missing-cpu-requests")).toEqual(['8:5 Container "proxy" has no CPU request.']);
  });

  it("checks every app container of a StatefulSet", () => {
    const yaml = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      containers:
      - name: db
        resources: {requests: {memory: 1Gi}}
      - name: exporter
`;
    expect(ruleHits(yaml, "missing-memory-requests")).toEqual([
      '10:9 Container "exporter" has no memory request.',
    ]);
  });
});

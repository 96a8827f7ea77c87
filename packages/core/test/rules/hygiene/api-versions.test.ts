import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const cronJob = `apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: task, image: task:1}]
`;

describe("removed-api-version", () => {
  it("flags an API the latest release no longer serves, at apiVersion, naming versions and replacement", () => {
    expect(ruleHits(cronJob, "removed-api-version")).toEqual([
      '1:1 CronJob "nightly" uses batch/v1beta1, which was removed in Kubernetes v1.25 (deprecated since v1.21); use batch/v1.',
    ]);
  });

  it("covers several groups, including a List item and an API without a successor", () => {
    const yaml = `apiVersion: v1
kind: List
items:
- apiVersion: extensions/v1beta1
  kind: Ingress
  metadata: {name: web}
- apiVersion: policy/v1beta1
  kind: PodSecurityPolicy
  metadata: {name: restricted}
- apiVersion: flowcontrol.apiserver.k8s.io/v1beta3
  kind: FlowSchema
  metadata: {name: fs}
`;
    expect(ruleHits(yaml, "removed-api-version")).toEqual([
      '4:3 Ingress "web" uses extensions/v1beta1, which was removed in Kubernetes v1.22 (deprecated since v1.14); use networking.k8s.io/v1.',
      '7:3 PodSecurityPolicy "restricted" uses policy/v1beta1, which was removed in Kubernetes v1.25 (deprecated since v1.21); use Pod Security Admission (PodSecurityPolicy has no successor API).',
      '10:3 FlowSchema "fs" uses flowcontrol.apiserver.k8s.io/v1beta3, which was removed in Kubernetes v1.32 (deprecated since v1.29); use flowcontrol.apiserver.k8s.io/v1.',
    ]);
  });

  it("passes current API versions and kinds the old version never served", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
apiVersion: extensions/v1beta1
kind: SomethingCustom
metadata: {name: x}
`;
    expect(ruleHits(yaml, "removed-api-version")).toEqual([]);
    expect(ruleHits(yaml, "deprecated-api-version")).toEqual([]);
  });

  it("judges against pss-version: before the removal the API is only deprecated, before that fine", () => {
    expect(ruleHits(cronJob, "removed-api-version", { kubernetesVersion: "v1.24" })).toEqual([]);
    expect(ruleHits(cronJob, "deprecated-api-version", { kubernetesVersion: "v1.24" })).toEqual([
      '1:1 CronJob "nightly" uses batch/v1beta1, which is deprecated since Kubernetes v1.21 and removed in v1.25; use batch/v1.',
    ]);
    expect(ruleHits(cronJob, "deprecated-api-version", { kubernetesVersion: "v1.20" })).toEqual([]);
  });
});

describe("deprecated-api-version", () => {
  it("flags an API that is deprecated and still served at the latest release, and not as removed", () => {
    const yaml = `apiVersion: resource.k8s.io/v1beta2
kind: ResourceClaim
metadata: {name: gpu, namespace: ml}
`;
    expect(ruleHits(yaml, "deprecated-api-version")).toEqual([
      '1:1 ResourceClaim "gpu" uses resource.k8s.io/v1beta2, which is deprecated since Kubernetes v1.36 and removed in v1.39; use resource.k8s.io/v1.',
    ]);
    expect(ruleHits(yaml, "removed-api-version")).toEqual([]);
  });

  it("moves a beta from deprecated to removed at its generated removal release", () => {
    const yaml = `apiVersion: storage.k8s.io/v1beta1
kind: VolumeAttributesClass
metadata: {name: fast}
driverName: csi.example.com
`;
    expect(ruleHits(yaml, "deprecated-api-version", { kubernetesVersion: "v1.36" })).toEqual([
      '1:1 VolumeAttributesClass "fast" uses storage.k8s.io/v1beta1, which is deprecated since Kubernetes v1.34 and removed in v1.37; use storage.k8s.io/v1.',
    ]);
    expect(ruleHits(yaml, "removed-api-version")).toEqual([
      '1:1 VolumeAttributesClass "fast" uses storage.k8s.io/v1beta1, which was removed in Kubernetes v1.37 (deprecated since v1.34); use storage.k8s.io/v1.',
    ]);
  });

  it("reports a removed API once, as removed, not also as deprecated", () => {
    expect(ruleHits(cronJob, "deprecated-api-version")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-seccomp-profile-baseline", () => {
  it("flags an Unconfined profile on the pod and a container of a Deployment, at the type", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: Unconfined
      containers:
      - name: app
        securityContext:
          seccompProfile: {type: Unconfined}
      - name: ok
        securityContext:
          seccompProfile: {type: Localhost, localhostProfile: p.json}
`;
    expect(ruleHits(yaml, "pss-seccomp-profile-baseline")).toEqual([
      '9:11 The pod sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost is allowed.',
      '13:28 Container "app" sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost is allowed.',
    ]);
  });

  it("flags a profile without a type, at the profile where the type is missing", () => {
    const yaml = pod(`  securityContext:
    seccompProfile: {}
  containers:
  - name: app
`);
    expect(ruleHits(yaml, "pss-seccomp-profile-baseline")).toEqual([
      "6:5 The pod sets a seccomp profile without a type; only RuntimeDefault or Localhost is allowed.",
    ]);
  });

  it("passes an unset profile (the baseline does not require one)", () => {
    const yaml = pod(`  containers:
  - name: app
`);
    expect(messages(yaml, "pss-seccomp-profile-baseline")).toEqual([]);
  });

  const annotated = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            seccomp.security.alpha.kubernetes.io/pod: unconfined
            container.seccomp.security.alpha.kubernetes.io/job: localhost/ok.json
            container.seccomp.security.alpha.kubernetes.io/sidecar: unconfined
            container.seccomp.security.alpha.kubernetes.io/gone: unconfined
        spec:
          securityContext:
            seccompProfile: {type: Unconfined}
          containers:
          - name: job
          - name: sidecar
`;

  it("checks the alpha annotations of the pod and its existing containers before v1.19, at the annotation", () => {
    expect(ruleHits(annotated, "pss-seccomp-profile-baseline", { pssVersion: "v1.18" })).toEqual([
      '10:13 Annotation seccomp.security.alpha.kubernetes.io/pod sets seccomp profile "unconfined"; only runtime/default, docker/default or localhost/<profile> is allowed.',
      '12:13 Annotation container.seccomp.security.alpha.kubernetes.io/sidecar sets seccomp profile "unconfined"; only runtime/default, docker/default or localhost/<profile> is allowed.',
    ]);
  });

  it("checks the fields, not the annotations, from v1.19", () => {
    expect(ruleHits(annotated, "pss-seccomp-profile-baseline", { pssVersion: "v1.19" })).toEqual([
      '16:30 The pod sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost is allowed.',
    ]);
  });

  it("allows runtime/default, docker/default and localhost/ annotations before v1.19", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: docker/default
    container.seccomp.security.alpha.kubernetes.io/a: runtime/default
    container.seccomp.security.alpha.kubernetes.io/b: localhost/profile.json
spec:
  containers:
  - name: a
  - name: b
`;
    expect(messages(yaml, "pss-seccomp-profile-baseline", "v1.18")).toEqual([]);
  });
});

describe("pss-seccomp-profile-restricted", () => {
  it("requires a profile on the pod or on every container, pointing at where it is missing", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        securityContext:
          seccompProfile: {type: RuntimeDefault}
      - name: sidecar
        securityContext:
          runAsNonRoot: true
      - name: bare
`;
    expect(ruleHits(yaml, "pss-seccomp-profile-restricted")).toEqual([
      '12:9 Container "sidecar" has no seccomp profile, and the pod sets none to inherit; set seccompProfile.type to RuntimeDefault or Localhost on the pod or the container.',
      '14:9 Container "bare" has no seccomp profile, and the pod sets none to inherit; set seccompProfile.type to RuntimeDefault or Localhost on the pod or the container.',
    ]);
  });

  it("lets containers inherit the pod's profile, and a container's own profile override it", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          securityContext:
            seccompProfile: {type: RuntimeDefault}
          containers:
          - name: inherits
          - name: overrides
            securityContext:
              seccompProfile: {type: Unconfined}
`;
    expect(ruleHits(yaml, "pss-seccomp-profile-restricted")).toEqual([
      '15:32 Container "overrides" sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost is allowed.',
    ]);
  });

  it("reports a forbidden pod profile once, not again for the containers that inherit it", () => {
    const yaml = pod(`  securityContext:
    seccompProfile: {type: Unconfined}
  containers:
  - name: a
  - name: b
    securityContext:
      seccompProfile: {type: Localhost, localhostProfile: b.json}
`);
    expect(messages(yaml, "pss-seccomp-profile-restricted")).toEqual([
      'The pod sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost is allowed.',
    ]);
  });

  it("passes a pod-level profile, or one on every container", () => {
    const podLevel = pod(`  securityContext:
    seccompProfile: {type: Localhost, localhostProfile: p.json}
  containers:
  - name: a
  initContainers:
  - name: i
`);
    const everyContainer = pod(`  containers:
  - name: a
    securityContext:
      seccompProfile: {type: RuntimeDefault}
`);
    expect(messages(podLevel, "pss-seccomp-profile-restricted")).toEqual([]);
    expect(messages(everyContainer, "pss-seccomp-profile-restricted")).toEqual([]);
  });

  const noProfile = pod(`  containers:
  - name: app
`);

  it("is part of the policy from v1.19", () => {
    expect(messages(noProfile, "pss-seccomp-profile-restricted", "v1.18")).toEqual([]);
    expect(messages(noProfile, "pss-seccomp-profile-restricted", "v1.19")).toHaveLength(1);
  });

  it("exempts Windows pods from v1.25", () => {
    const windows = pod(`  os: {name: windows}
  containers:
  - name: app
`);
    expect(messages(windows, "pss-seccomp-profile-restricted", "v1.24")).toHaveLength(1);
    expect(messages(windows, "pss-seccomp-profile-restricted", "v1.25")).toEqual([]);
    const linux = pod(`  os: {name: linux}
  containers:
  - name: app
`);
    expect(messages(linux, "pss-seccomp-profile-restricted")).toHaveLength(1);
  });
});

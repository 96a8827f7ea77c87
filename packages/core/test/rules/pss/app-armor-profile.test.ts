import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-app-armor-profile", () => {
  it("flags an Unconfined profile on the pod and a container, at the type", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        appArmorProfile:
          type: Unconfined
      containers:
      - name: app
        securityContext:
          appArmorProfile: {type: Unconfined}
`;
    expect(ruleHits(yaml, "pss-app-armor-profile")).toEqual([
      '9:11 The pod sets AppArmor profile type "Unconfined"; only RuntimeDefault or Localhost is allowed.',
      '13:29 Container "app" sets AppArmor profile type "Unconfined"; only RuntimeDefault or Localhost is allowed.',
    ]);
  });

  it("flags a profile without a type at the profile, where the type is missing", () => {
    const yaml = pod(`  containers:
  - name: app
    securityContext:
      appArmorProfile:
        localhostProfile: custom
`);
    expect(ruleHits(yaml, "pss-app-armor-profile")).toEqual([
      '8:7 Container "app" sets an AppArmor profile without a type; only RuntimeDefault or Localhost is allowed.',
    ]);
  });

  it("flags the deprecated annotation on a CronJob's pod template, at the annotation", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            container.apparmor.security.beta.kubernetes.io/job: unconfined
            container.apparmor.security.beta.kubernetes.io/other: runtime/default
        spec:
          containers:
          - name: job
`;
    expect(ruleHits(yaml, "pss-app-armor-profile")).toEqual([
      '10:13 Annotation container.apparmor.security.beta.kubernetes.io/job sets AppArmor profile "unconfined"; only runtime/default or localhost/<profile> is allowed.',
    ]);
  });

  it("checks annotations and fields at every version", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  securityContext:
    appArmorProfile: {type: Unconfined}
  containers:
  - name: app
`;
    expect(messages(yaml, "pss-app-armor-profile", "v1.0")).toHaveLength(2);
    expect(messages(yaml, "pss-app-armor-profile", "v1.30")).toHaveLength(2);
  });

  it("passes allowed profile types and annotation values", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/a: runtime/default
    container.apparmor.security.beta.kubernetes.io/b: localhost/custom
    container.apparmor.security.beta.kubernetes.io/c: ""
    apparmor.example/other: unconfined
spec:
  securityContext:
    appArmorProfile: {type: RuntimeDefault}
  containers:
  - name: a
    securityContext:
      appArmorProfile: {type: Localhost, localhostProfile: custom}
  - name: b
`;
    expect(messages(yaml, "pss-app-armor-profile")).toEqual([]);
  });
});

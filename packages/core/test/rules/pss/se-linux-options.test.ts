import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-se-linux-options", () => {
  it("flags a custom type, user and role on the pod and on containers, at each field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        seLinuxOptions:
          type: spc_t
      containers:
      - name: app
        securityContext:
          seLinuxOptions:
            user: system_u
            role: system_r
            level: "s0:c123,c456"
`;
    expect(ruleHits(yaml, "pss-se-linux-options")).toEqual([
      '9:11 The pod sets SELinux type "spc_t"; allowed types are container_t, container_init_t, container_kvm_t, container_engine_t.',
      '14:13 Container "app" sets SELinux user "system_u"; it must not be set.',
      '15:13 Container "app" sets SELinux role "system_r"; it must not be set.',
    ]);
  });

  it("flags a CronJob's init container", () => {
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
            securityContext:
              seLinuxOptions: {type: unconfined_t}
          containers:
          - name: job
`;
    expect(ruleHits(yaml, "pss-se-linux-options")).toEqual([
      '12:32 Init container "init" sets SELinux type "unconfined_t"; allowed types are container_t, container_init_t, container_kvm_t, container_engine_t.',
    ]);
  });

  it("allows container_engine_t from v1.31", () => {
    const yaml = pod(`  securityContext:
    seLinuxOptions: {type: container_engine_t}
  containers:
  - name: app
`);
    expect(messages(yaml, "pss-se-linux-options", "v1.30")).toEqual([
      'The pod sets SELinux type "container_engine_t"; allowed types are container_t, container_init_t, container_kvm_t.',
    ]);
    expect(messages(yaml, "pss-se-linux-options", "v1.31")).toEqual([]);
  });

  it("passes allowed types, empty values and a level", () => {
    const yaml = pod(`  securityContext:
    seLinuxOptions: {type: container_t, level: "s0:c1,c2"}
  containers:
  - name: a
    securityContext:
      seLinuxOptions: {type: container_init_t, user: "", role: ""}
  - name: b
    securityContext:
      seLinuxOptions: {type: container_kvm_t}
  - name: c
    securityContext:
      seLinuxOptions: {type: ""}
`);
    expect(messages(yaml, "pss-se-linux-options", "v1.0")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { normalizeCapability } from "../../../src/rules/hygiene/capabilities.js";
import { ruleHits } from "../../helpers/validate.js";

describe("normalizeCapability", () => {
  it("ignores case, surrounding space and a CAP_ prefix, as container runtimes do", () => {
    expect(
      ["SYS_ADMIN", "sys_admin", "CAP_SYS_ADMIN", "cap_sys_admin", " Sys_Admin "].map(normalizeCapability),
    ).toEqual(Array(5).fill("SYS_ADMIN"));
  });
});

describe("dangerous-capabilities", () => {
  it("flags each dangerous added capability, however spelled, at its list item in a Deployment", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        securityContext:
          capabilities:
            drop: [ALL]
            add:
            - NET_BIND_SERVICE
            - cap_sys_admin
            - net_raw
            - CAP_BPF
`;
    expect(ruleHits(yaml, "dangerous-capabilities")).toEqual([
      '14:15 Container "app" adds capability SYS_ADMIN: mounts, namespaces and many kernel interfaces; the usual way out of a container.',
      '15:15 Container "app" adds capability NET_RAW: raw sockets, for spoofing and intercepting neighbours\' traffic.',
      '16:15 Container "app" adds capability BPF: loading BPF programs into the kernel.',
    ]);
  });

  it("checks init and ephemeral containers and ALL", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: setup
    securityContext: {capabilities: {add: [ALL]}}
  containers:
  - name: app
  ephemeralContainers:
  - name: debug
    securityContext:
      capabilities:
        add: [SYS_PTRACE]
`;
    expect(ruleHits(yaml, "dangerous-capabilities")).toEqual([
      '7:44 Container "setup" adds capability ALL: every capability, nearly a privileged container.',
      '14:15 Container "debug" adds capability SYS_PTRACE: tracing and injecting code into other processes.',
    ]);
  });

  it("passes harmless additions and dropped dangerous capabilities", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    securityContext:
      capabilities:
        add: [NET_BIND_SERVICE, CHOWN]
        drop: [SYS_ADMIN, NET_RAW, ALL]
`;
    expect(ruleHits(yaml, "dangerous-capabilities")).toEqual([]);
  });
});

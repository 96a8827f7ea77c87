import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

const withSysctl = (name: string) =>
  pod(`  securityContext:
    sysctls:
    - {name: ${name}, value: "1"}
  containers:
  - name: app
`);

describe("pss-sysctls", () => {
  it("flags each unsafe sysctl of a Deployment's pod, at its name", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        sysctls:
        - name: kernel.shm_rmid_forced
          value: "1"
        - name: kernel.msgmax
          value: "65536"
        - name: net.core.somaxconn
          value: "1024"
      containers:
      - name: app
`;
    expect(ruleHits(yaml, "pss-sysctls")).toEqual([
      '11:11 The pod sets sysctl "kernel.msgmax", which is not a safe sysctl at this policy version.',
      '13:11 The pod sets sysctl "net.core.somaxconn", which is not a safe sysctl at this policy version.',
    ]);
  });

  it("flags a CronJob's pod", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          securityContext:
            sysctls: [{name: vm.swappiness, value: "0"}]
          containers:
          - name: job
`;
    expect(ruleHits(yaml, "pss-sysctls")).toEqual([
      '10:24 The pod sets sysctl "vm.swappiness", which is not a safe sysctl at this policy version.',
    ]);
  });

  it("flags a sysctl without a name, at the entry where the name belongs", () => {
    const yaml = pod(`  securityContext:
    sysctls:
    - value: "1"
  containers:
  - name: app
`);
    expect(ruleHits(yaml, "pss-sysctls")).toEqual([
      "7:7 The pod sets a sysctl without a name, which is not a safe sysctl at this policy version.",
    ]);
  });

  it("grows the safe set with each version that added sysctls", () => {
    const additions: [string, string, string][] = [
      ["net.ipv4.ip_local_reserved_ports", "v1.26", "v1.27"],
      ["net.ipv4.tcp_keepalive_time", "v1.28", "v1.29"],
      ["net.ipv4.tcp_fin_timeout", "v1.28", "v1.29"],
      ["net.ipv4.tcp_rmem", "v1.31", "v1.32"],
      ["net.ipv4.tcp_wmem", "v1.31", "v1.32"],
      ["net.ipv4.tcp_slow_start_after_idle", "v1.36", "v1.37"],
      ["net.ipv4.tcp_notsent_lowat", "v1.36", "latest"],
    ];
    for (const [name, before, from] of additions) {
      expect(messages(withSysctl(name), "pss-sysctls", before), `${name} at ${before}`).toHaveLength(1);
      expect(messages(withSysctl(name), "pss-sysctls", from), `${name} at ${from}`).toEqual([]);
    }
  });

  it("passes the sysctls safe since v1.0", () => {
    for (const name of [
      "kernel.shm_rmid_forced",
      "net.ipv4.ip_local_port_range",
      "net.ipv4.tcp_syncookies",
      "net.ipv4.ping_group_range",
      "net.ipv4.ip_unprivileged_port_start",
    ]) {
      expect(messages(withSysctl(name), "pss-sysctls", "v1.0"), name).toEqual([]);
    }
  });
});

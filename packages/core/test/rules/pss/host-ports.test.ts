import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";
import { messages, pod } from "./helpers.js";

describe("pss-host-ports", () => {
  it("flags every host port of every container, at the hostPort field", () => {
    const yaml = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      containers:
      - name: agent
        ports:
        - containerPort: 8080
          hostPort: 8080
        - containerPort: 9090
      initContainers:
      - name: init
        ports:
        - {containerPort: 53, hostPort: 53}
`;
    expect(ruleHits(yaml, "pss-host-ports")).toEqual([
      '11:11 Container "agent" uses host port 8080.',
      '16:31 Init container "init" uses host port 53.',
    ]);
  });

  it("flags a host port in a CronJob's pod template", () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
            ports:
            - hostPort: 443
`;
    expect(ruleHits(yaml, "pss-host-ports")).toEqual(['12:15 Container "job" uses host port 443.']);
  });

  it("passes hostPort 0 and ports without hostPort", () => {
    const yaml = pod(`  containers:
  - name: app
    ports:
    - {containerPort: 80, hostPort: 0}
    - containerPort: 81
`);
    expect(messages(yaml, "pss-host-ports")).toEqual([]);
  });
});

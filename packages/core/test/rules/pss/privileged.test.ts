import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

describe("pss-privileged", () => {
  it("flags a privileged container in a Deployment's pod template, at the field", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        securityContext:
          privileged: true
`;
    expect(ruleHits(yaml, "pss-privileged")).toEqual(['11:11 Container "app" is privileged.']);
  });

  it("passes privileged: false and an absent field", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    securityContext: {privileged: false}
  - name: b
`;
    expect(ruleHits(yaml, "pss-privileged")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { findingsOf } from "../helpers/validate.js";

/** A Deployment with a privileged container; `objectMeta` and `templateMeta` are YAML flow mappings. */
function deployment(objectMeta: string, templateMeta = "{}"): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: ${objectMeta}
spec:
  template:
    metadata: ${templateMeta}
    spec:
      containers:
      - name: app
        image: nginx
        securityContext: {privileged: true}
`;
}

function privileged(yaml: string) {
  const found = findingsOf(yaml).filter((f) => f.ruleId === "pss-privileged");
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("inline suppression annotations", () => {
  it("suppresses the named rule with the reason given on the object", () => {
    const meta = `{name: web, annotations: {bulwark.dev/ignore: pss-privileged, bulwark.dev/ignore-reason: "GPU driver"}}`;
    expect(privileged(deployment(meta)).suppressed).toEqual({ kind: "inline", reason: "GPU driver" });
  });

  it("is honoured on the pod template", () => {
    const template = `{annotations: {bulwark.dev/ignore: pss-privileged, bulwark.dev/ignore-reason: on the template}}`;
    expect(privileged(deployment("{name: web}", template)).suppressed).toEqual({
      kind: "inline",
      reason: "on the template",
    });
  });

  it("accepts * for every rule", () => {
    expect(
      privileged(deployment(`{name: web, annotations: {bulwark.dev/ignore: "*"}}`)).suppressed?.kind,
    ).toBe("inline");
  });

  it("accepts a comma-separated list with spaces", () => {
    const meta = `{name: web, annotations: {bulwark.dev/ignore: "pss-host-ports , pss-privileged"}}`;
    expect(privileged(deployment(meta)).suppressed?.kind).toBe("inline");
  });

  it("says when no reason was given", () => {
    const meta = `{name: web, annotations: {bulwark.dev/ignore: pss-privileged, bulwark.dev/ignore-reason: "  "}}`;
    expect(privileged(deployment(meta)).suppressed).toEqual({ kind: "inline", reason: "no reason given" });
  });

  it("leaves other rules alone", () => {
    const meta = `{name: web, annotations: {bulwark.dev/ignore: "pss-host-ports,pss-privileged-x"}}`;
    expect(privileged(deployment(meta)).suppressed).toBeUndefined();
  });
});

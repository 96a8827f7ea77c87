import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const deployment = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
${podSpec}      containers:
      - name: app
`;

describe("automounted-service-account-token", () => {
  it("flags a pod that leaves the default, at the pod spec of a Deployment", () => {
    expect(ruleHits(deployment(""), "automounted-service-account-token")).toEqual([
      '6:5 The pod does not set automountServiceAccountToken: false, so every container holds a token of service account "default".',
    ]);
  });

  it("flags an explicit true at the field, even when the ServiceAccount says false", () => {
    const yaml = `${deployment("      serviceAccountName: web\n      automountServiceAccountToken: true\n")}---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
automountServiceAccountToken: false
`;
    expect(ruleHits(yaml, "automounted-service-account-token")).toEqual([
      "8:7 The pod sets automountServiceAccountToken: true, so every container holds a Kubernetes API token.",
    ]);
  });

  it("passes a pod that opts out, and one whose ServiceAccount in the same namespace opts out", () => {
    expect(
      ruleHits(
        deployment("      automountServiceAccountToken: false\n"),
        "automounted-service-account-token",
      ),
    ).toEqual([]);
    const yaml = `${deployment("      serviceAccountName: web\n")}---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
automountServiceAccountToken: false
`;
    expect(ruleHits(yaml, "automounted-service-account-token")).toEqual([]);
  });

  it("does not take the setting of a ServiceAccount of another namespace", () => {
    const yaml = `${deployment("      serviceAccountName: web\n")}---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: other}
automountServiceAccountToken: false
`;
    expect(ruleHits(yaml, "automounted-service-account-token")).toEqual([
      '6:5 The pod does not set automountServiceAccountToken: false, so every container holds a token of service account "web".',
    ]);
  });

  it("names the ServiceAccount when it is in the input but keeps the default", () => {
    const yaml = `${deployment("      serviceAccountName: web\n")}---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
`;
    expect(ruleHits(yaml, "automounted-service-account-token")).toEqual([
      '6:5 Neither the pod nor its ServiceAccount "web" sets automountServiceAccountToken: false, so every container holds a Kubernetes API token.',
    ]);
  });
});

describe("default-service-account", () => {
  it("flags a pod that names no service account, at its spec", () => {
    expect(ruleHits(deployment(""), "default-service-account")).toEqual([
      '6:5 The pod names no service account, so it runs as "default", with its API token mounted.',
    ]);
  });

  it("flags serviceAccountName: default and the deprecated serviceAccount field, at the field", () => {
    expect(ruleHits(deployment("      serviceAccountName: default\n"), "default-service-account")).toEqual([
      '7:7 The pod runs as the "default" service account, with its API token mounted.',
    ]);
    expect(ruleHits(deployment("      serviceAccount: default\n"), "default-service-account")).toEqual([
      '7:7 The pod runs as the "default" service account, with its API token mounted.',
    ]);
  });

  it("passes a dedicated service account, and a default one whose token is not mounted", () => {
    expect(ruleHits(deployment("      serviceAccountName: web\n"), "default-service-account")).toEqual([]);
    expect(
      ruleHits(deployment("      automountServiceAccountToken: false\n"), "default-service-account"),
    ).toEqual([]);
    const yaml = `${deployment("")}---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
automountServiceAccountToken: false
`;
    expect(ruleHits(yaml, "default-service-account")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/types.js";
import { corpusSummaryOf } from "../../src/manifests/corpus-summary.js";
import { loadManifests } from "../../src/manifests/load.js";

function objectOf(text: string) {
  return loadManifests({ path: "x.yaml", text }, DEFAULT_CONFIG.limits).objects[0]!;
}

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: ops
  annotations: {bulwark.dev/ignore: "*"}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        metadata:
          labels: {app: nightly}
        spec:
          serviceAccountName: backup
          automountServiceAccountToken: false
          hostNetwork: true
          containers:
            - name: job
              image: busybox
          volumes:
            - name: data
              hostPath: {path: /}
`;

describe("corpusSummaryOf", () => {
  it("keeps a workload's metadata, its pod template's metadata and the pod spec's scalars, at the same paths", () => {
    expect(corpusSummaryOf(objectOf(CRONJOB), new Set(["CronJob"])).value).toEqual({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly", namespace: "ops", annotations: { "bulwark.dev/ignore": "*" } },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              metadata: { labels: { app: "nightly" } },
              spec: { serviceAccountName: "backup", automountServiceAccountToken: false, hostNetwork: true },
            },
          },
        },
      },
    });
  });

  it("summarises a Pod in place and adds no metadata the template did not have", () => {
    const pod = objectOf("apiVersion: v1\nkind: Pod\nspec:\n  hostPID: true\n  containers: [{name: a}]\n");
    expect(corpusSummaryOf(pod, new Set()).value).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      spec: { hostPID: true },
    });
    const deployment = objectOf(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers: [{name: a}]\n",
    );
    expect(corpusSummaryOf(deployment, new Set()).value).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { template: { spec: {} } },
    });
  });

  it("keeps objects of the kinds corpus rules read whole, and only the header of the others", () => {
    const policy = objectOf(
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n",
    );
    expect(corpusSummaryOf(policy, new Set(["NetworkPolicy"]))).toBe(policy);
    const config = objectOf(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: xxxxxxxx\n",
    );
    const summary = corpusSummaryOf(config, new Set(["NetworkPolicy"]));
    expect(summary.value).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" } });
    expect(summary.document).toBe(config.document);
  });
});

import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

const namespace = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${labels}`;

describe("istio-sidecar-injection-disabled", () => {
  const id = "istio-sidecar-injection-disabled";
  const deployment = (podMetadata: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
${podMetadata}    spec:
      containers: [{name: app, image: nginx}]
`;

  it("flags a pod template annotation that opts out, at the annotation", () => {
    const metadata = '      annotations:\n        sidecar.istio.io/inject: "false"\n';
    expect(ruleHits(deployment(metadata), id)).toEqual([
      '8:9 Pods of Deployment/web opt out of the Istio sidecar (sidecar.istio.io/inject: "false").',
    ]);
  });

  it("lets the label win over the annotation, as Istio's injector does", () => {
    const optOut =
      "      labels:\n        sidecar.istio.io/inject: 'no'\n      annotations:\n        sidecar.istio.io/inject: 'true'\n";
    expect(ruleHits(deployment(optOut), id)).toEqual([
      '8:9 Pods of Deployment/web opt out of the Istio sidecar (sidecar.istio.io/inject: "no").',
    ]);
    const optIn =
      "      labels:\n        sidecar.istio.io/inject: 'true'\n      annotations:\n        sidecar.istio.io/inject: 'false'\n";
    expect(ruleHits(deployment(optIn), id)).toEqual([]);
  });

  it("reads an unquoted false (a YAML boolean) as an opt-out too, on a bare Pod", () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels:
    sidecar.istio.io/inject: false
spec: {containers: []}
`;
    expect(ruleHits(pod, id)).toEqual([
      '6:5 Pods of Pod/debug opt out of the Istio sidecar (sidecar.istio.io/inject: "false").',
    ]);
  });

  it("passes values that inject and pods without the switch", () => {
    expect(ruleHits(deployment("      annotations: {sidecar.istio.io/inject: 'TRUE'}\n"), id)).toEqual([]);
    expect(ruleHits(deployment("      labels: {app: web}\n"), id)).toEqual([]);
  });

  it("flags a Namespace whose istio-injection label is not enabled, at the label", () => {
    expect(ruleHits(namespace("shop", "  labels:\n    istio-injection: disabled\n"), id)).toEqual([
      "6:5 Namespace label istio-injection=disabled turns sidecar injection off for every pod in it.",
    ]);
    expect(ruleHits(namespace("shop", "  labels:\n    istio-injection: enabled\n"), id)).toEqual([]);
    expect(ruleHits(namespace("shop", ""), id)).toEqual([]);
  });
});

describe("istio-namespace-injection-not-enabled", () => {
  const id = "istio-namespace-injection-not-enabled";
  const peer =
    "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default}\nspec: {}\n---\n";
  const message = (name: string) =>
    `Namespace "${name}" has no Istio injection, revision or ambient label: its pods run outside the mesh.`;

  it("flags unenrolled namespaces once the manifests use Istio", () => {
    const yaml = `${peer}${namespace("shop", "  labels:\n    team: a\n")}---\n${namespace("bare", "")}`;
    expect(ruleHits(yaml, id)).toEqual([`10:3 ${message("shop")}`, `15:1 ${message("bare")}`]);
  });

  it("takes an enrolled Namespace as the sign that Istio is in use", () => {
    const yaml = `${namespace("mesh", "  labels: {istio.io/rev: 1-22}\n")}---\n${namespace("shop", "")}`;
    expect(ruleHits(yaml, id)).toEqual([`9:1 ${message("shop")}`]);
  });

  it("passes injection, revision and ambient labels, system namespaces and an explicit opt-out", () => {
    const yaml = [
      peer,
      namespace("a", "  labels: {istio-injection: enabled}\n"),
      namespace("b", "  labels: {istio.io/rev: canary}\n"),
      namespace("c", "  labels: {istio.io/dataplane-mode: ambient}\n"),
      namespace("kube-system", ""),
      namespace("d", "  labels: {istio-injection: disabled}\n"),
    ].join("---\n");
    expect(ruleHits(yaml, id)).toEqual([]);
  });

  it("stays quiet when nothing in the manifests uses Istio", () => {
    expect(ruleHits(namespace("shop", ""), id)).toEqual([]);
  });
});

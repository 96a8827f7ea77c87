import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

describe("service-exposed-outside-cluster", () => {
  const id = "service-exposed-outside-cluster";
  const service = (spec: string) => `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
${spec}`;

  it("flags NodePort at spec.type", () => {
    expect(ruleHits(service("  type: NodePort\n"), id)).toEqual([
      "6:3 Service type NodePort opens its ports on every node of the cluster.",
    ]);
  });

  it("flags LoadBalancer, saying whether source ranges restrict it", () => {
    expect(ruleHits(service("  type: LoadBalancer\n"), id)).toEqual([
      "6:3 Service type LoadBalancer exposes its ports on an external load balancer reachable from any address (no loadBalancerSourceRanges).",
    ]);
    expect(ruleHits(service("  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]\n"), id)).toEqual(
      ["6:3 Service type LoadBalancer exposes its ports on an external load balancer."],
    );
  });

  it("passes ClusterIP, the default type and a Service-named custom resource", () => {
    expect(ruleHits(service("  type: ClusterIP\n"), id)).toEqual([]);
    expect(ruleHits(service(""), id)).toEqual([]);
    const custom =
      "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: k}\nspec: {type: NodePort}\n";
    expect(ruleHits(custom, id)).toEqual([]);
  });
});

describe("ingress-without-tls", () => {
  const id = "ingress-without-tls";
  const ingress = (tls: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
  - host: api.example.com
  - http: {}
${tls}`;

  it("flags an Ingress without spec.tls at spec, and an empty tls list at the list", () => {
    expect(ruleHits(ingress(""), id)).toEqual([
      "4:1 Ingress has no TLS: all of its hosts are served over plain HTTP.",
    ]);
    expect(ruleHits(ingress("  tls: []\n"), id)).toEqual([
      "12:3 Ingress has no TLS: all of its hosts are served over plain HTTP.",
    ]);
  });

  it("flags each host that no TLS entry covers, at the rule's host", () => {
    const tls = "  tls:\n  - hosts: [shop.example.com]\n    secretName: shop-cert\n";
    expect(ruleHits(ingress(tls), id)).toEqual([
      '10:5 Host "api.example.com" has no TLS entry: it is served over plain HTTP.',
    ]);
  });

  it("matches wildcard certificates one label deep only", () => {
    const tls = "  tls:\n  - hosts: ['*.example.com']\n";
    expect(ruleHits(ingress(tls), id)).toEqual([]);
    const deeper = `apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: web}
spec:
  rules:
  - host: a.b.example.com
  tls:
  - hosts: ["*.example.com"]
`;
    expect(ruleHits(deeper, id)).toEqual([
      '6:5 Host "a.b.example.com" has no TLS entry: it is served over plain HTTP.',
    ]);
  });

  it("passes when every host is covered, or a TLS entry without hosts uses the default certificate", () => {
    expect(ruleHits(ingress("  tls:\n  - hosts: [shop.example.com, API.example.com]\n"), id)).toEqual([]);
    expect(ruleHits(ingress("  tls:\n  - secretName: default-cert\n"), id)).toEqual([]);
  });
});

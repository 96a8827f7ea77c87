import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

describe("istio-mtls-not-strict", () => {
  const id = "istio-mtls-not-strict";
  const peer = (
    namespace: string,
    spec: string,
    apiVersion = "security.istio.io/v1",
  ) => `apiVersion: ${apiVersion}
kind: PeerAuthentication
metadata:
  name: default
  namespace: ${namespace}
spec:
${spec}`;

  it("flags PERMISSIVE and DISABLE at spec.mtls.mode, in any API version", () => {
    expect(ruleHits(peer("shop", "  mtls:\n    mode: PERMISSIVE\n"), id)).toEqual([
      "8:5 mTLS mode PERMISSIVE accepts plaintext as well as mutual TLS.",
    ]);
    expect(ruleHits(peer("shop", "  mtls: {mode: DISABLE}\n", "security.istio.io/v1beta1"), id)).toEqual([
      "7:10 mTLS mode DISABLE turns mutual TLS off: traffic arrives in plaintext, with no peer identity.",
    ]);
  });

  it("flags weak port-level modes, also under a STRICT policy", () => {
    const spec = `  selector:
    matchLabels: {app: web}
  mtls:
    mode: STRICT
  portLevelMtls:
    8080:
      mode: PERMISSIVE
    9090:
      mode: STRICT
    "15020":
      mode: DISABLE
`;
    expect(ruleHits(peer("shop", spec), id)).toEqual([
      "13:7 mTLS mode PERMISSIVE on port 8080 accepts plaintext as well as mutual TLS.",
      "17:7 mTLS mode DISABLE on port 15020 turns mutual TLS off: traffic arrives in plaintext, with no peer identity.",
    ]);
  });

  it("flags an unset mode only on the mesh-wide policy, where it means Istio's PERMISSIVE default", () => {
    const message =
      "The mesh-wide PeerAuthentication leaves the mTLS mode unset, so Istio's default applies: PERMISSIVE, which accepts plaintext.";
    expect(ruleHits(peer("istio-system", "  mtls: {mode: UNSET}\n"), id)).toEqual([`7:10 ${message}`]);
    expect(ruleHits(peer("istio-system", "  {}\n"), id)).toEqual([`6:1 ${message}`]);
    // Namespace and workload policies that leave it unset inherit from the mesh-wide one.
    expect(ruleHits(peer("shop", "  mtls: {mode: UNSET}\n"), id)).toEqual([]);
    expect(ruleHits(peer("istio-system", "  selector: {matchLabels: {app: x}}\n"), id)).toEqual([]);
  });

  it("does not take names of Object.prototype members for modes", () => {
    const spec = "  mtls: {mode: toString}\n  portLevelMtls:\n    8080: {mode: constructor}\n";
    expect(ruleHits(peer("shop", spec), id)).toEqual([]);
  });

  it("passes STRICT, and objects of the same kind in another API group", () => {
    expect(ruleHits(peer("istio-system", "  mtls: {mode: STRICT}\n"), id)).toEqual([]);
    expect(ruleHits(peer("shop", "  mtls: {mode: PERMISSIVE}\n", "example.com/v1"), id)).toEqual([]);
  });
});

describe("istio-destination-rule-tls-not-mutual", () => {
  const id = "istio-destination-rule-tls-not-mutual";
  const rule = (host: string, trafficPolicy: string) => `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: dr, namespace: shop}
spec:
  host: ${host}
  trafficPolicy:
${trafficPolicy}`;

  it("flags DISABLE and SIMPLE toward a Kubernetes service, at tls.mode", () => {
    expect(ruleHits(rule("reviews", "    tls:\n      mode: DISABLE\n"), id)).toEqual([
      '8:7 TLS mode DISABLE sends plaintext to mesh host "reviews"; use ISTIO_MUTUAL.',
    ]);
    expect(ruleHits(rule("reviews.shop.svc.cluster.local", "    tls:\n      mode: SIMPLE\n"), id)).toEqual([
      '8:7 TLS mode SIMPLE uses one-way TLS, without the client\'s workload identity, toward mesh host "reviews.shop.svc.cluster.local"; use ISTIO_MUTUAL.',
    ]);
  });

  it("treats a tls block without mode as DISABLE, pointing at the block", () => {
    expect(ruleHits(rule('"*.local"', "    tls:\n      sni: reviews\n"), id)).toEqual([
      '7:5 TLS mode DISABLE (no mode: it defaults to DISABLE) sends plaintext to mesh host "*.local"; use ISTIO_MUTUAL.',
    ]);
  });

  it("checks portLevelSettings and subsets", () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec:
  host: ratings.shop.svc
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
    portLevelSettings:
    - port: {number: 9080}
      tls:
        mode: DISABLE
  subsets:
  - name: v2
    trafficPolicy:
      tls:
        mode: SIMPLE
`;
    expect(ruleHits(yaml, id).map((hit) => hit.replace(/ (sends|uses).*/, ""))).toEqual([
      "11:9 TLS mode DISABLE (port 9080)",
      "16:9 TLS mode SIMPLE (subset v2)",
    ]);
  });

  it("leaves hosts outside the mesh alone: external FQDNs and MESH_EXTERNAL ServiceEntry hosts", () => {
    expect(ruleHits(rule("api.stripe.com", "    tls: {mode: SIMPLE}\n"), id)).toEqual([]);
    const entry = (location: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: legacy, namespace: shop}
spec:
  hosts: ["*.legacy.svc"]
  location: ${location}
---
`;
    const simpleToLegacy = rule("db.legacy.svc", "    tls: {mode: SIMPLE}\n");
    expect(ruleHits(entry("MESH_EXTERNAL") + simpleToLegacy, id)).toEqual([]);
    // A MESH_INTERNAL entry puts even an FQDN in the mesh.
    expect(
      ruleHits(entry("MESH_INTERNAL") + rule("vm.legacy.svc", "    tls: {mode: DISABLE}\n"), id),
    ).toEqual(['14:11 TLS mode DISABLE sends plaintext to mesh host "vm.legacy.svc"; use ISTIO_MUTUAL.']);
  });

  it("passes ISTIO_MUTUAL, MUTUAL and no tls at all (automatic mTLS)", () => {
    expect(ruleHits(rule("reviews", "    tls: {mode: ISTIO_MUTUAL}\n"), id)).toEqual([]);
    expect(ruleHits(rule("reviews", "    tls: {mode: MUTUAL, credentialName: c}\n"), id)).toEqual([]);
    expect(ruleHits(rule("reviews", "    loadBalancer: {simple: ROUND_ROBIN}\n"), id)).toEqual([]);
  });
});

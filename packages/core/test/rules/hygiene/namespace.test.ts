import { describe, expect, it } from "vitest";
import { ruleHits } from "../../helpers/validate.js";

describe("default-namespace", () => {
  it("flags an explicit namespace: default at the field, on a StatefulSet and a Service", () => {
    const yaml = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: default
spec:
  template:
    spec:
      containers: [{name: db}]
---
apiVersion: v1
kind: Service
metadata:
  namespace: default
  name: db
`;
    expect(ruleHits(yaml, "default-namespace")).toEqual([
      '5:3 StatefulSet "db" is in the default namespace.',
      '14:3 Service "db" is in the default namespace.',
    ]);
  });

  it("passes other namespaces, objects without one, and cluster-scoped kinds", () => {
    const yaml = `apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: c, namespace: default}
`;
    expect(ruleHits(yaml, "default-namespace")).toEqual([]);
  });
});

describe("missing-namespace", () => {
  it("flags a namespaced object without a namespace, at its metadata", () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec: {}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Secret
metadata: {name: s, namespace: shop}
`;
    expect(ruleHits(yaml, "missing-namespace")).toEqual(['3:1 Deployment "web" names no namespace.']);
  });

  it("is opt-in: the recommended profile does not run it", () => {
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n";
    expect(ruleHits(yaml, "missing-namespace", { profile: "recommended" })).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { findingsOf, ruleHits } from "../../helpers/validate.js";

const deployment = (
  name: string,
  namespace: string | undefined,
  labels = `app: ${name}`,
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ""}spec:
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
      - name: app
        image: nginx
`;

const policy = (namespace: string | undefined, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
${namespace ? `  namespace: ${namespace}\n` : ""}spec:
${spec}`;

const stream = (...docs: string[]) => docs.join("---\n");

describe("namespace-without-network-policy", () => {
  const id = "namespace-without-network-policy";

  it("reports a namespace once, on its first workload's metadata.namespace", () => {
    const yaml = stream(
      deployment("web", "shop"),
      deployment("api", "shop"),
      deployment("worker", "shop"),
      deployment("db", "shop"),
    );
    expect(ruleHits(yaml, id)).toEqual([
      '5:3 No NetworkPolicy in namespace "shop": the pods of Deployment/web, Deployment/api, Deployment/worker and 1 more accept traffic from anywhere in the cluster.',
    ]);
  });

  it("groups manifests without a namespace together, reported at metadata", () => {
    const yaml = stream(deployment("web", undefined), deployment("api", undefined));
    expect(ruleHits(yaml, id)).toEqual([
      "3:1 No NetworkPolicy in the namespace these manifests are applied to (they set no metadata.namespace): the pods of Deployment/web and Deployment/api accept traffic from anywhere in the cluster.",
    ]);
  });

  it("does not let a policy of another namespace (or of no namespace) count", () => {
    const yaml = stream(
      policy(undefined, "  podSelector: {}\n"),
      deployment("web", "shop"),
      policy("default", "  podSelector: {}\n"),
    );
    expect(ruleHits(yaml, id)).toEqual([
      '12:3 No NetworkPolicy in namespace "shop": the pods of Deployment/web accept traffic from anywhere in the cluster.',
    ]);
  });

  it("reads objects inside a List, and reports at the item", () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: db, namespace: data}
  spec: {template: {spec: {containers: []}}}
- apiVersion: batch/v1
  kind: Job
  metadata:
    name: backup
    namespace: jobs
  spec: {template: {spec: {containers: []}}}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: np, namespace: data}
  spec: {podSelector: {}}
`;
    expect(ruleHits(list, id)).toEqual([
      '12:5 No NetworkPolicy in namespace "jobs": the pods of Job/backup accept traffic from anywhere in the cluster.',
    ]);
  });

  it("passes a namespace that has a NetworkPolicy, and objects that are not workloads", () => {
    const service = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: other}\nspec: {}\n";
    const yaml = stream(
      deployment("web", "shop"),
      policy("shop", "  podSelector: {matchLabels: {app: web}}\n"),
      service,
    );
    expect(ruleHits(yaml, id)).toEqual([]);
  });
});

describe("workload-not-selected-by-network-policy", () => {
  const id = "workload-not-selected-by-network-policy";

  it("flags a workload whose pod labels match no policy in its namespace, at the template labels", () => {
    const yaml = stream(
      policy("shop", "  podSelector:\n    matchLabels: {app: web}\n"),
      deployment("web", "shop"),
      deployment("api", "shop"),
    );
    expect(ruleHits(yaml, id)).toEqual([
      '32:7 No NetworkPolicy in namespace "shop" selects the pods of Deployment/api for ingress; they accept traffic from anywhere in the cluster.',
    ]);
  });

  it("honours matchExpressions (In, NotIn, Exists, DoesNotExist)", () => {
    const expressions = `  podSelector:
    matchExpressions:
    - {key: tier, operator: In, values: [front, back]}
    - {key: legacy, operator: DoesNotExist}
    - {key: app, operator: Exists}
    - {key: team, operator: NotIn, values: [ops]}
`;
    const yaml = stream(
      policy("shop", expressions),
      deployment("front", "shop", "app: a, tier: front"),
      deployment("legacy", "shop", "app: b, tier: back, legacy: 'yes'"),
      deployment("ops", "shop", "app: c, tier: back, team: ops"),
      deployment("nolabel", "shop", "tier: back"),
    );
    expect(ruleHits(yaml, id).map((hit) => hit.replace(/;.*/, ""))).toEqual([
      '36:7 No NetworkPolicy in namespace "shop" selects the pods of Deployment/legacy for ingress',
      '50:7 No NetworkPolicy in namespace "shop" selects the pods of Deployment/ops for ingress',
      '64:7 No NetworkPolicy in namespace "shop" selects the pods of Deployment/nolabel for ingress',
    ]);
  });

  it("reads the pod labels of a CronJob's job template and of a bare Pod", () => {
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: nightly}
        spec: {containers: [{name: c, image: busybox}]}
`;
    const pod =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: debug, namespace: shop, labels: {app: web}}\nspec: {containers: []}\n";
    const yaml = stream(policy("shop", "  podSelector: {matchLabels: {app: web}}\n"), cronJob, pod);
    expect(ruleHits(yaml, id)).toEqual([
      '18:11 No NetworkPolicy in namespace "shop" selects the pods of CronJob/nightly for ingress; they accept traffic from anywhere in the cluster.',
    ]);
  });

  it("passes when an empty podSelector (or an absent one) selects every pod", () => {
    expect(ruleHits(stream(policy("shop", "  podSelector: {}\n"), deployment("web", "shop")), id)).toEqual(
      [],
    );
    expect(
      ruleHits(stream(policy("shop", "  policyTypes: [Ingress]\n"), deployment("web", "shop")), id),
    ).toEqual([]);
  });

  it("does not count a policy that only isolates egress: the pods still accept any ingress", () => {
    const egressOnly = "  podSelector: {}\n  policyTypes: [Egress]\n";
    expect(ruleHits(stream(policy("shop", egressOnly), deployment("web", "shop")), id)).toEqual([
      '18:7 No NetworkPolicy in namespace "shop" selects the pods of Deployment/web for ingress; they accept traffic from anywhere in the cluster.',
    ]);
    const both = "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";
    expect(ruleHits(stream(policy("shop", both), deployment("web", "shop")), id)).toEqual([]);
  });

  it("leaves namespaces without any policy to namespace-without-network-policy", () => {
    expect(ruleHits(deployment("web", "shop"), id)).toEqual([]);
  });
});

describe("namespace-without-default-deny-egress", () => {
  const id = "namespace-without-default-deny-egress";
  const denied = (spec: string) => ruleHits(stream(deployment("web", "shop"), policy("shop", spec)), id);
  const message =
    '5:3 No NetworkPolicy in namespace "shop" denies egress by default: its pods can connect to any address.';

  it("reports a namespace without any policy, and one with only ingress policies", () => {
    expect(ruleHits(deployment("web", "shop"), id)).toEqual([message]);
    expect(denied("  podSelector: {}\n  policyTypes: [Ingress]\n")).toEqual([message]);
  });

  it("does not count egress: [] without policyTypes (the API server defaults it to Ingress only)", () => {
    expect(denied("  podSelector: {}\n  egress: []\n")).toEqual([message]);
  });

  it("does not count a policy that selects only some pods", () => {
    expect(denied("  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n")).toEqual([message]);
  });

  it("does not count an egress rule that allows everything again", () => {
    expect(denied("  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - {}\n")).toEqual([message]);
    expect(denied("  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 0.0.0.0/0}\n")).toEqual([
      message,
    ]);
  });

  it("passes the explicit default-deny, with absent or empty egress", () => {
    expect(denied("  podSelector: {}\n  policyTypes: [Egress]\n")).toEqual([]);
    expect(denied("  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: []\n")).toEqual([]);
  });

  it("passes a default-deny that lets only DNS (or named destinations) through", () => {
    const dns =
      "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 53, protocol: UDP}]\n";
    expect(denied(dns)).toEqual([]);
    // Egress inferred from a non-empty egress list, limited to an address range.
    expect(denied("  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/8}\n")).toEqual([]);
  });
});

describe("namespace-wide findings", () => {
  const ids = ["namespace-without-network-policy", "namespace-without-default-deny-egress"];
  const nsFindings = (yaml: string) =>
    findingsOf(yaml, { profile: "all" }).filter((f) => ids.includes(f.ruleId));
  const ignored = (name: string) =>
    deployment(name, "shop").replace(
      `  name: ${name}\n`,
      `  name: ${name}\n  annotations: {bulwark.dev/ignore: "*"}\n`,
    );

  it("are not hidden by one workload's inline suppression while another workload of the namespace is exposed", () => {
    const findings = nsFindings(stream(ignored("legacy"), deployment("web", "shop")));
    expect(findings.map((f) => [f.ruleId, f.object?.name, f.suppressed?.kind])).toEqual([
      ["namespace-without-network-policy", "web", undefined],
      ["namespace-without-default-deny-egress", "web", undefined],
    ]);
  });

  it("are suppressed when every workload of the namespace ignores the rule", () => {
    const findings = nsFindings(stream(ignored("legacy"), ignored("old")));
    expect(findings.map((f) => f.suppressed?.kind)).toEqual(["inline", "inline"]);
  });

  it("are not hidden by a config exemption of one workload while another workload of the namespace is exposed", () => {
    const exemptions = [
      { rules: ids, objects: [{ kind: "Deployment", name: "legacy" }], reason: "decommissioned next sprint" },
    ];
    const findings = findingsOf(stream(deployment("legacy", "shop"), deployment("web", "shop")), {
      profile: "all",
      exemptions,
    }).filter((f) => ids.includes(f.ruleId));
    expect(findings.map((f) => [f.ruleId, f.object?.name, f.suppressed?.kind])).toEqual([
      ["namespace-without-network-policy", "web", undefined],
      ["namespace-without-default-deny-egress", "web", undefined],
    ]);
  });

  it("are suppressed by config exemptions that cover every workload of the namespace, or the namespace", () => {
    const workloads = stream(deployment("legacy", "shop"), deployment("old", "shop"));
    const suppressedBy = (objects: { kind?: string; namespace?: string; name?: string }[]) =>
      findingsOf(workloads, { profile: "all", exemptions: [{ rules: ids, objects, reason: "r" }] })
        .filter((f) => ids.includes(f.ruleId))
        .map((f) => [f.object?.name, f.suppressed?.kind]);
    expect(suppressedBy([{ name: "legacy" }, { name: "old" }])).toEqual([
      ["legacy", "config"],
      ["legacy", "config"],
    ]);
    expect(suppressedBy([{ namespace: "shop" }])).toEqual([
      ["legacy", "config"],
      ["legacy", "config"],
    ]);
    expect(suppressedBy([{ name: "old" }])).toEqual([
      ["legacy", undefined],
      ["legacy", undefined],
    ]);
  });

  it("count inline and config exemptions together, and exemptions by path", () => {
    const mixed = findingsOf(stream(ignored("legacy"), deployment("old", "shop")), {
      profile: "all",
      exemptions: [{ rules: ids, objects: [{ name: "old" }], reason: "r" }],
    }).filter((f) => ids.includes(f.ruleId));
    expect(mixed.map((f) => f.suppressed?.kind)).toEqual(["inline", "inline"]);
    const byPath = findingsOf(stream(deployment("web", "shop")), {
      profile: "all",
      exemptions: [{ rules: ids, paths: ["test.yaml"], reason: "r" }],
    }).filter((f) => ids.includes(f.ruleId));
    expect(byPath.map((f) => f.suppressed?.kind)).toEqual(["config", "config"]);
  });

  it("keep their fingerprints when a workload is added in front (the finding is about the namespace)", () => {
    const before = nsFindings(stream(deployment("web", "shop"))).map((f) => f.fingerprint);
    const after = nsFindings(stream(deployment("api", "shop"), deployment("web", "shop"))).map(
      (f) => f.fingerprint,
    );
    expect(before).toHaveLength(2);
    expect(after).toEqual(before);
  });
});

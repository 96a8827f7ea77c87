import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../src/config/types.js";
import { validateManifests } from "../src/engine.js";
import { TODAY } from "./helpers/validate.js";

/**
 * Manifests the API server would reject can still parse: a rule must report or ignore a field of the
 * wrong shape, never throw (one exception would lose every finding of the run). Each object of a
 * corpus that exercises every rule family has each of its fields replaced, one at a time, by values of
 * every other shape; the corpus is validated with every rule on, at the latest and the oldest version.
 */
const corpus: Record<string, unknown>[] = [
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "shop",
      labels: { app: "web" },
      annotations: { "bulwark.dev/ignore": "missing-cpu-limits", "sidecar.istio.io/inject": "true" },
    },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: {
          labels: { app: "web", "sidecar.istio.io/inject": "false" },
          annotations: {
            "seccomp.security.alpha.kubernetes.io/pod": "unconfined",
            "container.apparmor.security.beta.kubernetes.io/app": "unconfined",
          },
        },
        spec: {
          serviceAccountName: "web",
          automountServiceAccountToken: true,
          hostNetwork: true,
          hostUsers: false,
          os: { name: "linux" },
          securityContext: {
            runAsNonRoot: false,
            runAsUser: 0,
            seccompProfile: { type: "Unconfined" },
            seLinuxOptions: { type: "spc_t", user: "u", role: "r" },
            sysctls: [{ name: "kernel.msgmax", value: "1" }],
            windowsOptions: { hostProcess: true },
            appArmorProfile: { type: "Unconfined" },
          },
          volumes: [
            { name: "sock", hostPath: { path: "/var/run/docker.sock" } },
            { name: "nfs", nfs: { server: "s", path: "/" } },
          ],
          initContainers: [{ name: "init", image: "busybox", restartPolicy: "Always" }],
          containers: [
            {
              name: "app",
              image: "registry.example:5000/web:latest",
              imagePullPolicy: "IfNotPresent",
              ports: [{ containerPort: 80, hostPort: 8080 }],
              env: [
                { name: "DB_PASSWORD", value: "hunter2" },
                { name: "URL", value: "https://u:p@example.com" },
              ],
              resources: { requests: { cpu: "100m" }, limits: { memory: "1Gi" } },
              livenessProbe: { httpGet: { host: "10.0.0.1", port: 80 } },
              lifecycle: { preStop: { tcpSocket: { host: "h", port: 1 } } },
              volumeMounts: [{ name: "sock", mountPath: "/s" }],
              securityContext: {
                privileged: true,
                allowPrivilegeEscalation: true,
                procMount: "Unmasked",
                capabilities: { add: ["SYS_ADMIN", "NET_BIND_SERVICE"], drop: ["NET_RAW"] },
              },
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "nightly", namespace: "default" },
    spec: {
      schedule: "@daily",
      jobTemplate: {
        spec: {
          template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "x" }] } },
        },
      },
    },
  },
  { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "web", namespace: "shop" } },
  {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "shop", labels: { "istio-injection": "disabled" } },
  },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "shop" },
    spec: { type: "LoadBalancer", selector: { app: "web" }, ports: [{ port: 80, nodePort: 30080 }] },
  },
  {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "web", namespace: "shop" },
    spec: {
      tls: [{ hosts: ["a.example"], secretName: "tls" }],
      rules: [{ host: "b.example", http: { paths: [{ path: "/", backend: { service: { name: "web" } } }] } }],
    },
  },
  {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "deny", namespace: "shop" },
    spec: {
      podSelector: {
        matchLabels: { app: "web" },
        matchExpressions: [{ key: "a", operator: "In", values: ["b"] }],
      },
      policyTypes: ["Ingress", "Egress"],
      egress: [{ to: [{ podSelector: {} }] }],
    },
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "power" },
    rules: [
      { apiGroups: ["*"], resources: ["secrets", "pods/exec"], verbs: ["get", "create", "escalate"] },
      { apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["a"] },
    ],
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: "b" } }] },
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "reader", namespace: "shop" },
    rules: [{ apiGroups: [""], resources: ["pods", "pods/portforward"], verbs: ["*"] }],
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "admins" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: [
      { kind: "Group", name: "system:masters", apiGroup: "rbac.authorization.k8s.io" },
      { kind: "User", name: "system:anonymous" },
      { kind: "ServiceAccount", name: "web", namespace: "shop" },
    ],
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "readers", namespace: "shop" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "power" },
    subjects: [{ kind: "Group", name: "system:authenticated" }],
  },
  {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace: "shop" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      mtls: { mode: "PERMISSIVE" },
      portLevelMtls: { 80: { mode: "DISABLE" } },
    },
  },
  {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name: "web", namespace: "shop" },
    spec: {
      host: "web.shop.svc.cluster.local",
      trafficPolicy: {
        tls: { mode: "DISABLE" },
        portLevelSettings: [{ port: { number: 80 }, tls: { mode: "SIMPLE" } }],
      },
      subsets: [{ name: "v1", trafficPolicy: { tls: { mode: "DISABLE" } } }],
    },
  },
  {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: "allow", namespace: "shop" },
    spec: { action: "ALLOW", selector: { matchLabels: { app: "web" } }, rules: [{}] },
  },
  {
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: { name: "jwt", namespace: "shop" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      targetRefs: [{ kind: "Gateway", name: "gw" }],
      jwtRules: [{ issuer: "https://issuer.example" }],
    },
  },
  { apiVersion: "extensions/v1beta1", kind: "PodSecurityPolicy", metadata: { name: "old" }, spec: {} },
];

/** Values of every shape a field can take in YAML. */
const SHAPES: unknown[] = [
  null,
  "x",
  "",
  0,
  1,
  -1,
  1.5,
  true,
  false,
  [],
  {},
  [null],
  ["x"],
  [1],
  [[]],
  { a: null },
];

type Json = unknown;

/** Every path to a value inside `value`, the root excluded. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : typeof value === "object" && value !== null
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function replaced(value: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [key, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    Json
  >;
  copy[key!] = replaced(copy[key!], rest, replacement);
  return copy;
}

function validateAll(objects: Json[], pssVersion: string) {
  // JSON is YAML: one document per object.
  const text = objects.map((o) => JSON.stringify(o)).join("\n---\n");
  return validateManifests({
    files: [{ path: "shapes.yaml", text }],
    config: { ...DEFAULT_CONFIG, profile: "all", pssVersion },
    today: TODAY,
  });
}

describe("objects of unexpected shapes", () => {
  it("the unmutated corpus is valid enough to trigger rules of every family", () => {
    const families = new Set(validateAll(corpus, "latest").findings.map((f) => f.ruleId.split("-")[0]));
    expect(families.size).toBeGreaterThan(5);
  });

  for (const version of ["latest", "v1.0"]) {
    // About two hundred full validations: slow for a unit test, hence the generous timeout.
    it(`never make a rule throw (pss-version ${version})`, { timeout: 120_000 }, () => {
      const failures: string[] = [];
      corpus.forEach((object, index) => {
        for (const path of pathsOf(object)) {
          // Every shape of this field at once, next to the rest of the corpus: one run per field.
          const objects = [
            ...corpus.filter((_, i) => i !== index),
            ...SHAPES.map((s) => replaced(object, path, s)),
          ];
          try {
            validateAll(objects, version);
          } catch (error) {
            failures.push(`${object.kind}.${path.join(".")}: ${String(error)}`);
          }
        }
      });
      expect(failures).toEqual([]);
    });
  }

  it("never throw on a null metadata, a List with null or scalar items, or top-level scalars", () => {
    const texts = [
      "apiVersion: v1\nkind: Pod\nmetadata: null\nspec: {containers: [{name: c, image: x}]}\n",
      "apiVersion: v1\nkind: List\nitems: [null, 1, x, [], {kind: Pod}, {apiVersion: v1, kind: Pod, metadata: null}]\n",
      "apiVersion: v1\nkind: List\nitems: null\n",
      "apiVersion: v1\nkind: PodList\nitems: {a: b}\n",
      "apiVersion: v1\nkind: Pod\nspec: {containers: x, initContainers: [null, 1], volumes: x}\n",
      "apiVersion: v1\nkind: Pod\nspec: {securityContext: [], containers: [{securityContext: []}]}\n",
      "apiVersion: 1\nkind: true\n",
      "- a\n- b\n",
      "42\n",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: 1, namespace: [], annotations: [], labels: x}\n",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {metadata: null, spec: null}}\n",
      // Names of Object.prototype's members, which a lookup in an object literal would find.
      ...["toString", "constructor", "__proto__", "hasOwnProperty"].map(
        (kind) =>
          `apiVersion: v1\nkind: ${kind}\nmetadata: {name: x, namespace: n}\nspec: {containers: []}\n`,
      ),
    ];
    for (const version of ["latest", "v1.0"]) {
      for (const text of texts) {
        expect(() =>
          validateManifests({
            files: [{ path: "odd.yaml", text }],
            config: { ...DEFAULT_CONFIG, profile: "all", pssVersion: version },
            today: TODAY,
          }),
        ).not.toThrow();
      }
    }
  });
});

// Generates a deterministic corpus of workload manifests for the benchmark: a mix of kinds, most of
// them hardened to pass the recommended profile, one in `unsafeEvery` with the mistakes teams make.

const KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];

function podSpec(i, hardened) {
  const security = hardened
    ? `      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        runAsNonRoot: true
        runAsUser: 10001
        capabilities:
          drop: ["ALL"]
        seccompProfile:
          type: RuntimeDefault`
    : `      securityContext:
        privileged: ${i % 3 === 0}
        capabilities:
          add: ["NET_ADMIN"]`;
  const image = hardened
    ? `registry.example.com/team/app-${i % 50}:1.${i % 9}.0@sha256:${"a".repeat(64)}`
    : `nginx:latest`;
  return `  serviceAccountName: app-${i % 20}
  automountServiceAccountToken: false
  containers:
    - name: app
      image: ${image}
      imagePullPolicy: IfNotPresent
      ports:
        - containerPort: 8080
          name: http
      env:
        - name: LOG_LEVEL
          value: info
        - name: REGION
          value: eu-west-${i % 3}
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
        limits:
          cpu: 500m
          memory: 256Mi
      livenessProbe:
        httpGet: {path: /healthz, port: http}
      readinessProbe:
        httpGet: {path: /ready, port: http}
${security}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}`;
}

const indent = (text, spaces) => text.replace(/^/gm, " ".repeat(spaces));

function workload(i, unsafeEvery) {
  const kind = KINDS[i % KINDS.length];
  const hardened = i % unsafeEvery !== 0;
  const ns = `team-${i % 10}`;
  const meta = `metadata:\n  name: app-${i}\n  namespace: ${ns}\n  labels:\n    app: app-${i}\n    team: t${i % 10}`;
  const template = `metadata:\n  labels:\n    app: app-${i}\nspec:\n${podSpec(i, hardened)}\n  restartPolicy: ${kind === "Job" || kind === "CronJob" ? "OnFailure" : "Always"}`;
  switch (kind) {
    case "Pod":
      return `apiVersion: v1\nkind: Pod\n${meta}\nspec:\n${podSpec(i, hardened)}`;
    case "Job":
      return `apiVersion: batch/v1\nkind: Job\n${meta}\nspec:\n  template:\n${indent(template, 4)}`;
    case "CronJob":
      return `apiVersion: batch/v1\nkind: CronJob\n${meta}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${indent(template, 8)}`;
    default:
      return `apiVersion: apps/v1\nkind: ${kind}\n${meta}\nspec:\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n${indent(template, 4)}`;
  }
}

/** A NetworkPolicy per namespace (default deny), so the corpus looks like a governed repository. */
function namespacePolicies() {
  const docs = [];
  for (let n = 0; n < 10; n++) {
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: team-${n}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]`,
    );
  }
  return docs.join("\n---\n");
}

/** `objects` workloads in files of `perFile` documents each: [{ path, text }]. */
export function generateCorpus(objects, { unsafeEvery = 10, perFile = 50 } = {}) {
  const files = [{ path: "policies/network.yaml", text: `${namespacePolicies()}\n` }];
  for (let start = 0; start < objects; start += perFile) {
    const docs = [];
    for (let i = start; i < Math.min(objects, start + perFile); i++) docs.push(workload(i, unsafeEvery));
    files.push({
      path: `apps/part-${String(start / perFile).padStart(5, "0")}.yaml`,
      text: `${docs.join("\n---\n")}\n`,
    });
  }
  return files;
}

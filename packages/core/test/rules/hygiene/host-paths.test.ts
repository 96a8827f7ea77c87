import { describe, expect, it } from "vitest";
import { normalizeHostPath } from "../../../src/rules/hygiene/pod.js";
import { ruleHits } from "../../helpers/validate.js";

/** A Deployment whose pod mounts each host path as a volume into one container. */
const deploymentWithHostPaths = (...paths: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: agent}
spec:
  template:
    spec:
      containers:
      - name: agent
        volumeMounts:
${paths.map((_, i) => `        - {name: v${i}, mountPath: /host/${i}, readOnly: true}\n`).join("")}      volumes:
${paths.map((path, i) => `      - name: v${i}\n        hostPath:\n          path: ${path}\n`).join("")}`;

describe("normalizeHostPath", () => {
  it("resolves dot segments and removes duplicate and trailing slashes", () => {
    expect(normalizeHostPath("/var//run/./docker.sock/")).toBe("/var/run/docker.sock");
    expect(normalizeHostPath("/var/lib/../run/docker.sock")).toBe("/var/run/docker.sock");
    expect(normalizeHostPath("/")).toBe("/");
    expect(normalizeHostPath("/..")).toBe("/");
  });
});

describe("container-runtime-socket-mount", () => {
  it("flags runtime sockets, directories holding them and socket names anywhere, at the path", () => {
    const yaml = deploymentWithHostPaths(
      "/var/run/docker.sock",
      "/run/containerd",
      "/var/run/",
      "/home/ci/.local/podman/podman.sock",
      "/var/log",
    );
    expect(ruleHits(yaml, "container-runtime-socket-mount")).toEqual([
      '18:11 Volume "v0" mounts the container runtime socket "/var/run/docker.sock" from the host.',
      '21:11 Volume "v1" mounts host path "/run/containerd", which holds the container runtime socket "/run/containerd/containerd.sock".',
      '24:11 Volume "v2" mounts host path "/var/run/", which holds the container runtime socket "/var/run/docker.sock".',
      '27:11 Volume "v3" mounts the container runtime socket "/home/ci/.local/podman/podman.sock" from the host.',
    ]);
  });

  it("passes other hostPaths and other volume types", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: a}]
  volumes:
  - name: logs
    hostPath: {path: /var/log/pods}
  - name: scratch
    emptyDir: {}
`;
    expect(ruleHits(yaml, "container-runtime-socket-mount")).toEqual([]);
  });
});

describe("sensitive-host-path", () => {
  it("flags sensitive directories, their parents and paths below the secret-bearing ones, read-only or not", () => {
    const yaml = deploymentWithHostPaths("/etc", "/", "/var/lib", "/etc/kubernetes/pki", "/proc/1/root");
    expect(ruleHits(yaml, "sensitive-host-path")).toEqual([
      '18:11 Volume "v0" mounts the sensitive host path "/etc" (host configuration, including password hashes).',
      '21:11 Volume "v1" mounts host path "/", which contains "/etc" (host configuration, including password hashes).',
      `24:11 Volume "v2" mounts host path "/var/lib", which contains "/var/lib/kubelet" (the kubelet's credentials and every pod's secrets).`,
      '27:11 Volume "v3" mounts the sensitive host path "/etc/kubernetes/pki" (kubelet and control-plane credentials).',
      '30:11 Volume "v4" mounts the sensitive host path "/proc/1/root" (every process of the host, and through /proc/1/root its file system).',
    ]);
  });

  it("passes narrow paths that are commonly mounted on purpose", () => {
    const yaml = deploymentWithHostPaths(
      "/etc/ssl/certs",
      "/sys/fs/cgroup",
      "/var/lib/docker/containers",
      "/var/log",
    );
    expect(ruleHits(yaml, "sensitive-host-path")).toEqual([]);
  });
});

describe("writable-host-path", () => {
  it("flags hostPath mounts without readOnly: true in every kind of container, at the mount", () => {
    const yaml = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      initContainers:
      - name: setup
        volumeMounts:
        - name: data
          mountPath: /data
      containers:
      - name: agent
        volumeMounts:
        - name: data
          mountPath: /data
          readOnly: false
        - name: data
          mountPath: /ro
          readOnly: true
        - name: cache
          mountPath: /cache
      volumes:
      - name: data
        hostPath: {path: /srv/data}
      - name: cache
        emptyDir: {}
`;
    expect(ruleHits(yaml, "writable-host-path")).toEqual([
      '17:11 Container "agent" mounts host path "/srv/data" (volume "data") writable.',
      '10:11 Container "setup" mounts host path "/srv/data" (volume "data") writable.',
    ]);
  });

  it("passes read-only hostPath mounts", () => {
    expect(ruleHits(deploymentWithHostPaths("/srv/data"), "writable-host-path")).toEqual([]);
  });
});

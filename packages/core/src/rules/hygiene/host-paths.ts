import { containersOf } from "../../manifests/workloads.js";
import { k8sDocs, podRule } from "./define.js";
import { containsPath, type HostPathVolume, hostPathVolumes, volumeMountsOf } from "./pod.js";

const hostPathDocs = k8sDocs("hostPath volumes", "concepts/storage/volumes/#hostpath");

/** Where container runtimes put their API sockets (`/var/run` is a link to `/run` on most hosts). */
const RUNTIME_SOCKETS = [
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/var/run/containerd/containerd.sock",
  "/run/containerd/containerd.sock",
  "/run/k3s/containerd/containerd.sock",
  "/var/run/crio/crio.sock",
  "/run/crio/crio.sock",
  "/var/run/podman/podman.sock",
  "/run/podman/podman.sock",
  "/var/run/cri-dockerd.sock",
  "/run/cri-dockerd.sock",
  "/var/run/dockershim.sock",
  "/run/buildkit/buildkitd.sock",
];

/** Socket file names that give away a runtime wherever it was installed (rootless podman, snaps, ...). */
const RUNTIME_SOCKET_NAMES = new Set(RUNTIME_SOCKETS.map((path) => path.slice(path.lastIndexOf("/") + 1)));

/** The runtime socket a hostPath exposes: the socket itself, or the first one inside the mounted directory. */
function exposedSocket(volume: HostPathVolume): string | undefined {
  const name = volume.normalized.slice(volume.normalized.lastIndexOf("/") + 1);
  if (RUNTIME_SOCKET_NAMES.has(name)) return volume.normalized;
  return RUNTIME_SOCKETS.find((socket) => containsPath(volume.normalized, socket));
}

export const containerRuntimeSocketMount = podRule({
  id: "container-runtime-socket-mount",
  title: "Container runtime socket mounted from the host",
  severity: "error",
  description:
    "Whoever can talk to the container runtime's socket (Docker, containerd, CRI-O, Podman, BuildKit) can " +
    "start a privileged container on the node and so owns the node and every pod on it. A read-only mount " +
    "does not help: connecting to a socket is not a write to the file system. Reported for the socket " +
    "itself, for any file named like a runtime socket, and for directories that contain a known socket " +
    "location (`/var/run`, `/run/containerd`, `/`, ...).",
  remediation:
    "Remove the volume. Build images with a daemonless builder (BuildKit rootless, Kaniko, Buildah) and " +
    "read container metadata from the Kubernetes API or the kubelet instead.",
  references: [
    hostPathDocs,
    k8sDocs("Container runtimes", "setup/production-environment/container-runtimes/"),
  ],
  check(pod) {
    return hostPathVolumes(pod).flatMap((volume) => {
      const socket = exposedSocket(volume);
      if (!socket) return [];
      const message =
        socket === volume.normalized
          ? `Volume "${volume.name}" mounts the container runtime socket "${volume.path}" from the host.`
          : `Volume "${volume.name}" mounts host path "${volume.path}", which holds the container runtime socket "${socket}".`;
      return [{ path: volume.field, message }];
    });
  },
});

interface SensitivePath {
  path: string;
  what: string;
  /** Whether anything below the path is sensitive too, not only the directory itself. */
  subtree: boolean;
}

/**
 * Host directories whose exposure gives away the node. A mount of one of them or of a parent (which
 * contains it) is reported; below a `subtree` entry every path is. Narrower paths under the others are
 * often mounted on purpose (`/etc/ssl/certs`, `/sys/fs/cgroup`, `/var/lib/docker/containers` for logs).
 */
const SENSITIVE_PATHS: readonly SensitivePath[] = [
  { path: "/etc", what: "host configuration, including password hashes", subtree: false },
  { path: "/etc/kubernetes", what: "kubelet and control-plane credentials", subtree: true },
  {
    path: "/proc",
    what: "every process of the host, and through /proc/1/root its file system",
    subtree: true,
  },
  { path: "/sys", what: "kernel and device settings", subtree: false },
  { path: "/dev", what: "every device of the host", subtree: false },
  { path: "/boot", what: "the kernel and boot loader", subtree: true },
  { path: "/root", what: "root's home directory, with its SSH keys", subtree: true },
  { path: "/home", what: "users' home directories", subtree: false },
  { path: "/usr", what: "host programs and libraries", subtree: false },
  { path: "/lib", what: "host libraries and kernel modules", subtree: false },
  { path: "/bin", what: "host programs", subtree: false },
  { path: "/sbin", what: "host system programs", subtree: false },
  { path: "/var/lib/kubelet", what: "the kubelet's credentials and every pod's secrets", subtree: true },
  { path: "/var/lib/etcd", what: "the cluster's whole state, including all Secrets", subtree: true },
  { path: "/var/lib/docker", what: "the file systems of every container on the node", subtree: false },
  { path: "/var/lib/containerd", what: "the file systems of every container on the node", subtree: false },
];

function sensitiveMatch(normalized: string): SensitivePath | undefined {
  return SENSITIVE_PATHS.find(
    (entry) =>
      containsPath(normalized, entry.path) || (entry.subtree && normalized.startsWith(`${entry.path}/`)),
  );
}

export const sensitiveHostPath = podRule({
  id: "sensitive-host-path",
  title: "Sensitive host directory mounted",
  severity: "error",
  description:
    "Some host directories hold what the node's security rests on: credentials of the kubelet and the " +
    "control plane, other pods' secrets, the kernel's interfaces, the host's programs. A container that " +
    "can read them can impersonate the node; one that can write them can take it over. Reported for the " +
    "directories themselves and for their parents (mounting `/` exposes all of them); below " +
    "`/etc/kubernetes`, `/proc`, `/boot`, `/root`, `/var/lib/kubelet` and `/var/lib/etcd` every path is " +
    "reported. Read-only mounts are reported too: reading is often enough.",
  remediation:
    "Mount only the narrow path the workload needs, read-only, or get the data another way (a Secret, a " +
    "ConfigMap, the Kubernetes API, a CSI driver).",
  references: [hostPathDocs, k8sDocs("Pod Security Standards", "concepts/security/pod-security-standards/")],
  check(pod) {
    return hostPathVolumes(pod).flatMap((volume) => {
      const match = sensitiveMatch(volume.normalized);
      if (!match) return [];
      const message =
        match.path === volume.normalized || !containsPath(volume.normalized, match.path)
          ? `Volume "${volume.name}" mounts the sensitive host path "${volume.path}" (${match.what}).`
          : `Volume "${volume.name}" mounts host path "${volume.path}", which contains "${match.path}" (${match.what}).`;
      return [{ path: volume.field, message }];
    });
  },
});

export const writableHostPath = podRule({
  id: "writable-host-path",
  title: "hostPath volume mounted writable",
  severity: "warning",
  description:
    "A container that can write to a host directory can leave files the node or other pods trust " +
    "(binaries, configuration, logs that are parsed later) and fill the node's disk. Reported for every " +
    "mount of a hostPath volume, in any container, that does not set `readOnly: true`.",
  remediation:
    "Set `readOnly: true` on the volume mount, or use an emptyDir or a PersistentVolumeClaim for writable data.",
  references: [hostPathDocs],
  check(pod) {
    const volumes = new Map(hostPathVolumes(pod).map((volume) => [volume.name, volume]));
    if (volumes.size === 0) return [];
    return containersOf(pod).flatMap((container) =>
      volumeMountsOf(container).flatMap((mount) => {
        const volume = volumes.get(mount.name);
        if (!volume || mount.value.readOnly === true) return [];
        return [
          {
            path: [...container.path, "volumeMounts", mount.index, "readOnly"],
            message: `Container "${container.name}" mounts host path "${volume.path}" (volume "${volume.name}") writable.`,
          },
        ];
      }),
    );
  },
});

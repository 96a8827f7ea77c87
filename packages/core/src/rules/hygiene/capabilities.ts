import { containersOf, getPath } from "../../manifests/workloads.js";
import { k8sDocs, podRule } from "./define.js";

/**
 * A capability name as runtimes read it: containerd and CRI-O accept `sys_admin`, `SYS_ADMIN` and
 * `CAP_SYS_ADMIN` alike, so all of them mean SYS_ADMIN here.
 */
export function normalizeCapability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, "");
}

/** Capabilities that let a container reach beyond itself, with what each one gives away. */
const DANGEROUS_CAPABILITIES: ReadonlyMap<string, string> = new Map([
  ["ALL", "every capability, nearly a privileged container"],
  ["SYS_ADMIN", "mounts, namespaces and many kernel interfaces; the usual way out of a container"],
  ["NET_ADMIN", "control of interfaces, routes and firewall rules; the node's own with hostNetwork"],
  ["NET_RAW", "raw sockets, for spoofing and intercepting neighbours' traffic"],
  ["SYS_PTRACE", "tracing and injecting code into other processes"],
  ["SYS_MODULE", "loading kernel modules"],
  ["SYS_RAWIO", "raw I/O ports and device memory"],
  ["SYS_BOOT", "rebooting the node or loading a new kernel"],
  ["SYS_TIME", "setting the node's clock"],
  ["DAC_READ_SEARCH", "reading any file, and opening host files by handle"],
  ["BPF", "loading BPF programs into the kernel"],
  ["PERFMON", "kernel performance monitoring, which leaks kernel memory layout"],
  ["SYSLOG", "the kernel log, with kernel addresses"],
  ["MAC_ADMIN", "changing AppArmor or SELinux policy"],
  ["MAC_OVERRIDE", "bypassing AppArmor or SELinux policy"],
  ["AUDIT_CONTROL", "changing or disabling kernel auditing"],
]);

export const dangerousCapabilities = podRule({
  id: "dangerous-capabilities",
  title: "Dangerous Linux capability added",
  severity: "error",
  description:
    "Linux capabilities split root's power into pieces. Some pieces are as good as root on the node: they " +
    "reach the kernel, other processes, the network of neighbours or the security modules. Names are " +
    "compared the way container runtimes read them, ignoring case and a `CAP_` prefix. Reported for every " +
    "container, including init and ephemeral ones; dropping capabilities never triggers it.",
  remediation:
    "Remove the capability from `securityContext.capabilities.add`. Drop `ALL` and add back only what the " +
    "process needs, such as `NET_BIND_SERVICE` to listen on a low port.",
  references: [
    k8sDocs(
      "Set capabilities for a container",
      "tasks/configure-pod-container/security-context/#set-capabilities-for-a-container",
    ),
    { title: "capabilities(7)", url: "https://man7.org/linux/man-pages/man7/capabilities.7.html" },
  ],
  check(pod) {
    return containersOf(pod).flatMap((container) => {
      const added = getPath(container.value, ["securityContext", "capabilities", "add"]);
      if (!Array.isArray(added)) return [];
      return added.flatMap((name, index) => {
        if (typeof name !== "string") return [];
        const capability = normalizeCapability(name);
        const why = DANGEROUS_CAPABILITIES.get(capability);
        return why
          ? [
              {
                path: [...container.path, "securityContext", "capabilities", "add", index],
                message: `Container "${container.name}" adds capability ${capability}: ${why}.`,
              },
            ]
          : [];
      });
    });
  },
});

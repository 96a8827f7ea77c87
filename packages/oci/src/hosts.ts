import { DOCKER_HUB } from "@bulwark/core";

/** Docker Hub's API lives on another host than the name in references. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? "registry-1.docker.io" : registry;
}

/** The host without its port: `[::1]:5000` -> `[::1]`, `localhost:5000` -> `localhost`. */
export function hostname(host: string): string {
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
}

/** localhost, 127.0.0.0/8 and [::1]: traffic that never leaves the machine. */
export function isLoopback(host: string): boolean {
  const name = hostname(host).toLowerCase();
  return name === "localhost" || name === "[::1]" || /^127(\.\d{1,3}){3}$/.test(name);
}

import { getPath, isObject } from "../../manifests/workloads.js";
import type { ObjectRule, Violation } from "../types.js";
import { isKind } from "./api.js";

export const ingressWithoutTls: ObjectRule = {
  id: "ingress-without-tls",
  title: "Ingress serves hosts without TLS",
  category: "network",
  scope: "object",
  kinds: ["Ingress"],
  severity: "warning",
  description:
    "An Ingress without a `spec.tls` entry for a host serves that host over plain HTTP: credentials, cookies and data cross the network " +
    "readable and modifiable by anyone on the path. A host counts as covered when a `tls` entry lists it, lists a wildcard that matches " +
    "it (`*.example.com` covers `shop.example.com`), or lists no hosts (the controller's default certificate). Rules without a `host` " +
    "are not reported once the Ingress has TLS.",
  remediation:
    "Add a `spec.tls` entry whose `hosts` include every host of the rules, with a `secretName` holding the certificate " +
    "(or let cert-manager issue it).",
  references: [
    {
      title: "Kubernetes: Ingress TLS",
      url: "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
    },
  ],
  check(object) {
    if (!isKind(object, "Ingress", ["networking.k8s.io", "extensions"])) return [];
    const tls = getPath(object.value, ["spec", "tls"]);
    const entries = Array.isArray(tls) ? tls.filter(isObject) : [];
    if (entries.length === 0) {
      return [
        {
          path: ["spec", "tls"],
          message: "Ingress has no TLS: all of its hosts are served over plain HTTP.",
        },
      ];
    }
    const tlsHosts = new Set<string>();
    for (const entry of entries) {
      const hosts = Array.isArray(entry.hosts)
        ? entry.hosts.filter((h): h is string => typeof h === "string")
        : [];
      if (hosts.length === 0) return []; // no hosts: the controller's default certificate covers every host
      for (const host of hosts) tlsHosts.add(host.toLowerCase());
    }
    const rules = getPath(object.value, ["spec", "rules"]);
    const violations: Violation[] = [];
    (Array.isArray(rules) ? rules : []).forEach((rule, index) => {
      const host = isObject(rule) ? rule.host : undefined;
      if (typeof host !== "string" || host === "" || isCovered(tlsHosts, host)) return;
      violations.push({
        path: ["spec", "rules", index, "host"],
        message: `Host "${host}" has no TLS entry: it is served over plain HTTP.`,
        key: host,
      });
    });
    return violations;
  },
};

/** Whether a TLS host covers the rule's host: the same name, or a wildcard for one label more (`*.a.com` covers `b.a.com`). */
function isCovered(tlsHosts: ReadonlySet<string>, host: string): boolean {
  const h = host.toLowerCase();
  const dot = h.indexOf(".");
  return tlsHosts.has(h) || (dot > 0 && tlsHosts.has(`*${h.slice(dot)}`));
}

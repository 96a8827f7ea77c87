import type { FieldPath, ManifestObject } from "../../manifests/types.js";
import { isObject } from "../../manifests/workloads.js";
import type { CorpusRule, CorpusViolation } from "../types.js";
import { isIstioKind, istioDocs, listOf, NETWORKING_GROUP, specOf } from "./api.js";

export const istioDestinationRuleTlsNotMutual: CorpusRule = {
  id: "istio-destination-rule-tls-not-mutual",
  title: "DestinationRule turns Istio mutual TLS off toward a mesh service",
  category: "istio",
  scope: "corpus",
  kinds: ["DestinationRule", "ServiceEntry"],
  severity: "error",
  description:
    "Inside the mesh, sidecars use Istio mutual TLS (`ISTIO_MUTUAL`, or automatic mTLS when a DestinationRule sets no `tls`). " +
    "`tls.mode: DISABLE` makes clients send plaintext, and `SIMPLE` uses one-way TLS in which the client shows no workload identity, so " +
    "the server's authorization on peer principals cannot hold. A `tls` block without `mode` means `DISABLE`. The traffic policy of the " +
    "rule, of each subset and their `portLevelSettings` are checked. Only hosts in the mesh are reported: Kubernetes service names " +
    "(short names, `*.svc`, `*.svc.<domain>`, `*.local`, `*`) and hosts of a scanned ServiceEntry with `location: MESH_INTERNAL`. " +
    "Other FQDNs, and the hosts of MESH_EXTERNAL ServiceEntries, are outside the mesh, where `SIMPLE` TLS origination is the right choice.",
  remediation:
    "Remove the `tls` block (automatic mTLS) or set `tls.mode: ISTIO_MUTUAL`. If the host is outside the mesh, declare it in a " +
    "ServiceEntry (MESH_EXTERNAL) so the intent is explicit.",
  references: [istioDocs.destinationRuleTls, istioDocs.securityBestPractices],
  check(objects) {
    const entries = objects
      .filter((o) => isIstioKind(o, "ServiceEntry", NETWORKING_GROUP))
      .map(serviceEntryOf);
    return objects
      .filter((o) => isIstioKind(o, "DestinationRule", NETWORKING_GROUP))
      .flatMap((rule) => {
        const host = specOf(rule).host;
        return typeof host === "string" && isMeshHost(host, entries) ? weakTlsSettings(rule, host) : [];
      });
  },
};

interface ServiceEntryHosts {
  hosts: string[];
  internal: boolean;
}

function serviceEntryOf(entry: ManifestObject): ServiceEntryHosts {
  const spec = specOf(entry);
  const hosts = listOf(spec.hosts).filter((h): h is string => typeof h === "string");
  return { hosts, internal: spec.location === "MESH_INTERNAL" };
}

/** A scanned ServiceEntry decides; otherwise names that resolve to Kubernetes services are in the mesh. */
function isMeshHost(host: string, entries: readonly ServiceEntryHosts[]): boolean {
  const entry = entries.find((e) => e.hosts.some((h) => hostsOverlap(h, host)));
  if (entry) return entry.internal;
  const name = host.toLowerCase();
  return !name.includes(".") || /\.svc(\.|$)/.test(name) || name.endsWith(".local");
}

/** Istio host wildcards match any number of leading labels: `*.example.com` matches `a.b.example.com`. */
function hostsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const matches = (pattern: string, host: string) =>
    pattern.startsWith("*") && host.endsWith(pattern.slice(1));
  return x === y || matches(x, y) || matches(y, x);
}

/** Every traffic policy of the rule (its own and each subset's) with where it sits and what it applies to. */
function trafficPolicies(rule: ManifestObject): { path: FieldPath; policy: unknown; where: string }[] {
  const spec = specOf(rule);
  const policies = [{ path: ["spec", "trafficPolicy"] as FieldPath, policy: spec.trafficPolicy, where: "" }];
  listOf(spec.subsets).forEach((subset, index) => {
    if (!isObject(subset)) return;
    const name = typeof subset.name === "string" ? subset.name : `#${index}`;
    policies.push({
      path: ["spec", "subsets", index, "trafficPolicy"],
      policy: subset.trafficPolicy,
      where: ` (subset ${name})`,
    });
  });
  return policies;
}

function weakTlsSettings(rule: ManifestObject, host: string): CorpusViolation[] {
  const violations: CorpusViolation[] = [];
  const inspect = (tls: unknown, path: FieldPath, where: string) => {
    if (!isObject(tls)) return;
    const mode = tls.mode ?? "DISABLE";
    if (mode !== "DISABLE" && mode !== "SIMPLE") return;
    const defaulted = tls.mode === undefined ? " (no mode: it defaults to DISABLE)" : "";
    const effect =
      mode === "DISABLE"
        ? "sends plaintext to"
        : "uses one-way TLS, without the client's workload identity, toward";
    violations.push({
      object: rule,
      path: [...path, "tls", "mode"], // an absent mode is reported at its tls block
      message: `TLS mode ${mode}${defaulted}${where} ${effect} mesh host "${host}"; use ISTIO_MUTUAL.`,
      key: `${path.join(".")}${where}`,
    });
  };
  for (const { path, policy, where } of trafficPolicies(rule)) {
    if (!isObject(policy)) continue;
    inspect(policy.tls, path, where);
    listOf(policy.portLevelSettings).forEach((setting, index) => {
      if (!isObject(setting)) return;
      const port = isObject(setting.port) ? setting.port.number : undefined;
      const portWhere = `${where} (port ${port ?? `#${index}`})`;
      inspect(setting.tls, [...path, "portLevelSettings", index], portWhere);
    });
  }
  return violations;
}

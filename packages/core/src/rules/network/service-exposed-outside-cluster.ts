import { getPath } from "../../manifests/workloads.js";
import type { ObjectRule } from "../types.js";

const SERVICE_TYPES =
  "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types";

export const serviceExposedOutsideCluster: ObjectRule = {
  id: "service-exposed-outside-cluster",
  title: "Service is exposed outside the cluster (NodePort or LoadBalancer)",
  category: "network",
  scope: "object",
  kinds: ["Service"],
  severity: "warning",
  description:
    "A `NodePort` Service opens a port on every node; a `LoadBalancer` Service asks the cloud for an external address. Either puts the " +
    "workload in reach of whoever can reach the nodes or the load balancer, bypassing the ingress layer where TLS, authentication and " +
    "rate limits usually live. Exposure should be a deliberate, reviewed exception (for the ingress controller or mesh gateway itself).",
  remediation:
    "Use `type: ClusterIP` and publish the service through an Ingress, a Gateway or the mesh ingress gateway. If the exposure is intended, " +
    "restrict it (`loadBalancerSourceRanges`, an internal load balancer annotation) and record an exemption with the reason.",
  references: [{ title: "Kubernetes: Service types", url: SERVICE_TYPES }],
  check(object) {
    if (object.apiVersion !== "v1") return [];
    const type = getPath(object.value, ["spec", "type"]);
    if (type === "NodePort") {
      return [
        {
          path: ["spec", "type"],
          message: "Service type NodePort opens its ports on every node of the cluster.",
        },
      ];
    }
    if (type !== "LoadBalancer") return [];
    const ranges = getPath(object.value, ["spec", "loadBalancerSourceRanges"]);
    const open = !(Array.isArray(ranges) && ranges.length > 0);
    return [
      {
        path: ["spec", "type"],
        message: `Service type LoadBalancer exposes its ports on an external load balancer${open ? " reachable from any address (no loadBalancerSourceRanges)" : ""}.`,
      },
    ];
  },
};

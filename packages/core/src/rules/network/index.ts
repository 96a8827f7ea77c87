import type { CheckRule } from "../types.js";
import { ingressWithoutTls } from "./ingress-without-tls.js";
import { namespaceWithoutDefaultDenyEgress } from "./namespace-without-default-deny-egress.js";
import { namespaceWithoutNetworkPolicy } from "./namespace-without-network-policy.js";
import { serviceExposedOutsideCluster } from "./service-exposed-outside-cluster.js";
import { workloadNotSelectedByNetworkPolicy } from "./workload-not-selected-by-network-policy.js";

export const networkRules: readonly CheckRule[] = [
  namespaceWithoutNetworkPolicy,
  workloadNotSelectedByNetworkPolicy,
  namespaceWithoutDefaultDenyEgress,
  serviceExposedOutsideCluster,
  ingressWithoutTls,
];

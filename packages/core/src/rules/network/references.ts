import type { RuleReference } from "../types.js";

const NETWORK_POLICIES = "https://kubernetes.io/docs/concepts/services-networking/network-policies/";

export const networkPolicyDocs: RuleReference = {
  title: "Kubernetes: Network Policies",
  url: NETWORK_POLICIES,
};

export const defaultDenyEgressDocs: RuleReference = {
  title: "Kubernetes: default deny all egress traffic",
  url: `${NETWORK_POLICIES}#default-deny-all-egress-traffic`,
};

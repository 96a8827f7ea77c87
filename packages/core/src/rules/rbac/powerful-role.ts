import type { ManifestObject } from "../../manifests/types.js";
import { type AccessCheck, describeGrant, grantOf } from "./access.js";
import { CLUSTER_ADMIN } from "./cluster-admin-binding.js";
import type { RbacCorpus } from "./corpus.js";
import { CREATE_PODS } from "./create-pods.js";
import { ESCALATE_BIND } from "./escalate-bind.js";
import { IMPERSONATE } from "./impersonate.js";
import { roleRefOf } from "./model.js";
import { PODS_EXEC_ATTACH } from "./pods-exec-attach.js";
import { SECRETS_READ } from "./secrets-read.js";
import { grantsEverything } from "./wildcard.js";

/** Built-in ClusterRoles that grant privilege-escalation paths, and what makes them powerful. */
const POWERFUL_BUILT_INS: ReadonlyMap<string, string> = new Map([
  [CLUSTER_ADMIN, "allows everything"],
  ["admin", "reads Secrets, creates pods and manages roles and bindings"],
  ["edit", "reads Secrets and creates pods"],
]);

/** The accesses that lead to more privilege (see RBAC good practices, "privilege escalation risks"). */
const ESCALATION_PATHS: readonly AccessCheck[] = [
  SECRETS_READ,
  PODS_EXEC_ATTACH,
  ESCALATE_BIND,
  IMPERSONATE,
  CREATE_PODS,
];

/**
 * Why the role a binding grants is powerful, or undefined when it is not, or cannot be told: a custom role
 * that is not among the scanned objects.
 */
export function powerOfBoundRole(binding: ManifestObject, corpus: RbacCorpus): string | undefined {
  const ref = roleRefOf(binding);
  if (!ref) return undefined;
  const builtIn = ref.kind === "ClusterRole" ? POWERFUL_BUILT_INS.get(ref.name) : undefined;
  if (builtIn) return builtIn;
  const role = corpus.roleOf(binding);
  for (const entry of role ? corpus.grantedRulesOf(role) : []) {
    if (grantsEverything(entry)) return 'grants "*" on "*"';
    for (const check of ESCALATION_PATHS) {
      const grant = grantOf(entry, check);
      if (grant) return `grants ${describeGrant(grant, check)}`;
    }
  }
  return undefined;
}

import type { CorpusRule } from "../types.js";
import { rbacCorpusOf } from "./corpus.js";
import { describeRoleRef, roleRefOf, subjectsOf } from "./model.js";
import { powerOfBoundRole } from "./powerful-role.js";
import { goodPractices, rbacDocs } from "./references.js";

/** Groups every caller with credentials belongs to, or every workload's token. */
const BROAD_GROUPS: ReadonlyMap<string, string> = new Map([
  ["system:authenticated", "every authenticated user, every service account included"],
  ["system:serviceaccounts", "every service account of every namespace"],
]);

export const broadGroupPowerfulRole: CorpusRule = {
  id: "rbac-broad-group-powerful-role",
  title: "Powerful role bound to all authenticated users or all service accounts",
  category: "rbac",
  scope: "corpus",
  kinds: ["RoleBinding", "ClusterRoleBinding", "Role", "ClusterRole"],
  severity: "error",
  description:
    "`system:authenticated` holds every caller with valid credentials (on some managed clusters, any account of " +
    "the cloud provider) and `system:serviceaccounts` holds the token of every pod. Binding them a role that can " +
    "read Secrets, exec into or create pods, escalate, bind or impersonate, or that allows everything, hands a " +
    "path to cluster-wide privilege to every workload and user. A role counts as powerful when it is the " +
    "built-in `cluster-admin`, `admin` or `edit`, or when its definition is among the scanned files (aggregated " +
    "ClusterRoles are resolved through the scanned roles they select) and grants one of those accesses. A custom " +
    "role that is not scanned is not judged.",
  remediation:
    "Bind the role to the specific users, groups or service accounts that need it. Roles for everyone should be " +
    "read-only and hold no Secrets, such as the built-in `view`.",
  references: [
    goodPractices("privilege-escalation-risks", "Privilege escalation risks"),
    rbacDocs("referring-to-subjects", "Referring to subjects"),
  ],
  check(objects) {
    const corpus = rbacCorpusOf(objects);
    return corpus.bindings.flatMap((binding) => {
      const broad = subjectsOf(binding).filter(
        (subject) => subject.kind === "Group" && BROAD_GROUPS.has(subject.name),
      );
      const ref = roleRefOf(binding);
      const power = broad.length > 0 && ref ? powerOfBoundRole(binding, corpus) : undefined;
      if (!ref || !power) return [];
      return broad.map((subject) => ({
        object: binding,
        path: [...subject.path, "name"],
        message: `Binds ${describeRoleRef(ref)}, which ${power}, to ${subject.name}: ${BROAD_GROUPS.get(subject.name)}.`,
      }));
    });
  },
};

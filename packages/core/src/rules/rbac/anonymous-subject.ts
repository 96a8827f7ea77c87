import type { ObjectRule } from "../types.js";
import { BINDING_KINDS, describeRoleRef, isBinding, roleRefOf, subjectsOf } from "./model.js";
import { goodPractices, rbacDocs } from "./references.js";

/** The identities of requests without credentials (when anonymous authentication is on, the default). */
const ANONYMOUS: ReadonlyMap<string, string> = new Map([
  ["User/system:anonymous", "the anonymous user"],
  ["Group/system:unauthenticated", "every request without credentials"],
]);

/** Kubernetes binds this to unauthenticated requests itself: version and health endpoints only. */
const PUBLIC_INFO_VIEWER = "system:public-info-viewer";

export const anonymousSubject: ObjectRule = {
  id: "rbac-anonymous-subject",
  title: "Binding grants access without credentials",
  category: "rbac",
  scope: "object",
  kinds: BINDING_KINDS,
  severity: "error",
  description:
    "The user `system:anonymous` and the group `system:unauthenticated` are what the API server calls requests " +
    "that carry no credentials. Binding a role to them gives it to anyone who can reach the API server over the " +
    "network. Only the built-in binding of `system:public-info-viewer` (version and health endpoints) is " +
    "accepted.",
  remediation:
    "Remove the subject and bind the role to the users, groups or service accounts that need it. Consider " +
    "turning anonymous authentication off (`--anonymous-auth=false`) or limiting it to health endpoints.",
  references: [goodPractices("hardening", "Hardening"), rbacDocs("discovery-roles", "Discovery roles")],
  check(binding) {
    const ref = roleRefOf(binding);
    if (!isBinding(binding) || !ref || (ref.kind === "ClusterRole" && ref.name === PUBLIC_INFO_VIEWER))
      return [];
    return subjectsOf(binding).flatMap((subject) => {
      const who = ANONYMOUS.get(`${subject.kind}/${subject.name}`);
      return who
        ? [
            {
              path: [...subject.path, "name"],
              message: `Binds ${describeRoleRef(ref)} to ${subject.name}: ${who}, that is anyone who can reach the API server.`,
            },
          ]
        : [];
    });
  },
};

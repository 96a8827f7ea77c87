import type { RuleReference } from "../types.js";

/** A section of the Kubernetes "Role Based Access Control Good Practices" page. */
export function goodPractices(anchor: string, section: string): RuleReference {
  return {
    title: `RBAC good practices: ${section}`,
    url: `https://kubernetes.io/docs/concepts/security/rbac-good-practices/#${anchor}`,
  };
}

/** A section of the Kubernetes RBAC reference. */
export function rbacDocs(anchor: string, section: string): RuleReference {
  return {
    title: `Using RBAC authorization: ${section}`,
    url: `https://kubernetes.io/docs/reference/access-authn-authz/rbac/#${anchor}`,
  };
}

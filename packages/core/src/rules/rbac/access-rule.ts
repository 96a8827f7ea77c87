import type { ObjectRule, RuleMeta } from "../types.js";
import { type AccessCheck, describeGrant, type Grant, grantOf } from "./access.js";
import { declaredRulesOf, entryIdentity, ROLE_KINDS } from "./model.js";

export interface AccessRuleSpec extends Omit<RuleMeta, "category"> {
  access: AccessCheck;
  /** The finding's message, given what one rule entry grants (`grant`, described as `granted`). */
  message(granted: string, grant: Grant): string;
}

/**
 * A rule over Roles and ClusterRoles that reports each rule entry granting a dangerous access, once per
 * entry, at the most explicit field that grants it.
 */
export function accessRule({ access, message, ...meta }: AccessRuleSpec): ObjectRule {
  return {
    ...meta,
    category: "rbac",
    scope: "object",
    kinds: ROLE_KINDS,
    check(role) {
      return declaredRulesOf(role).flatMap((entry) => {
        const grant = grantOf(entry, access);
        if (!grant) return [];
        const identity = entryIdentity(entry, grant.verbs);
        return [{ path: grant.path, message: message(describeGrant(grant, access), grant), identity }];
      });
    },
  };
}

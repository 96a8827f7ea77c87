import type { ObjectRule } from "../types.js";
import { BINDING_KINDS, isBinding, subjectsOf } from "./model.js";
import { goodPractices } from "./references.js";

const SYSTEM_MASTERS = "system:masters";

export const systemMastersSubject: ObjectRule = {
  id: "rbac-system-masters-subject",
  title: "Binding names the system:masters group",
  category: "rbac",
  scope: "object",
  kinds: BINDING_KINDS,
  severity: "warning",
  description:
    "Members of `system:masters` bypass RBAC (and any authorization webhook) altogether: no binding grants them " +
    "anything, and removing bindings cannot restrict them. A binding that names the group has no effect, yet it " +
    "suggests the group is part of everyday access control, with credentials in that group in regular use.",
  remediation:
    "Remove the subject. Issue administrators credentials outside `system:masters` and bind them a role, so that " +
    "their access can be reviewed and revoked.",
  references: [goodPractices("least-privilege", "Least privilege")],
  check(binding) {
    if (!isBinding(binding)) return [];
    return subjectsOf(binding)
      .filter((subject) => subject.kind === "Group" && subject.name === SYSTEM_MASTERS)
      .map((subject) => ({
        path: [...subject.path, "name"],
        message:
          "Subject system:masters already bypasses RBAC: this binding grants it nothing, and no binding can limit it.",
      }));
  },
};

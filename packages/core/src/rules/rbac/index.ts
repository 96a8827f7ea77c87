import type { CheckRule } from "../types.js";
import { anonymousSubject } from "./anonymous-subject.js";
import { broadGroupPowerfulRole } from "./broad-group-powerful-role.js";
import { clusterAdminBinding } from "./cluster-admin-binding.js";
import { clusterBindingCouldBeNamespaced } from "./cluster-binding-could-be-namespaced.js";
import { createPods } from "./create-pods.js";
import { escalateBind } from "./escalate-bind.js";
import { impersonate } from "./impersonate.js";
import { podsExecAttach } from "./pods-exec-attach.js";
import { podsPortforward } from "./pods-portforward.js";
import { secretsRead } from "./secrets-read.js";
import { systemMastersSubject } from "./system-masters-subject.js";
import { wildcard } from "./wildcard.js";

export const rbacRules: readonly CheckRule[] = [
  wildcard,
  secretsRead,
  podsExecAttach,
  podsPortforward,
  createPods,
  escalateBind,
  impersonate,
  clusterAdminBinding,
  systemMastersSubject,
  anonymousSubject,
  broadGroupPowerfulRole,
  clusterBindingCouldBeNamespaced,
];

import type { CheckRule } from "../types.js";

export const rbacRules: readonly CheckRule[] = [];

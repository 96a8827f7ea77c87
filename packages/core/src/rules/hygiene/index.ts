import type { CheckRule } from "../types.js";

export const hygieneRules: readonly CheckRule[] = [];

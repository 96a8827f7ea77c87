import type { CheckRule } from "../types.js";

export const networkRules: readonly CheckRule[] = [];

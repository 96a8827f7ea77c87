import type { CheckRule } from "../types.js";

export const istioRules: readonly CheckRule[] = [];

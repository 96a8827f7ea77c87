import type { CheckRule } from "../types.js";
import { privileged } from "./privileged.js";

export const pssRules: readonly CheckRule[] = [privileged];

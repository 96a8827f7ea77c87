export * from "./check.js";
export { pinFix } from "./fix.js";
export { PROVENANCE_TYPES } from "./registry.js";
export { signersFor } from "./signers.js";
export * from "./targets.js";
export { isPlaceholderTime } from "./time.js";
export * from "./types.js";

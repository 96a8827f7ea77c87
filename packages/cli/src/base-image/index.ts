export * from "./check.js";
export * from "./options.js";
export * from "./registry.js";

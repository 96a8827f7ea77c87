export * from "./findings.js";
export * from "./rules.js";

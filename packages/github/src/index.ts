export * from "./actions-logger.js";
export * from "./annotations.js";
export * from "./commands.js";
export * from "./logger.js";
export * from "./runner.js";
export * from "./runner-files.js";
export * from "./secrets.js";

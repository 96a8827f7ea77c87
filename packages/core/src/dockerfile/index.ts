export * from "./expand.js";
export * from "./model.js";
export * from "./names.js";
export * from "./parse.js";
export * from "./platform.js";

// One Logger for every package: defined in the core, passed in by the adapters.
export { type Logger, silentLogger } from "@bulwark/core";

export * from "./collect.js";
export { ATTESTATION_ARTIFACT_TYPE, DEFAULT_PLATFORM, type Platform, readProvenance } from "./inspect.js";

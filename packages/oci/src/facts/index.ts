export {
  type AttestationBundleVerifier,
  MAX_BUNDLE_BYTES,
  MAX_BUNDLES_PER_SUBJECT,
} from "./bundles.js";
export * from "./collect.js";
export { ATTESTATION_ARTIFACT_TYPE } from "./inspect.js";
export { readProvenance } from "./provenance.js";

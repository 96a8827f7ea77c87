import { ConfigError } from "@bulwark/core";

/**
 * cosign's short names for predicate types (`cosign attest --type`), so `--type slsaprovenance1`
 * means what it means to cosign. Anything else must be a URI, the predicate type itself.
 */
export const PREDICATE_TYPE_NAMES: Readonly<Record<string, string>> = {
  custom: "https://cosign.sigstore.dev/attestation/v1",
  slsaprovenance: "https://slsa.dev/provenance/v0.2",
  slsaprovenance02: "https://slsa.dev/provenance/v0.2",
  slsaprovenance1: "https://slsa.dev/provenance/v1",
  spdx: "https://spdx.dev/Document",
  spdxjson: "https://spdx.dev/Document",
  cyclonedx: "https://cyclonedx.org/bom",
  link: "https://in-toto.io/Link/v1",
  vuln: "https://cosign.sigstore.dev/attestation/vuln/v1",
  openvex: "https://openvex.dev/ns",
};

/** The predicate type a `--type` value names: a cosign short name or an absolute URI. */
export function predicateType(text: string): string {
  const named = PREDICATE_TYPE_NAMES[text];
  if (named) return named;
  if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(text)) return text;
  throw new ConfigError(
    `Unknown predicate type "${text}": give a URI or one of ${Object.keys(PREDICATE_TYPE_NAMES).join(", ")}.`,
  );
}

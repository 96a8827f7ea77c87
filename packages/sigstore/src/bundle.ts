import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  type Bundle,
  bundleFromJSON,
  bundleToJSON,
} from "@sigstore/bundle";
import { VerificationFailure } from "./errors.js";

/** The media type of a sigstore bundle v0.3, also the artifact type of the OCI referrer holding one. */
export const BUNDLE_MEDIA_TYPE = BUNDLE_V03_MEDIA_TYPE;

const KNOWN_MEDIA_TYPES: readonly string[] = [
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
];

/**
 * Parses a sigstore bundle and checks its shape. Only the versions sigstore-js knows are accepted: a
 * bundle from a future version may mean things this verifier would not check.
 */
export function parseBundle(bytes: Uint8Array | string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(
      typeof bytes === "string" ? bytes : new TextDecoder("utf-8", { fatal: true }).decode(bytes),
    );
  } catch (error) {
    throw new VerificationFailure("CRYPTO_FAILURE", "the sigstore bundle is not JSON", { cause: error });
  }
  const mediaType = (json as { mediaType?: unknown } | null)?.mediaType;
  if (typeof mediaType !== "string" || !KNOWN_MEDIA_TYPES.includes(mediaType)) {
    throw new VerificationFailure(
      "CRYPTO_FAILURE",
      `unsupported sigstore bundle media type ${JSON.stringify(mediaType)}`,
    );
  }
  try {
    return bundleFromJSON(json);
  } catch (error) {
    throw new VerificationFailure(
      "CRYPTO_FAILURE",
      `malformed sigstore bundle: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** A bundle as the JSON document cosign and sigstore-js write (`.sigstore.json`). */
export function serializeBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundleToJSON(bundle), null, 2)}\n`;
}

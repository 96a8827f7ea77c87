import type { AttestationVerification } from "@bulwark/core";
import type { AttestationBundleVerifier } from "@bulwark/oci";
import type { TrustedRoot } from "@sigstore/protobuf-specs";
import { parseBundle } from "./bundle.js";
import { bundleStatement, requireSubject } from "./statement.js";
import { BundleVerifier } from "./verifier.js";

/**
 * Any Fulcio identity: who signed is recorded, and judged by the policy (`allowed-builders`), not
 * here. What this check proves is that the trusted root's Fulcio certified the signer and its logs
 * witnessed the signature.
 */
const ANY_IDENTITY = { kind: "identity", identity: { regexp: ".+" }, issuer: { regexp: ".+" } } as const;

/**
 * Verifies sigstore bundles found as referrers of base images (GitHub artifact attestations, cosign
 * 3 attestations) against the run's trusted root, for `BaseImageFactsCollector`. Keyless bundles only:
 * a bundle signed with a bare key names no one the policy could trust, so it is rejected. The
 * trusted root is loaded when the first bundle turns up; if it cannot be, every bundle is rejected
 * with the reason. Fails closed: anything not proven is `rejected`, with why.
 */
export function attestationBundleVerifier(
  trustedRoot: () => Promise<TrustedRoot>,
): AttestationBundleVerifier {
  let verifier: Promise<BundleVerifier> | undefined;
  return async (bytes, subject): Promise<AttestationVerification> => {
    try {
      const bundle = parseBundle(bytes);
      verifier ??= trustedRoot().then(
        (root) => new BundleVerifier({ trustedRoot: root, signer: ANY_IDENTITY }),
      );
      const { identity } = (await verifier).verify(bundle);
      // The statement read before verifying was only for picking; this one is proven authentic.
      requireSubject(bundleStatement(bundle), subject);
      if (identity?.subject === undefined)
        return { status: "rejected", detail: "the signing certificate names no identity" };
      return {
        status: "verified",
        identity: identity.subject,
        ...(identity.claims.issuer ? { issuer: identity.claims.issuer } : {}),
      };
    } catch (error) {
      return { status: "rejected", detail: error instanceof Error ? error.message : String(error) };
    }
  };
}

import { ConfigError } from "@bulwark/core";
import type { CertificateClaim, Matcher, SignerPolicy } from "@bulwark/sigstore";

/** cosign's `--certificate-github-workflow-*` flags (and the actions' inputs) and the Fulcio claim each checks. */
export const GITHUB_CLAIM_OPTIONS = {
  "certificate-github-workflow-repository": "githubWorkflowRepository",
  "certificate-github-workflow-ref": "githubWorkflowRef",
  "certificate-github-workflow-trigger": "githubWorkflowTrigger",
  "certificate-github-workflow-sha": "githubWorkflowSha",
  "certificate-github-workflow-name": "githubWorkflowName",
} as const satisfies Record<string, CertificateClaim>;

export type GitHubClaimOption = keyof typeof GITHUB_CLAIM_OPTIONS;

/**
 * Who must have signed, as the user wrote it: a public key (PEM text), or a certificate identity and
 * issuer, each exact or as a pattern, with optional GitHub claims. Names are cosign's flags; the
 * CLI and the verify-image action use the same ones, so messages name them the same way.
 */
export interface SignerPolicyInput {
  key?: string;
  "certificate-identity"?: string;
  "certificate-identity-regexp"?: string;
  "certificate-oidc-issuer"?: string;
  "certificate-oidc-issuer-regexp"?: string;
  github?: Partial<Record<GitHubClaimOption, string>>;
}

/** Checks that the input names exactly one way to trust a signer, and returns that policy. */
export function signerPolicy(input: SignerPolicyInput): SignerPolicy {
  const identity = matcher(input, "certificate-identity");
  const issuer = matcher(input, "certificate-oidc-issuer");
  const claims = Object.entries(input.github ?? {}).filter(([, value]) => value);
  if (input.key !== undefined) {
    if (identity || issuer || claims.length > 0) {
      throw new ConfigError(
        "Give key for signatures made with a key, or certificate-identity and certificate-oidc-issuer for keyless ones, not both.",
      );
    }
    return { kind: "key", publicKey: input.key };
  }
  if (!identity || !issuer) {
    throw new ConfigError(
      "Say who must have signed: key <public key>, or certificate-identity (or certificate-identity-regexp) and certificate-oidc-issuer (or certificate-oidc-issuer-regexp).",
    );
  }
  return {
    kind: "identity",
    identity,
    issuer,
    ...(claims.length > 0
      ? {
          claims: Object.fromEntries(
            claims.map(([option, value]) => [GITHUB_CLAIM_OPTIONS[option as GitHubClaimOption], value]),
          ),
        }
      : {}),
  };
}

function matcher(
  input: SignerPolicyInput,
  name: "certificate-identity" | "certificate-oidc-issuer",
): Matcher | undefined {
  const exact = input[name];
  const pattern = input[`${name}-regexp`];
  if (exact && pattern) throw new ConfigError(`Give ${name} or ${name}-regexp, not both.`);
  return pattern ? { regexp: pattern } : exact || undefined;
}

import { ConfigError } from "@bulwark/core";
import { CERTIFICATE_CLAIMS, type CertificateClaim, type SignerIdentity } from "./claims.js";

/**
 * What a value must be: the exact text, or a regular expression that the WHOLE text must match.
 * Patterns are anchored here, so `https://github\.com/org/app/.*` cannot be satisfied by a longer
 * string that merely contains a match (cosign leaves that to the user; a deploy gate should not).
 */
export type Matcher = string | { regexp: string };

/** Who must have signed, for keyless (certificate) signatures. Both identity and issuer are required. */
export interface IdentityPolicy {
  /** The certificate's subject alternative name: a workflow URI, an email address. */
  identity: Matcher;
  /** The OIDC issuer Fulcio recorded, such as `https://token.actions.githubusercontent.com`. */
  issuer: Matcher;
  /** Further Fulcio claims, by Fulcio's names, compared decoded: `sourceRepositoryURI`, `buildTrigger`... */
  claims?: Partial<Record<CertificateClaim, Matcher>>;
}

/** How a signature must be anchored: to an identity through Fulcio, or to a public key. */
export type SignerPolicy =
  | ({ kind: "identity" } & IdentityPolicy)
  | {
      kind: "key";
      /** PEM `PUBLIC KEY` (SPKI). */
      publicKey: string;
    };

export interface CompiledIdentityPolicy {
  /** Why the identity does not satisfy the policy, or undefined when it does. */
  mismatch(identity: SignerIdentity): string | undefined;
}

/** Checks the policy once (bad patterns are the user's mistake) and returns its matcher. */
export function compileIdentityPolicy(policy: IdentityPolicy): CompiledIdentityPolicy {
  const checks: { label: string; read: (id: SignerIdentity) => string | undefined; test: ValueTest }[] = [
    { label: "identity", read: (id) => id.subject, test: compileMatcher("identity", policy.identity) },
    { label: "issuer", read: (id) => id.claims.issuer, test: compileMatcher("issuer", policy.issuer) },
  ];
  for (const [claim, matcher] of Object.entries(policy.claims ?? {})) {
    if (!CERTIFICATE_CLAIMS.includes(claim as CertificateClaim)) {
      throw new ConfigError(
        `Unknown certificate claim "${claim}"; known claims: ${CERTIFICATE_CLAIMS.join(", ")}.`,
      );
    }
    if (matcher === undefined) continue;
    checks.push({
      label: claim,
      read: (id) => id.claims[claim as CertificateClaim],
      test: compileMatcher(claim, matcher),
    });
  }
  return {
    mismatch(identity) {
      for (const check of checks) {
        const value = check.read(identity);
        if (value === undefined || !check.test.matches(value)) {
          return `${check.label} ${value === undefined ? "is absent" : JSON.stringify(value)}, expected ${check.test.describe}`;
        }
      }
      return undefined;
    },
  };
}

interface ValueTest {
  matches(value: string): boolean;
  describe: string;
}

function compileMatcher(label: string, matcher: Matcher): ValueTest {
  if (typeof matcher === "string") {
    if (matcher === "") throw new ConfigError(`The expected ${label} is empty.`);
    return { matches: (value) => value === matcher, describe: JSON.stringify(matcher) };
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${matcher.regexp})$`, "u");
  } catch (error) {
    throw new ConfigError(
      `The ${label} pattern /${matcher.regexp}/ is not a valid regular expression: ${(error as Error).message}.`,
    );
  }
  return { matches: (value) => pattern.test(value), describe: `a match for /^(?:${matcher.regexp})$/` };
}

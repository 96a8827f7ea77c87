import type { Bundle } from "@sigstore/bundle";
import { VerificationFailure } from "./errors.js";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
export const STATEMENT_TYPE_V1 = "https://in-toto.io/Statement/v1";
const STATEMENT_TYPES = [STATEMENT_TYPE_V1, "https://in-toto.io/Statement/v0.1"];

/** What cosign 3 signs for `cosign sign`: an in-toto statement with an empty predicate of this type. */
export const COSIGN_SIGN_PREDICATE_TYPE = "https://sigstore.dev/cosign/sign/v1";

export interface ResourceDescriptor {
  name?: string;
  digest: Record<string, string>;
  annotations?: Record<string, unknown>;
}

export interface Statement {
  _type: string;
  subject: ResourceDescriptor[];
  predicateType: string;
  predicate?: unknown;
}

/** Builds the statement for `subjects` (`sha256:<hex>` digests, each with an optional name). */
export function statement(
  subjects: { digest: string; name?: string }[],
  predicateType: string,
  predicate: unknown,
): Statement {
  return {
    _type: STATEMENT_TYPE_V1,
    subject: subjects.map(({ digest, name }) => {
      const [algorithm = "", hex = ""] = digest.split(":");
      return { ...(name ? { name } : {}), digest: { [algorithm]: hex } };
    }),
    predicateType,
    predicate,
  };
}

/** The in-toto statement a DSSE bundle carries, read only after the bundle verified. */
export function bundleStatement(bundle: Bundle): Statement {
  if (bundle.content.$case !== "dsseEnvelope") {
    throw new VerificationFailure(
      "DIGEST_MISMATCH",
      "the bundle holds a message signature, not an in-toto statement",
    );
  }
  const { payloadType, payload } = bundle.content.dsseEnvelope;
  return parseStatement(payloadType, payload);
}

export function parseStatement(payloadType: string, payload: Uint8Array): Statement {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerificationFailure(
      "DIGEST_MISMATCH",
      `the signed payload is ${payloadType}, not an in-toto statement`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch (error) {
    throw new VerificationFailure("DIGEST_MISMATCH", "the signed in-toto statement is not JSON", {
      cause: error,
    });
  }
  const doc = value as Partial<Statement> | null;
  if (
    !doc ||
    !STATEMENT_TYPES.includes(doc._type as string) ||
    typeof doc.predicateType !== "string" ||
    !Array.isArray(doc.subject) ||
    !doc.subject.every(
      (s) => typeof s === "object" && s !== null && typeof s.digest === "object" && s.digest !== null,
    )
  ) {
    throw new VerificationFailure("DIGEST_MISMATCH", "the signed payload is not an in-toto statement");
  }
  return doc as Statement;
}

/** Throws DIGEST_MISMATCH unless a subject of the statement has `digest` (`<algorithm>:<hex>`). */
export function requireSubject(stmt: Statement, digest: string): void {
  const [algorithm = "", hex = ""] = digest.split(":");
  if (stmt.subject.some((s) => s.digest[algorithm]?.toLowerCase() === hex)) return;
  const signed = stmt.subject.flatMap((s) => Object.entries(s.digest).map(([a, h]) => `${a}:${h}`));
  throw new VerificationFailure(
    "DIGEST_MISMATCH",
    `signed for ${signed.join(", ") || "no subject"}, not ${digest}`,
  );
}

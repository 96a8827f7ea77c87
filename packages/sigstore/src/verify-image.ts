import type { RegistryClient } from "@bulwark/oci";
import type { Bundle } from "@sigstore/bundle";
import type { SignerIdentity } from "./claims.js";
import { isVerificationFailure, VerificationFailure, type VerificationFailureCode } from "./errors.js";
import { resolveImage } from "./image.js";
import { LegacyAnnotation, simpleSigningDigest } from "./legacy-format.js";
import { type LegacyEntry, readLegacyEntries } from "./legacy-store.js";
import { type Logger, silentLogger } from "./logger.js";
import { listBundleReferrers, type ReferredBundle } from "./referrer-format.js";
import { bundleStatement, COSIGN_SIGN_PREDICATE_TYPE, requireSubject, type Statement } from "./statement.js";
import type { BundleVerifier } from "./verifier.js";

export interface VerifyImageOptions {
  verifier: BundleVerifier;
  /** Predicate types that must each have a verified attestation for the image. */
  requiredAttestations?: string[];
  client?: RegistryClient;
  logger?: Logger;
}

/** One signature or attestation that verified. */
export interface VerifiedEntry {
  format: "bundle" | "legacy";
  /** The referrer digest or the legacy tag it was read from. */
  location: string;
  identity?: SignerIdentity;
  tlogIndexes: string[];
}

export interface VerifiedAttestation extends VerifiedEntry {
  predicateType: string;
  statement: Statement;
}

export interface ImageVerification {
  image: string;
  digest: string;
  tag?: string;
  signatures: VerifiedEntry[];
  attestations: VerifiedAttestation[];
}

/**
 * Verifies an image's signatures (and required attestations) in every format cosign stores:
 * bundle referrers and the legacy `.sig` / `.att` tags. Passes when at least one signature, and one
 * attestation of each required predicate type, verifies under the verifier's trust root and signer
 * policy AND is for this image's digest. Otherwise throws a VerificationFailure naming why.
 */
export async function verifyImage(image: string, options: VerifyImageOptions): Promise<ImageVerification> {
  const logger = options.logger ?? silentLogger;
  const target = await resolveImage(image, options.client, logger);
  const required = options.requiredAttestations ?? [];
  const [referrers, legacySignatures, legacyAttestations] = await Promise.all([
    listBundleReferrers(target.store, target.digest),
    readLegacyEntries(target.store, target.digest, "sig"),
    required.length > 0 ? readLegacyEntries(target.store, target.digest, "att") : Promise.resolve([]),
  ]);
  const loaded = new Map<string, Promise<Bundle>>();
  const load = (r: ReferredBundle) => {
    const cached = loaded.get(r.referrer) ?? r.load();
    loaded.set(r.referrer, cached);
    return cached;
  };
  const check = (predicateType: string) => (stmt: Statement) => {
    if (stmt.predicateType !== predicateType) return false;
    requireSubject(stmt, target.digest);
    return true;
  };

  const signatureCandidates: Candidate[] = [
    ...referrers
      .filter((r) => announces(r, COSIGN_SIGN_PREDICATE_TYPE))
      .map((r) => referrerCandidate(r, load)),
    ...legacySignatures.map((entry) => legacySignatureCandidate(entry, target.digest)),
  ];
  const signatures = await verifyCandidates(
    signatureCandidates,
    options.verifier,
    check(COSIGN_SIGN_PREDICATE_TYPE),
    "signature",
  );
  if (signatures.verified.length === 0)
    throw failure(`${image} (${target.digest})`, "signature", signatures.failures);

  const attestations: VerifiedAttestation[] = [];
  for (const predicateType of required) {
    const candidates = [
      ...referrers.filter((r) => announces(r, predicateType)).map((r) => referrerCandidate(r, load)),
      ...legacyAttestations
        .filter(
          (e) => (e.layer.annotations[LegacyAnnotation.PredicateType] ?? predicateType) === predicateType,
        )
        .map((e) => legacyAttestationCandidate(e)),
    ];
    const found = await verifyCandidates(candidates, options.verifier, check(predicateType), "attestation");
    if (found.verified.length === 0) {
      throw failure(
        `${image} (${target.digest})`,
        `${predicateType} attestation`,
        found.failures,
        "MISSING_ATTESTATION",
      );
    }
    attestations.push(
      ...found.verified.map((v) => ({ ...v, predicateType, statement: v.statement as Statement })),
    );
  }
  logger.info(`${image}: ${signatures.verified.length} signature(s) verified for ${target.digest}.`);
  return {
    image,
    digest: target.digest,
    ...(target.tag ? { tag: target.tag } : {}),
    signatures: signatures.verified.map(({ statement: _, ...entry }) => entry),
    attestations,
  };
}

/** A stored signature to try: how to load its bundle, the signed bytes, and how to read what it signed. */
interface Candidate {
  format: "bundle" | "legacy";
  location: string;
  bundle(): Promise<Bundle>;
  artifact?: Buffer;
  /** The statement the bundle signs, or undefined for a simple-signing payload (checked in `signed`). */
  signed(bundle: Bundle): Statement | undefined;
}

/** A referrer is worth fetching when it announces the wanted predicate type or announces none. */
function announces(r: ReferredBundle, predicateType: string): boolean {
  return r.announcedPredicateType === undefined || r.announcedPredicateType === predicateType;
}

function referrerCandidate(r: ReferredBundle, load: (r: ReferredBundle) => Promise<Bundle>): Candidate {
  return { format: "bundle", location: r.referrer, bundle: () => load(r), signed: bundleStatement };
}

function legacySignatureCandidate(entry: LegacyEntry, digest: string): Candidate {
  return {
    format: "legacy",
    location: entry.tag,
    bundle: async () => entry.bundle(),
    artifact: entry.layer.bytes,
    signed: () => {
      const signed = simpleSigningDigest(entry.layer.bytes);
      if (signed !== digest)
        throw new VerificationFailure("DIGEST_MISMATCH", `signed for ${signed}, not ${digest}`);
      return undefined;
    },
  };
}

function legacyAttestationCandidate(entry: LegacyEntry): Candidate {
  return {
    format: "legacy",
    location: entry.tag,
    bundle: async () => entry.bundle(),
    signed: bundleStatement,
  };
}

interface Outcome {
  verified: (VerifiedEntry & { statement?: Statement })[];
  failures: { location: string; failure: VerificationFailure }[];
}

async function verifyCandidates(
  candidates: Candidate[],
  verifier: BundleVerifier,
  accepts: (stmt: Statement) => boolean,
  what: string,
): Promise<Outcome> {
  const outcome: Outcome = { verified: [], failures: [] };
  for (const candidate of candidates) {
    try {
      const bundle = await candidate.bundle();
      const verified = verifier.verify(bundle, candidate.artifact);
      const stmt = candidate.signed(bundle);
      // A verified statement of another predicate type is another kind of artifact, not a failure.
      if (stmt && !accepts(stmt)) continue;
      outcome.verified.push({
        format: candidate.format,
        location: candidate.location,
        ...(verified.identity ? { identity: verified.identity } : {}),
        tlogIndexes: verified.tlogIndexes,
        ...(stmt ? { statement: stmt } : {}),
      });
    } catch (error) {
      if (!isVerificationFailure(error)) throw error;
      outcome.failures.push({ location: `${what} at ${candidate.location}`, failure: error });
    }
  }
  return outcome;
}

/** Which failure to report when several stored signatures failed: the one that got furthest. */
const FURTHEST_FIRST: VerificationFailureCode[] = [
  "DIGEST_MISMATCH",
  "IDENTITY_MISMATCH",
  "UNTRUSTED_ROOT",
  "CRYPTO_FAILURE",
];

function failure(
  subject: string,
  what: string,
  failures: Outcome["failures"],
  none: VerificationFailureCode = "NO_SIGNATURE",
): VerificationFailure {
  if (failures.length === 0) return new VerificationFailure(none, `${subject}: no ${what} found`);
  const rank = (code: VerificationFailureCode) => {
    const i = FURTHEST_FIRST.indexOf(code);
    return i < 0 ? FURTHEST_FIRST.length : i;
  };
  const [first] = [...failures].sort((a, b) => rank(a.failure.code) - rank(b.failure.code));
  const details = failures.map((f) => `${f.location}: ${f.failure.message}`).join("; ");
  return new VerificationFailure(first?.failure.code ?? none, `${subject}: no valid ${what} (${details})`, {
    cause: first?.failure,
  });
}

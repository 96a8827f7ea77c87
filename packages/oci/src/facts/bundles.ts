import {
  type AttestationFacts,
  type AttestationVerification,
  type BaseImageFacts,
  PROVENANCE_TYPES,
} from "@bulwark/core";
import { describe } from "../http/body.js";
import { type Descriptor, isIndex } from "../media-types.js";
import { listReferrers } from "../referrers.js";
import type { ImageStore } from "../store.js";
import { readProvenance } from "./provenance.js";

/**
 * Checks a sigstore bundle's signature for `subject` (a `sha256:` digest). Supplied by
 * @bulwark/sigstore, which depends on this package; it never throws, a failure is a rejection.
 */
export type AttestationBundleVerifier = (
  bundle: Uint8Array,
  subject: string,
) => Promise<AttestationVerification>;

/**
 * The artifact and layer media types of a sigstore bundle referrer: `…bundle.v0.3+json` as cosign 3
 * and GitHub's attest actions write it, and the older `…bundle+json;version=0.x` (bare when a
 * registry that rejects parameters made the writer strip it).
 */
const BUNDLE_TYPE =
  /^application\/vnd\.dev\.sigstore\.bundle(?:\.v0\.3\+json|\+json(?:;\s*version=0\.[123])?)$/;
/** What cosign 3 and GitHub annotate a bundle referrer with, so a reader can pick without fetching. */
const PREDICATE_TYPE_ANNOTATION = "dev.sigstore.bundle.predicateType";
const IN_TOTO = "application/vnd.in-toto+json";

/** Provenance bundles read per subject; a repository anyone can push to could list thousands. */
export const MAX_BUNDLES_PER_SUBJECT = 8;
/** Largest bundle read; GitHub's provenance bundles are around 10 KB. */
export const MAX_BUNDLE_BYTES = 2 * 1024 * 1024;

/**
 * Finds the SLSA provenance stored as sigstore bundle referrers of `subjects` (the image manifest and,
 * for a multi-platform image, its index) and records each as a `sigstore-bundle` attestation with
 * its verification. Bundles whose statement names another digest, or another predicate, are
 * ignored. Only a verified one becomes `facts.provenance`, replacing BuildKit's unsigned one.
 * Nothing here throws: a referrer that cannot be read is a rejected attestation, a list that cannot
 * be read is `referrersError`.
 */
export async function readBundleAttestations(
  store: ImageStore,
  subjects: readonly string[],
  facts: BaseImageFacts,
  verify: AttestationBundleVerifier | undefined,
): Promise<void> {
  for (const subject of subjects) {
    let referrers: Descriptor[];
    try {
      referrers = await listReferrers(store, subject);
    } catch (error) {
      facts.referrersError = describe(error);
      return;
    }
    const candidates = referrers.filter(
      (d) =>
        BUNDLE_TYPE.test(d.artifactType ?? "") &&
        // Unannotated bundles may hold anything; annotated ones that are not provenance are skipped.
        [undefined, ...PROVENANCE_TYPES].includes(d.annotations?.[PREDICATE_TYPE_ANNOTATION]),
    );
    for (const [position, referrer] of candidates.entries()) {
      const attestation = (verification: AttestationVerification, predicateType?: string) =>
        facts.attestations.push(bundleAttestation(referrer, subject, verification, predicateType));
      if (position >= MAX_BUNDLES_PER_SUBJECT) {
        attestation(
          rejected(`not read: more than ${MAX_BUNDLES_PER_SUBJECT} provenance bundles refer to ${subject}`),
        );
        continue;
      }
      const read = await readBundle(store, referrer, subject);
      if (read === undefined) continue;
      if ("error" in read) {
        attestation(rejected(`unreadable attestation: ${read.error}`));
        continue;
      }
      const verification = verify
        ? await verify(read.bytes, subject)
        : rejected("not verified: no signature verifier was given");
      attestation(verification, read.predicateType);
      if (verification.status !== "verified" || verification.identity === undefined) continue;
      if (facts.provenance?.signer) continue;
      const provenance = readProvenance(read.statement);
      if (!provenance) continue;
      const { identity, issuer } = verification;
      facts.provenance = { ...provenance, signer: { identity, ...(issuer ? { issuer } : {}) } };
    }
  }
}

type ReadBundle = { bytes: Uint8Array; statement: unknown; predicateType: string } | { error: string };

/** The bundle and its (not yet verified) statement; undefined when it is about something else. */
async function readBundle(
  store: ImageStore,
  referrer: Descriptor,
  subject: string,
): Promise<ReadBundle | undefined> {
  try {
    const { manifest } = await store.fetchManifest(referrer.digest);
    const layer = isIndex(manifest) ? undefined : manifest.layers.find((l) => BUNDLE_TYPE.test(l.mediaType));
    if (!layer) return { error: "the referrer holds no sigstore bundle" };
    if (layer.size > MAX_BUNDLE_BYTES)
      return { error: `the bundle is ${layer.size} bytes, over the limit of ${MAX_BUNDLE_BYTES}` };
    const bytes = await store.fetchBlob(layer);
    const statement = envelopeStatement(bytes);
    if (!namesSubject(statement, subject)) return undefined;
    if (!PROVENANCE_TYPES.includes(statement.predicateType)) return undefined;
    return { bytes, statement, predicateType: statement.predicateType };
  } catch (error) {
    return { error: describe(error) };
  }
}

interface StatementShape {
  predicateType: string;
  subject: { digest?: Record<string, unknown> }[];
}

/** The in-toto statement in a bundle's DSSE envelope, checked for shape only. Throws with the reason. */
function envelopeStatement(bytes: Uint8Array): StatementShape {
  const bundle = parseJson(bytes, "the bundle is not JSON") as { dsseEnvelope?: unknown } | null;
  const envelope = bundle?.dsseEnvelope as { payload?: unknown; payloadType?: unknown } | undefined;
  if (typeof envelope?.payload !== "string")
    throw new Error("the bundle has no DSSE envelope (a message signature is not an attestation)");
  if (envelope.payloadType !== IN_TOTO)
    throw new Error(`the envelope holds ${JSON.stringify(envelope.payloadType)}, not an in-toto statement`);
  const statement = parseJson(
    Buffer.from(envelope.payload, "base64"),
    "the envelope's payload is not JSON",
  ) as Partial<StatementShape> | null;
  if (typeof statement?.predicateType !== "string" || !Array.isArray(statement.subject))
    throw new Error("the envelope's payload is not an in-toto statement");
  return statement as StatementShape;
}

function namesSubject(statement: StatementShape, subject: string): boolean {
  const [algorithm = "", hex = ""] = subject.split(":");
  return statement.subject.some((s) => {
    const value = s?.digest?.[algorithm];
    return typeof value === "string" && value.toLowerCase() === hex;
  });
}

function bundleAttestation(
  referrer: Descriptor,
  subject: string,
  verification: AttestationVerification,
  predicateType: string | undefined,
): AttestationFacts {
  const type = predicateType ?? referrer.annotations?.[PREDICATE_TYPE_ANNOTATION];
  return {
    form: "sigstore-bundle",
    digest: referrer.digest,
    subject,
    predicateTypes: type ? [type] : [],
    verification,
  };
}

function rejected(detail: string): AttestationVerification {
  return { status: "rejected", detail };
}

function parseJson(bytes: Uint8Array, why: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new Error(why);
  }
}

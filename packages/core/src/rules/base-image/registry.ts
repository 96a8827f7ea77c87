import { globMatcher } from "../../config/glob.js";
import { familiarImageReference } from "../../images/reference.js";
import { oncePer } from "../../memo.js";
import { dockerDocs, dockerfileRule, factsRule, PIN_DOCS } from "./define.js";
import { hasExplicitTag, pinFix } from "./fix.js";
import { factsOf } from "./targets.js";
import { isPlaceholderTime } from "./time.js";
import {
  type AttestationFacts,
  DEFAULT_MAX_AGE_DAYS,
  type DockerfileRule,
  ORIGIN_ANNOTATIONS,
} from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const SLSA = { title: "SLSA: Provenance", url: "https://slsa.dev/spec/v1.0/provenance" };
const GITHUB_ATTESTATIONS = {
  title: "GitHub: Artifact attestations",
  url: "https://docs.github.com/en/actions/security-for-github-actions/using-artifact-attestations/using-artifact-attestations-to-establish-provenance-for-builds",
};
const ATTESTATION_DOCS = dockerDocs(
  "Image attestation storage",
  "build/metadata/attestations/attestation-storage/",
);

/** SLSA provenance predicate types, v0.2 and v1. */
export const PROVENANCE_TYPES: readonly string[] = [
  "https://slsa.dev/provenance/v0.2",
  "https://slsa.dev/provenance/v1",
];

export const unverifiable = dockerfileRule({
  id: "base-image-unverifiable",
  title: "Registry facts for the image could not be gathered",
  severity: "warning",
  online: true,
  description:
    "Bulwark asked the registry about the image and got no usable answer (unreachable, refused, too " +
    "slow, not found), so its digest, age, provenance and signature were not checked.",
  remediation:
    "Check the reference and that the registry is reachable with the credentials the job has; the " +
    "message gives the registry's answer.",
  references: [],
  check: (model, ctx) =>
    model.images.flatMap((use) => {
      if (use.status !== "resolved") return [];
      const facts = factsOf(ctx, use);
      if (facts && facts.error === undefined) return [];
      const why = facts?.error ?? "no registry facts were gathered for it";
      return [{ region: use.region, message: `Could not check ${use.name}: ${why}.`, key: use.text }];
    }),
});

export const digestMissing = factsRule(
  {
    id: "base-image-digest-missing",
    title: "Pinned digest does not exist in the registry",
    severity: "error",
    description:
      "The reference pins a digest the registry does not have (a typo, or an image deleted or " +
      "garbage-collected), so the build fails when it pulls it.",
    remediation: "Pin the digest the tag points at now, or a digest that exists.",
    references: [PIN_DOCS],
  },
  (use, facts) => {
    if (use.reference.digest === undefined || facts.pinnedDigestExists !== false) return undefined;
    const fix = facts.tagDigest && hasExplicitTag(use) ? pinFix(use, facts.tagDigest) : undefined;
    return {
      message: `${use.reference.digest} is not in ${use.reference.registry}/${use.reference.repository}.`,
      ...(fix ? { fix } : {}),
    };
  },
);

export const staleDigest = factsRule(
  {
    id: "base-image-stale-digest",
    title: "Pinned digest is behind its tag",
    severity: "warning",
    description:
      "The tag now points at another image than the pinned digest: the base has been rebuilt (usually " +
      "with security fixes) since the pin was written.",
    remediation: "Move the pin to the digest the tag points at now (the suggestion does that).",
    references: [PIN_DOCS],
  },
  (use, facts) => {
    const pinned = use.reference.digest;
    if (pinned === undefined || !hasExplicitTag(use) || facts.tagDigest === undefined) return undefined;
    if (pinned === facts.tagDigest || facts.tagManifests?.includes(pinned)) return undefined;
    const fix = pinFix(use, facts.tagDigest);
    return {
      message: `${familiarImageReference({ ...use.reference, digest: undefined })} has moved on: it points at ${facts.tagDigest} now, the pin is ${pinned}.`,
      ...(fix ? { fix } : {}),
    };
  },
);

export const tooOld = factsRule(
  {
    id: "base-image-too-old",
    title: "Image older than the policy allows",
    severity: "warning",
    description:
      "The image was built longer ago than `base-images.max-age-days` (180 by default), so it likely " +
      "lacks security fixes. The build time comes from its provenance, else from its config's " +
      "`created`; reproducible-build placeholders such as 1970-01-01 count as unknown and pass.",
    remediation: "Move to a current tag of the image, or rebuild your own base.",
    references: [],
  },
  (use, facts, ctx) => {
    if (!facts.created || isPlaceholderTime(facts.created.time)) return undefined;
    const maxDays = ctx.policy.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
    const days = Math.floor((ctx.now - Date.parse(facts.created.time)) / DAY_MS);
    if (days <= maxDays) return undefined;
    return {
      message: `${use.text} was built ${days} days ago (${facts.created.time.slice(0, 10)}, from its ${facts.created.source}); the policy allows ${maxDays}.`,
    };
  },
);

/**
 * Whether an attestation may be believed: BuildKit's sit inside the index the reference resolves to;
 * a sigstore bundle found beside the image counts only when its signature verified.
 */
function counts(attestation: AttestationFacts): boolean {
  return attestation.form !== "sigstore-bundle" || attestation.verification?.status === "verified";
}

export const provenanceMissing = factsRule(
  {
    id: "base-image-provenance-missing",
    title: "Image has no SLSA provenance",
    severity: "note",
    description:
      "The image has no SLSA provenance attestation: none in its index (BuildKit attestation manifests, " +
      "in either form) and no verified sigstore bundle stored as its referrer (GitHub artifact " +
      "attestations, `cosign attest`). So nothing says how, from what source and by which builder it " +
      "was built. With `base-images.attestations.provenance: required` the finding is an error.",
    remediation: "Prefer images published with provenance (`docker buildx build --provenance=mode=max`).",
    references: [SLSA, ATTESTATION_DOCS],
  },
  (use, facts, ctx) => {
    if (
      facts.attestations.some((a) => counts(a) && a.predicateTypes.some((t) => PROVENANCE_TYPES.includes(t)))
    )
      return undefined;
    return ctx.policy.attestations?.provenance === "required"
      ? {
          message: `${use.text} has no SLSA provenance attestation, which the policy requires.`,
          severity: "error",
        }
      : { message: `${use.text} has no SLSA provenance attestation.` };
  },
);

/** The policy's builder allow-list, compiled once rather than for every image. */
const builderMatcherOf = oncePer((allowed: readonly string[]) => globMatcher(allowed));

export const builderNotAllowed = factsRule(
  {
    id: "base-image-builder-not-allowed",
    title: "Image built by a builder not on the allow-list",
    severity: "error",
    description:
      "The policy lists the builders it trusts (`base-images.allowed-builders`); this image's SLSA " +
      "provenance names another builder, or none that could be read. Provenance from a verified " +
      "sigstore bundle is judged by its signer's certificate identity (for GitHub artifact attestations, " +
      "the workflow that built the image), not by the builder id its signer wrote into it.",
    remediation: "Use an image built by a trusted builder, or add its builder id to the allow-list.",
    references: [SLSA, GITHUB_ATTESTATIONS],
  },
  (use, facts, ctx) => {
    const allowed = ctx.policy.allowedBuilders ?? [];
    if (allowed.length === 0) return undefined;
    const signer = facts.provenance?.signer;
    if (signer) {
      if (builderMatcherOf(allowed)(signer.identity)) return undefined;
      return {
        message: `${use.text}'s provenance is signed by ${signer.identity}, which is not an allowed builder.`,
      };
    }
    const builder = facts.provenance?.builderId;
    if (builder !== undefined && builderMatcherOf(allowed)(builder)) return undefined;
    return {
      message:
        builder === undefined
          ? `${use.text} has no readable SLSA builder id, and the policy allows only ${allowed.join(", ")}.`
          : `${use.text} was built by ${builder}, which is not an allowed builder.`,
    };
  },
);

export const attestationRejected = factsRule(
  {
    id: "base-image-attestation-rejected",
    title: "Attestation stored with the image does not verify",
    severity: "warning",
    description:
      "A sigstore bundle stored as a referrer of the image (GitHub artifact attestations, `cosign " +
      "attest`) claims to be its SLSA provenance, but its signature does not verify against the trusted " +
      "root, or it cannot be read (malformed, too large), or the image's referrers could not be listed. " +
      "It is not counted as provenance: anyone who can push to the repository can store a referrer.",
    remediation:
      "Check who stored the attestation; for a private Sigstore instance, pass its trusted root " +
      "(`--trusted-root`). The message gives the reason for each bundle.",
    references: [GITHUB_ATTESTATIONS],
  },
  (use, facts) => {
    const rejected = facts.attestations.flatMap((a) =>
      a.verification?.status === "rejected" ? [`${a.digest}: ${a.verification.detail ?? "rejected"}`] : [],
    );
    if (facts.referrersError !== undefined)
      rejected.push(`its referrers could not be listed: ${facts.referrersError}`);
    if (rejected.length === 0) return undefined;
    return {
      message: `${use.text} has attestations that were not counted: ${rejected.join("; ")}.`,
    };
  },
);

export const unsigned = factsRule(
  {
    id: "base-image-unsigned",
    title: "Image has no signature",
    severity: "warning",
    description: "No signature was found for the image, so nothing ties it to its publisher.",
    remediation: "Prefer images their publisher signs (cosign, GitHub artifact attestations).",
    references: [],
  },
  (use, facts) =>
    facts.signature?.status === "unsigned" ? { message: `${use.text} is not signed.` } : undefined,
);

export const signatureUntrusted = factsRule(
  {
    id: "base-image-signature-untrusted",
    title: "Image signature not from a trusted identity",
    severity: "error",
    description:
      "The image is signed, but not by an identity the policy trusts for it, or the signature could not " +
      "be verified.",
    remediation: "Check who publishes the image; add its signer identity to the policy only if you trust it.",
    references: [],
  },
  (use, facts) => {
    const signature = facts.signature;
    if (signature?.status !== "untrusted" && signature?.status !== "error") return undefined;
    const who = signature.identity ? ` (signed by ${signature.identity})` : "";
    return {
      message: `${use.text}'s signature is not trusted${who}: ${signature.detail ?? signature.status}.`,
    };
  },
);

export const originAnnotations = factsRule(
  {
    id: "base-image-origin",
    title: "Where the image says it comes from",
    severity: "note",
    description:
      "The image's OCI annotations name its own base image and the source and revision it was built " +
      "from, and who signed its verified provenance. Shown for review; not a problem in itself.",
    remediation: "Nothing to fix.",
    references: [
      {
        title: "OCI: Annotations",
        url: "https://github.com/opencontainers/image-spec/blob/main/annotations.md",
      },
    ],
  },
  (use, facts) => {
    const parts = ORIGIN_ANNOTATIONS.flatMap((key) => {
      const value = facts.annotations[key];
      return value ? [`${key.replace("org.opencontainers.image.", "")}=${value}`] : [];
    });
    const signer = facts.provenance?.signer;
    if (signer)
      parts.push(
        `provenance signed by ${signer.identity}${signer.issuer ? ` (issuer ${signer.issuer})` : ""}`,
      );
    return parts.length > 0 ? { message: `${use.text}: ${parts.join(", ")}.` } : undefined;
  },
);

export const registryRules: readonly DockerfileRule[] = [
  unverifiable,
  digestMissing,
  staleDigest,
  tooOld,
  provenanceMissing,
  builderNotAllowed,
  attestationRejected,
  unsigned,
  signatureUntrusted,
  originAnnotations,
];

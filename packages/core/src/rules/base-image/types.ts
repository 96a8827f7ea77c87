import type { DockerfileModel } from "../../dockerfile/model.js";
import type { Fix, Region, Severity } from "../../findings/types.js";
import type { RuleMeta } from "../types.js";

/**
 * Where base images may come from: a registry host glob and, optionally, repository globs inside it.
 * `{ registry: "ghcr.io", repositories: ["acme/**"] }` allows every image under ghcr.io/acme;
 * `{ registry: "docker.io", repositories: ["library/*"] }` allows Docker Official Images only;
 * `{ registry: "*.dkr.ecr.*.amazonaws.com" }` allows every repository of any ECR registry.
 * Docker Hub is `docker.io`; references are normalised before matching, so `nginx` is
 * `docker.io/library/nginx`.
 */
export interface AllowedSource {
  registry: string;
  /** Globs on the repository path; absent: every repository of the registry. */
  repositories?: string[];
}

/**
 * The base-image policy (`base-images:` in `.bulwark.yaml`). Every field is optional; a rule whose
 * setting is absent uses the default said here.
 */
export interface BaseImagePolicy {
  /** The allow-list. Absent or empty: images may come from anywhere (`base-image-not-allowed` is silent). */
  allowedSources?: AllowedSource[];
  /** Oldest acceptable image, in days since it was built (`base-image-too-old`). Default 180. */
  maxAgeDays?: number;
  /**
   * Globs on SLSA provenance builder ids (`https://github.com/docker/buildkit/**`). When set, an image
   * whose provenance names another builder, or none, is reported (`base-image-builder-not-allowed`).
   * For provenance from a verified sigstore bundle (GitHub artifact attestations, `cosign attest`) the
   * globs are matched against the signer's certificate identity instead, such as
   * `https://github.com/acme/app/.github/workflows/release.yml@refs/tags/**`: GitHub's predicate names
   * only the runner (`https://github.com/actions/runner/github-hosted`, the same for every repository),
   * and a bundle's builder id is whatever its signer wrote, while the identity is what Fulcio vouched for.
   */
  allowedBuilders?: string[];
  /** Attestations an image must carry; absent kinds are optional (`base-image-provenance-missing`). */
  attestations?: Partial<Record<AttestationKind, Requirement>>;
  /**
   * Who is trusted to sign which images. An image some entry's `images` match must be signed by one of
   * the matching entries (`signersFor`); the signature verifier checks it and fills `SignatureFacts`.
   */
  signers?: TrustedSigner[];
  /** ARG values, as `--build-arg` gives them; values given to the run itself win. */
  buildArgs?: Record<string, string>;
}

export type AttestationKind = "provenance";

/** required: a missing one is an error; optional: the rule reports it at its own severity. */
export type Requirement = "required" | "optional";

/**
 * An expected value: the exact text, or a regular expression the whole text must match. The shape of
 * the signature verifier's `Matcher` (@bulwark/sigstore), so a signer entry can be handed to it as is.
 */
export type ValueMatcher = string | { regexp: string };

/**
 * The GitHub workflow claims Fulcio writes into a keyless certificate, by Fulcio's names; in
 * `.bulwark.yaml` they are cosign's `--certificate-github-workflow-*` flags without the prefix.
 */
export type GitHubWorkflowClaim =
  | "githubWorkflowRepository"
  | "githubWorkflowRef"
  | "githubWorkflowTrigger"
  | "githubWorkflowSha"
  | "githubWorkflowName";

/** Images (globs on the normalised name `registry/repository`, no tag or digest) a signer vouches for. */
interface SignerScope {
  images: string[];
}

/**
 * A keyless signer: the certificate identity and OIDC issuer Fulcio recorded (cosign's
 * `--certificate-identity[-regexp]` and `--certificate-oidc-issuer[-regexp]`), and optionally GitHub
 * workflow claims, all of which must match. Without `kind` and `images` it is the verifier's
 * `IdentityPolicy`.
 */
export interface KeylessSigner extends SignerScope {
  kind: "identity";
  identity: ValueMatcher;
  issuer: ValueMatcher;
  claims?: Partial<Record<GitHubWorkflowClaim, string>>;
}

/** A signer with a public key (cosign's `--key`): the adapter reads the PEM file at `key`. */
export interface KeySigner extends SignerScope {
  kind: "key";
  /** Path of a PEM public key, relative to the directory of `.bulwark.yaml`. */
  key: string;
}

export type TrustedSigner = KeylessSigner | KeySigner;

export const DEFAULT_MAX_AGE_DAYS = 180;

/** How an attestation was stored with the image. */
export type AttestationForm =
  /** BuildKit: an index entry annotated `vnd.docker.reference.type: attestation-manifest` (its default). */
  | "buildkit-annotation"
  /** BuildKit: an OCI artifact, `artifactType` set and a `subject` naming the image (`oci-artifact=true`). */
  | "oci-artifact"
  /**
   * A signed sigstore bundle stored as a referrer of the image (GitHub artifact attestations with
   * `push-to-registry`, `cosign attest` 3): counts only once its signature verified.
   */
  | "sigstore-bundle";

/** What checking a sigstore bundle's signature against the run's trusted root found. */
export interface AttestationVerification {
  /** verified: signed through the trusted root's Fulcio and logs; rejected: not, or not readable. */
  status: "verified" | "rejected";
  /** The certificate's subject alternative name, when verified: a workflow URI, an email address. */
  identity?: string;
  /** The OIDC issuer Fulcio recorded, when verified. */
  issuer?: string;
  /** Why it was rejected, in words. */
  detail?: string;
}

export interface AttestationFacts {
  form: AttestationForm;
  /** The attestation manifest (for sigstore bundles: the referrer manifest). */
  digest: string;
  /** The image manifest (or index) it describes. */
  subject?: string;
  /** The in-toto predicate types it holds: `https://slsa.dev/provenance/v1`, `https://spdx.dev/Document`. */
  predicateTypes: string[];
  /** Sigstore bundles only: the signature check. Unsigned BuildKit attestations have none. */
  verification?: AttestationVerification;
}

/** What the SLSA provenance of the image says, when it could be read. */
export interface ProvenanceFacts {
  /** `https://slsa.dev/provenance/v0.2` or `https://slsa.dev/provenance/v1`. */
  predicateType: string;
  /** `builder.id` (v0.2) or `runDetails.builder.id` (v1). */
  builderId?: string;
  /** When the build finished (or started), as the provenance records it. */
  buildTime?: string;
  /** Who signed it, for provenance from a verified sigstore bundle; absent for BuildKit's unsigned ones. */
  signer?: { identity: string; issuer?: string };
}

/** Filled by the signature verifier (@bulwark/sigstore) against the configured signer identities. */
export interface SignatureFacts {
  /**
   * verified: signed by a trusted identity; unsigned: no signature found; untrusted: signed, but by
   * no trusted identity or not verifiable against the trust root; error: verification could not run.
   */
  status: "verified" | "unsigned" | "untrusted" | "error";
  /** The signer (certificate identity or key) when one was found. */
  identity?: string;
  issuer?: string;
  /** Why it is not verified, in words. */
  detail?: string;
}

/** The OCI annotations about an image's origin that the report surfaces. */
export const ORIGIN_ANNOTATIONS = [
  "org.opencontainers.image.base.name",
  "org.opencontainers.image.base.digest",
  "org.opencontainers.image.source",
  "org.opencontainers.image.revision",
] as const;

/**
 * What the registry says about one normalised reference (`docker.io/library/nginx:1.27`) read for one
 * platform, gathered by an adapter (`collectBaseImageFacts` in @bulwark/oci) and handed to the pure rules.
 */
export interface BaseImageFacts {
  reference: string;
  /** Set when the registry could not be asked or answered wrongly; the other facts are then absent. */
  error?: string;
  /** What the tag points at now (an index or a manifest): the digest a pin should use. */
  tagDigest?: string;
  /** The platform manifests of that index: a pin to one of them is as current as a pin to the index. */
  tagManifests?: string[];
  /** For a reference with a digest: whether the registry has it. */
  pinnedDigestExists?: boolean;
  /** When the image was built, from provenance or the config's `created`; absent when unknown. */
  created?: { time: string; source: "provenance" | "config" };
  /** The config's `User`: "" when the image sets none (it runs as root). */
  user?: string;
  attestations: AttestationFacts[];
  /** Set when the image's referrers could not be listed, so sigstore bundles were not looked for. */
  referrersError?: string;
  /** From a verified sigstore bundle when there is one, else from BuildKit's attestations. */
  provenance?: ProvenanceFacts;
  /** The origin annotations (ORIGIN_ANNOTATIONS) found on the index or manifest. */
  annotations: Record<string, string>;
  /** Absent until the signature verifier has run. */
  signature?: SignatureFacts;
}

export interface DockerfileRuleContext {
  policy: BaseImagePolicy;
  /** Facts per target, by `factsKey` (reference and platform); absent offline, when the rules that need them do not run. */
  facts?: ReadonlyMap<string, BaseImageFacts>;
  /** The run's time in epoch milliseconds: image age is measured against it. */
  now: number;
  /** The stage whose image is the build's result (`--target`); the last stage when absent. */
  target?: string;
}

/** What a Dockerfile rule reports; the checker adds rule, severity, path and fingerprint. */
export interface DockerfileViolation {
  region: Region;
  message: string;
  /** Identifies the finding across edits that move it: the reference text, the stage name. */
  key: string;
  fix?: Fix;
  /** What the policy makes of this finding (a required attestation missing), unless config sets one. */
  severity?: Severity;
}

export interface DockerfileRule extends RuleMeta {
  scope: "dockerfile";
  /** Needs registry facts: does not run offline. */
  online: boolean;
  check(model: DockerfileModel, ctx: DockerfileRuleContext): DockerfileViolation[];
}

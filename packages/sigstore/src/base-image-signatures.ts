import {
  type BaseImageFacts,
  type BaseImagePolicy,
  ConfigError,
  parseImageReference,
  type SignatureFacts,
  signersFor,
  type TrustedSigner,
} from "@bulwark/core";
import { bounded, mapConcurrent, type RegistryClient } from "@bulwark/oci";
import type { TrustedRoot } from "@sigstore/protobuf-specs";
import { isVerificationFailure, type VerificationFailure } from "./errors.js";
import { type Logger, silentLogger } from "./logger.js";
import type { SignerPolicy } from "./policy.js";
import { BundleVerifier } from "./verifier.js";
import { verifyImage } from "./verify-image.js";

export interface BaseImageSignatureOptions {
  client: RegistryClient;
  /** Called once, and only when some image has a configured signer (loading it may use the network). */
  trustedRoot: () => Promise<TrustedRoot>;
  /** The PEM public key of a key signer; the adapter resolves `key` against the config's directory. */
  readKey: (path: string) => Promise<string>;
  /** Accept key signatures without a transparency-log entry (cosign's `--insecure-ignore-tlog`). */
  ignoreTlog?: boolean;
  /** Images verified at once. Default 4. */
  concurrency?: number;
  /** Bound on one image's verification; past it, its signature facts say it timed out. Default 60 s. */
  timeoutMs?: number;
  /** The run's deadline: images not verified when it aborts get an error with its reason's message. */
  signal?: AbortSignal;
  logger?: Logger;
}

/** One image to verify: a digest in a repository, and the facts (by key) of every reference and platform that pull it. */
interface SignedSubject {
  image: string;
  signers: TrustedSigner[];
  keys: string[];
}

/**
 * Fills `signature` in the facts of every image the policy names trusted signers for, so the
 * base-image-unsigned and base-image-signature-untrusted rules can judge it. Each distinct image
 * (repository and digest, however many references and platforms pull it) is verified once, a bounded number at a
 * time, against the signers whose patterns match it; a signature from any one of them is enough.
 * Images without a configured signer, and images the registry gave no facts for, are left as they are.
 */
export async function addSignatureFacts(
  facts: ReadonlyMap<string, BaseImageFacts>,
  policy: Pick<BaseImagePolicy, "signers">,
  options: BaseImageSignatureOptions,
): Promise<Map<string, BaseImageFacts>> {
  const subjects = signedSubjects(facts, policy);
  const result = new Map(facts);
  if (subjects.length === 0) return result;
  const verifiers = new SignerVerifiers(options);
  const logger = options.logger ?? silentLogger;
  const failed = (detail: string): SignatureFacts => ({ status: "error", detail });
  await mapConcurrent(subjects, options.concurrency ?? 4, async (subject) => {
    const signature = await bounded(
      () => verifySubject(subject, verifiers, options.client),
      options.timeoutMs ?? 60_000,
      options.signal,
      failed,
    );
    logger.debug(
      `${subject.image}: signature ${signature.status}${signature.detail ? ` (${signature.detail})` : ""}`,
    );
    for (const key of subject.keys) result.set(key, { ...facts.get(key)!, signature });
  });
  return result;
}

/** The distinct images that need a signature check, by `registry/repository@digest`. */
function signedSubjects(
  facts: ReadonlyMap<string, BaseImageFacts>,
  policy: Pick<BaseImagePolicy, "signers">,
): SignedSubject[] {
  const subjects = new Map<string, SignedSubject>();
  for (const [key, fact] of facts) {
    if (fact.error !== undefined || fact.pinnedDigestExists === false) continue;
    const reference = parseImageReference(fact.reference);
    const signers = signersFor(policy, reference);
    // The image the build pulls: the pinned digest, else what the tag points at now.
    const digest = reference.digest ?? fact.tagDigest;
    if (signers.length === 0 || digest === undefined) continue;
    const image = `${reference.registry}/${reference.repository}@${digest}`;
    const subject = subjects.get(image) ?? { image, signers, keys: [] };
    subject.keys.push(key);
    subjects.set(image, subject);
  }
  return [...subjects.values()];
}

async function verifySubject(
  subject: SignedSubject,
  verifiers: SignerVerifiers,
  client: RegistryClient,
): Promise<SignatureFacts> {
  const failures: { signer: TrustedSigner; failure: VerificationFailure }[] = [];
  for (const signer of subject.signers) {
    try {
      const verified = await verifyImage(subject.image, { verifier: await verifiers.of(signer), client });
      const identity = verified.signatures.find((s) => s.identity)?.identity;
      return {
        status: "verified",
        identity: identity?.subject ?? (signer.kind === "key" ? `key ${signer.key}` : "unknown"),
        ...(identity?.claims.issuer ? { issuer: identity.claims.issuer } : {}),
      };
    } catch (error) {
      // A key file that is missing or a bad pattern is the config's mistake, not the image's.
      if (error instanceof ConfigError) throw error;
      if (!isVerificationFailure(error)) return { status: "error", detail: messageOf(error) };
      failures.push({ signer, failure: error });
    }
  }
  const found = failures.filter(({ failure }) => failure.code !== "NO_SIGNATURE");
  if (found.length === 0) return { status: "unsigned" };
  const detail = found.map(({ signer, failure }) => `for ${describeSigner(signer)}, ${reason(failure)}`);
  return { status: "untrusted", detail: detail.join("; ") };
}

function describeSigner(signer: TrustedSigner): string {
  if (signer.kind === "key") return `the key ${signer.key}`;
  const identity = typeof signer.identity === "string" ? signer.identity : `/${signer.identity.regexp}/`;
  return `the identity ${identity}`;
}

/** The failure of the stored signature that got furthest; verifyImage's message repeats the image. */
function reason(failure: VerificationFailure): string {
  return failure.cause instanceof Error ? failure.cause.message : failure.message;
}

/** One BundleVerifier per configured signer, built when first needed and reused for every image. */
class SignerVerifiers {
  private root: Promise<TrustedRoot> | undefined;
  private readonly built = new Map<TrustedSigner, Promise<BundleVerifier>>();

  constructor(private readonly options: BaseImageSignatureOptions) {}

  of(signer: TrustedSigner): Promise<BundleVerifier> {
    let verifier = this.built.get(signer);
    if (!verifier) {
      verifier = this.build(signer);
      this.built.set(signer, verifier);
    }
    return verifier;
  }

  private async build(signer: TrustedSigner): Promise<BundleVerifier> {
    const policy = await this.policyOf(signer);
    this.root ??= this.options.trustedRoot();
    return new BundleVerifier({
      trustedRoot: await this.root,
      signer: policy,
      ...(this.options.ignoreTlog ? { ignoreTlog: true } : {}),
    });
  }

  private async policyOf(signer: TrustedSigner): Promise<SignerPolicy> {
    if (signer.kind === "key") return { kind: "key", publicKey: await this.options.readKey(signer.key) };
    return {
      kind: "identity",
      identity: signer.identity,
      issuer: signer.issuer,
      ...(signer.claims ? { claims: signer.claims } : {}),
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { ConfigError } from "@bulwark/core";
import type { Bundle, Envelope } from "@sigstore/bundle";
import { crypto, dsse, X509Certificate } from "@sigstore/core";
import type { TrustedRoot } from "@sigstore/protobuf-specs";
import {
  PolicyError,
  type SignedEntity,
  type TrustMaterial,
  toSignedEntity,
  toTrustMaterial,
  VerificationError,
  Verifier,
} from "@sigstore/verify";
import { type SignerIdentity, signerIdentity } from "./claims.js";
import { VerificationFailure, type VerificationFailureCode } from "./errors.js";
import { type CompiledIdentityPolicy, compileIdentityPolicy, type SignerPolicy } from "./policy.js";

export interface BundleVerifierOptions {
  trustedRoot: TrustedRoot;
  signer: SignerPolicy;
  /**
   * Accept signatures without a transparency-log entry or timestamp (cosign's
   * `--insecure-ignore-tlog`), for keys used with `--tlog-upload=false`. Entries that are present
   * are still verified.
   */
  ignoreTlog?: boolean;
}

/** What a verified bundle proves: who signed, and where the transparency log recorded it. */
export interface VerifiedSignature {
  /** The certificate identity, for keyless signatures. */
  identity?: SignerIdentity;
  /** Log indexes of the transparency-log entries that were verified. */
  tlogIndexes: string[];
}

/**
 * Verifies sigstore bundles against one trusted root and one signer policy: built once, used for
 * every signature of every image. Checks the cryptography with `@sigstore/verify` (signature,
 * certificate chain, SCTs, transparency-log inclusion, timestamps), then who signed. What was
 * signed (the image digest) is the caller's check, on the payload this has proven authentic.
 */
export class BundleVerifier {
  private readonly verifier: Verifier;
  private readonly key: KeyObject | undefined;
  private readonly identityPolicy: CompiledIdentityPolicy | undefined;
  private readonly ignoreTlog: boolean;

  constructor(options: BundleVerifierOptions) {
    this.ignoreTlog = options.ignoreTlog ?? false;
    let trust: TrustMaterial;
    if (options.signer.kind === "key") {
      this.key = parsePublicKey(options.signer.publicKey);
      const key = this.key;
      trust = toTrustMaterial(options.trustedRoot, () => ({ publicKey: key, validFor: () => true }));
    } else {
      this.identityPolicy = compileIdentityPolicy(options.signer);
      trust = toTrustMaterial(options.trustedRoot);
    }
    const threshold = this.ignoreTlog ? 0 : 1;
    this.verifier = new Verifier(trust, {
      tlogThreshold: threshold,
      timestampThreshold: threshold,
      ctlogThreshold: 1,
    });
  }

  /** Verifies a bundle; `artifact` is the signed bytes of a message signature. Throws VerificationFailure. */
  verify(bundle: Bundle, artifact?: Buffer): VerifiedSignature {
    const entity = signedEntity(bundle, artifact);
    this.checkKeyKind(entity);
    try {
      this.verifier.verify(entity);
    } catch (error) {
      throw failureFrom(error);
    }
    const tlogIndexes = entity.tlogEntries.map((entry) => entry.logIndex);
    if (entity.key.$case !== "certificate") return { tlogIndexes };
    const identity = signerIdentity(entity.key.certificate);
    const mismatch = this.identityPolicy?.mismatch(identity);
    if (mismatch) throw new VerificationFailure("IDENTITY_MISMATCH", `signer ${mismatch}`);
    return { identity, tlogIndexes };
  }

  /** A key policy needs a signature by that key; an identity policy needs a certificate. */
  private checkKeyKind(entity: SignedEntity): void {
    const { key } = entity;
    if (this.key) {
      if (key.$case === "certificate" && !sameKey(createPublicKey(key.certificate.publicKey), this.key)) {
        throw new VerificationFailure(
          "IDENTITY_MISMATCH",
          "signed with a certificate for another key than the one given",
        );
      }
      return;
    }
    if (key.$case === "public-key") {
      throw new VerificationFailure(
        "IDENTITY_MISMATCH",
        "signed with a key, not a certificate: verify it with the public key",
      );
    }
    if (this.ignoreTlog && entity.timestamps.length === 0) {
      throw new VerificationFailure(
        "CRYPTO_FAILURE",
        "a certificate signature without a transparency-log entry or timestamp cannot be checked against the certificate's validity",
      );
    }
  }
}

function signedEntity(bundle: Bundle, artifact: Buffer | undefined): SignedEntity {
  if (bundle.content.$case === "messageSignature") {
    if (!artifact)
      throw new VerificationFailure("DIGEST_MISMATCH", "no artifact to check a message signature against");
    const { messageDigest } = bundle.content.messageSignature;
    const algorithm =
      { 1: "sha256", 2: "sha384", 3: "sha512" }[messageDigest.algorithm as number] ?? "sha256";
    if (!createHash(algorithm).update(artifact).digest().equals(messageDigest.digest)) {
      throw new VerificationFailure(
        "DIGEST_MISMATCH",
        "the bundle's message digest is not the artifact's digest",
      );
    }
  }
  rejectEmbeddedRoot(bundle);
  try {
    const entity = toSignedEntity(bundle, artifact);
    return bundle.content.$case === "dsseEnvelope" && logsHashedDsse(bundle)
      ? { ...entity, signature: acceptingPaeDigest(entity.signature, bundle.content.dsseEnvelope) }
      : entity;
  } catch (error) {
    throw new VerificationFailure(
      "CRYPTO_FAILURE",
      `unreadable verification material: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Rekor v2 logs a DSSE envelope as a `hashedrekord` entry over the digest of its pre-authentication
 * encoding (rekor-v2-spec 6.1.4); the sigstore-js release that runs on Node 20 compares the payload
 * digest only. Accepting the PAE digest as well binds the entry to the same envelope, since the
 * PAE contains the payload type and the whole payload.
 */
/** Trust anchors come from the trusted root only; a bundle that ships its own root is refused. */
function rejectEmbeddedRoot(bundle: Bundle): void {
  const material = bundle.verificationMaterial.content;
  if (material.$case !== "x509CertificateChain") return;
  for (const { rawBytes } of material.x509CertificateChain.certificates.slice(1)) {
    let certificate: X509Certificate;
    try {
      certificate = X509Certificate.parse(Buffer.from(rawBytes));
    } catch (error) {
      throw new VerificationFailure("CRYPTO_FAILURE", "the bundle's certificate chain is unreadable", {
        cause: error,
      });
    }
    if (certificate.issuer.equals(certificate.subject) && certificate.verify()) {
      throw new VerificationFailure("UNTRUSTED_ROOT", "the bundle carries a root certificate of its own");
    }
  }
}

type SignatureContent = SignedEntity["signature"];

function logsHashedDsse(bundle: Bundle): boolean {
  return bundle.verificationMaterial.tlogEntries.some((entry) => entry.kindVersion?.kind === "hashedrekord");
}

function acceptingPaeDigest(content: SignatureContent, envelope: Envelope): SignatureContent {
  const paeDigest = createHash("sha256")
    .update(dsse.preAuthEncoding(envelope.payloadType, envelope.payload))
    .digest();
  return {
    signature: content.signature,
    compareSignature: (signature) => content.compareSignature(signature),
    verifySignature: (key) => content.verifySignature(key),
    compareDigest: (digest) => content.compareDigest(digest) || crypto.bufferEqual(digest, paeDigest),
  };
}

/** sigstore-js error codes, sorted into what a user can act on. */
function failureFrom(error: unknown): VerificationFailure {
  if (error instanceof VerificationFailure) return error;
  if (error instanceof PolicyError)
    return new VerificationFailure("IDENTITY_MISMATCH", error.message, { cause: error });
  if (error instanceof VerificationError) {
    const code: VerificationFailureCode =
      error.code === "CERTIFICATE_ERROR" ? "UNTRUSTED_ROOT" : "CRYPTO_FAILURE";
    return new VerificationFailure(code, `${error.message} (${error.code})`, { cause: error });
  }
  return new VerificationFailure("CRYPTO_FAILURE", (error as Error)?.message ?? String(error), {
    cause: error,
  });
}

function parsePublicKey(pem: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch {
    throw new ConfigError("The public key is not a PEM public key (-----BEGIN PUBLIC KEY-----).");
  }
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: "spki", format: "der" }).equals(b.export({ type: "spki", format: "der" }));
}

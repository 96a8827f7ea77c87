import { createHash } from "node:crypto";
import {
  BUNDLE_V01_MEDIA_TYPE,
  type Bundle,
  bundleFromJSON,
  envelopeFromJSON,
  envelopeToJSON,
  type SerializedBundle,
} from "@sigstore/bundle";
import { pem, X509Certificate } from "@sigstore/core";
import { SigningError, VerificationFailure } from "./errors.js";

/**
 * cosign's original storage: a `sha256-<hex>.sig` (or `.att`) tag whose manifest layers are the
 * signed payloads, with the signature, certificate and Rekor proof in layer annotations. Each layer
 * is read into a sigstore bundle here so one verifier checks both formats.
 */
export const LegacyMediaType = {
  SimpleSigning: "application/vnd.dev.cosign.simplesigning.v1+json",
  DsseEnvelope: "application/vnd.dsse.envelope.v1+json",
} as const;

export const LegacyAnnotation = {
  Signature: "dev.cosignproject.cosign/signature",
  Certificate: "dev.sigstore.cosign/certificate",
  Chain: "dev.sigstore.cosign/chain",
  Bundle: "dev.sigstore.cosign/bundle",
  Timestamp: "dev.sigstore.cosign/rfc3161timestamp",
  PredicateType: "predicateType",
} as const;

export type LegacyKind = "sig" | "att";

/** `sha256-<hex>.sig` for the image `sha256:<hex>`. */
export function legacyTag(digest: string, kind: LegacyKind): string {
  return `${digest.replace(":", "-")}.${kind}`;
}

/** The simple-signing payload `cosign sign` signs for an image. */
export function simpleSigningPayload(repository: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { "docker-reference": repository },
        image: { "docker-manifest-digest": digest },
        type: "cosign container image signature",
      },
      optional: null,
    }),
  );
}

/** The image digest a verified simple-signing payload names. */
export function simpleSigningDigest(payload: Buffer): string {
  let doc: { critical?: { image?: { "docker-manifest-digest"?: unknown }; type?: unknown } };
  try {
    doc = JSON.parse(payload.toString("utf8"));
  } catch (error) {
    throw new VerificationFailure("DIGEST_MISMATCH", "the signed payload is not JSON", { cause: error });
  }
  const digest = doc?.critical?.image?.["docker-manifest-digest"];
  if (doc?.critical?.type !== "cosign container image signature" || typeof digest !== "string") {
    throw new VerificationFailure(
      "DIGEST_MISMATCH",
      "the signed payload is not a cosign simple-signing payload",
    );
  }
  return digest;
}

/** cosign's Rekor proof annotation: the entry and its signed entry timestamp. */
interface RekorBundleAnnotation {
  SignedEntryTimestamp: string;
  Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
}

export interface LegacyLayer {
  mediaType: string;
  bytes: Buffer;
  annotations: Record<string, string>;
}

/** The `.att` layer: the DSSE envelope itself, with its proofs in annotations. */
export function toLegacyAttestationLayer(bundle: Bundle, predicateType: string): LegacyLayer {
  if (bundle.content.$case !== "dsseEnvelope")
    throw new SigningError("STORE", "an .att layer holds a DSSE envelope");
  return {
    mediaType: LegacyMediaType.DsseEnvelope,
    bytes: Buffer.from(JSON.stringify(envelopeToJSON(bundle.content.dsseEnvelope))),
    annotations: {
      [LegacyAnnotation.Signature]: "",
      [LegacyAnnotation.PredicateType]: predicateType,
      ...materialAnnotations(bundle.verificationMaterial),
    },
  };
}

/** The `.sig` layer: the simple-signing payload with its message signature in annotations. */
export function toLegacySignatureLayer(bundle: Bundle, payload: Buffer): LegacyLayer {
  if (bundle.content.$case !== "messageSignature") {
    throw new SigningError("STORE", "a .sig layer holds a message signature");
  }
  return {
    mediaType: LegacyMediaType.SimpleSigning,
    bytes: payload,
    annotations: {
      [LegacyAnnotation.Signature]: Buffer.from(bundle.content.messageSignature.signature).toString("base64"),
      ...materialAnnotations(bundle.verificationMaterial),
    },
  };
}

function materialAnnotations(material: Bundle["verificationMaterial"]): Record<string, string> {
  const annotations: Record<string, string> = {};
  const certificates =
    material.content.$case === "x509CertificateChain"
      ? material.content.x509CertificateChain.certificates
      : material.content.$case === "certificate"
        ? [material.content.certificate]
        : [];
  const [leaf, ...chain] = certificates.map((c) => pem.fromDER(Buffer.from(c.rawBytes)));
  if (leaf) annotations[LegacyAnnotation.Certificate] = leaf;
  if (chain.length > 0) annotations[LegacyAnnotation.Chain] = chain.join("");
  const entry = material.tlogEntries[0];
  if (entry) {
    if (!entry.inclusionPromise) {
      throw new SigningError(
        "STORE",
        "the legacy format needs a Rekor entry with a signed entry timestamp (Rekor v1)",
      );
    }
    const rekor: RekorBundleAnnotation = {
      SignedEntryTimestamp: Buffer.from(entry.inclusionPromise.signedEntryTimestamp).toString("base64"),
      Payload: {
        body: Buffer.from(entry.canonicalizedBody).toString("base64"),
        integratedTime: Number(entry.integratedTime),
        logIndex: Number(entry.logIndex),
        logID: Buffer.from(entry.logId.keyId).toString("hex"),
      },
    };
    annotations[LegacyAnnotation.Bundle] = JSON.stringify(rekor);
  }
  const timestamp = material.timestampVerificationData?.rfc3161Timestamps[0];
  if (timestamp) {
    annotations[LegacyAnnotation.Timestamp] = JSON.stringify({
      SignedRFC3161Timestamp: Buffer.from(timestamp.signedTimestamp).toString("base64"),
    });
  }
  return annotations;
}

/**
 * Reads a legacy layer (its bytes already checked against the layer digest) into a bundle that
 * `BundleVerifier` checks like any other. A layer without a certificate was signed with a key.
 */
export function fromLegacyLayer(layer: LegacyLayer): Bundle {
  const a = layer.annotations;
  const rekorBundle = a[LegacyAnnotation.Bundle];
  const timestamp = a[LegacyAnnotation.Timestamp];
  try {
    const certificates = [
      ...splitPem(a[LegacyAnnotation.Certificate] ?? ""),
      ...splitPem(a[LegacyAnnotation.Chain] ?? ""),
    ].map((text) => ({ rawBytes: X509Certificate.parse(text).root.toDER().toString("base64") }));
    const material: SerializedBundle["verificationMaterial"] = {
      ...(certificates.length > 0 ? { x509CertificateChain: { certificates } } : { publicKey: { hint: "" } }),
      tlogEntries: rekorBundle ? [tlogEntry(JSON.parse(rekorBundle))] : [],
      timestampVerificationData: timestamp
        ? { rfc3161Timestamps: [{ signedTimestamp: JSON.parse(timestamp).SignedRFC3161Timestamp }] }
        : undefined,
    } as SerializedBundle["verificationMaterial"];
    const content =
      layer.mediaType === LegacyMediaType.DsseEnvelope
        ? { dsseEnvelope: envelopeToJSON(envelopeFromJSON(JSON.parse(layer.bytes.toString("utf8")))) }
        : {
            messageSignature: {
              messageDigest: {
                algorithm: "SHA2_256",
                digest: createHash("sha256").update(layer.bytes).digest("base64"),
              },
              signature: a[LegacyAnnotation.Signature] ?? "",
            },
          };
    return bundleFromJSON({ mediaType: BUNDLE_V01_MEDIA_TYPE, verificationMaterial: material, ...content });
  } catch (error) {
    throw new VerificationFailure(
      "CRYPTO_FAILURE",
      `unreadable legacy signature: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function tlogEntry(rekor: RekorBundleAnnotation) {
  const body = JSON.parse(Buffer.from(rekor.Payload.body, "base64").toString("utf8")) as {
    kind: string;
    apiVersion: string;
  };
  return {
    logIndex: String(rekor.Payload.logIndex),
    logId: { keyId: Buffer.from(rekor.Payload.logID, "hex").toString("base64") },
    kindVersion: { kind: body.kind, version: body.apiVersion },
    integratedTime: String(rekor.Payload.integratedTime),
    inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
    inclusionProof: undefined,
    canonicalizedBody: rekor.Payload.body,
  };
}

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

import { ASN1Obj, type X509Certificate } from "@sigstore/core";

/**
 * The claims Fulcio copies from the OIDC token into certificate extensions, by Fulcio's names
 * (docs/oid-info.md in sigstore/fulcio). Arc 1.3.6.1.4.1.57264.1.
 */
const FULCIO_ARC = "1.3.6.1.4.1.57264.1";

/** Extensions .1 to .6: deprecated, their value is the raw string. Still issued for GitHub. */
const RAW_CLAIMS = {
  githubWorkflowTrigger: 2,
  githubWorkflowSha: 3,
  githubWorkflowName: 4,
  githubWorkflowRepository: 5,
  githubWorkflowRef: 6,
} as const;

/** Extensions .8 onward: their value is a DER UTF8String, decoded before comparing. */
const DER_CLAIMS = {
  issuer: 8,
  buildSignerURI: 9,
  buildSignerDigest: 10,
  runnerEnvironment: 11,
  sourceRepositoryURI: 12,
  sourceRepositoryDigest: 13,
  sourceRepositoryRef: 14,
  sourceRepositoryIdentifier: 15,
  sourceRepositoryOwnerURI: 16,
  sourceRepositoryOwnerIdentifier: 17,
  buildConfigURI: 18,
  buildConfigDigest: 19,
  buildTrigger: 20,
  runInvocationURI: 21,
  sourceRepositoryVisibilityAtSigning: 22,
} as const;

/** The deprecated issuer extension (.1), raw, read when the certificate has no .8. */
const LEGACY_ISSUER = 1;

export type CertificateClaim = keyof typeof RAW_CLAIMS | keyof typeof DER_CLAIMS;

export const CERTIFICATE_CLAIMS: readonly CertificateClaim[] = [
  ...(Object.keys(DER_CLAIMS) as CertificateClaim[]),
  ...(Object.keys(RAW_CLAIMS) as CertificateClaim[]),
];

/** Who signed: the certificate's subject alternative name and its decoded Fulcio claims. */
export interface SignerIdentity {
  /** The SAN: a workflow URI for GitHub Actions, an email address for a person. */
  subject?: string;
  claims: Partial<Record<CertificateClaim, string>>;
}

/** Reads the signer's identity out of a Fulcio certificate. */
export function signerIdentity(certificate: X509Certificate): SignerIdentity {
  const claims: Partial<Record<CertificateClaim, string>> = {};
  for (const [name, arc] of Object.entries(DER_CLAIMS)) {
    const value = certificate.extension(`${FULCIO_ARC}.${arc}`)?.value;
    const text = value && decodeUtf8String(value);
    if (text !== undefined) claims[name as CertificateClaim] = text;
  }
  for (const [name, arc] of Object.entries(RAW_CLAIMS)) {
    const value = certificate.extension(`${FULCIO_ARC}.${arc}`)?.value;
    if (value) claims[name as CertificateClaim] = value.toString("utf8");
  }
  if (claims.issuer === undefined) {
    const legacy = certificate.extension(`${FULCIO_ARC}.${LEGACY_ISSUER}`)?.value;
    if (legacy) claims.issuer = legacy.toString("utf8");
  }
  const subject = certificate.subjectAltName;
  return { ...(subject !== undefined ? { subject } : {}), claims };
}

const UTF8_STRING_TAG = 0x0c;

/** A DER UTF8String's text; anything else is not a claim Fulcio wrote, so it is left out. */
function decodeUtf8String(der: Buffer): string | undefined {
  try {
    const obj = ASN1Obj.parseBuffer(Buffer.from(der));
    return obj.tag.isUniversal() && obj.tag.number === UTF8_STRING_TAG
      ? obj.value.toString("utf8")
      : undefined;
  } catch {
    return undefined;
  }
}

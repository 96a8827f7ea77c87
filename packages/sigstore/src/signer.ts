import { type KeyObject, sign } from "node:crypto";
import type { Bundle } from "@sigstore/bundle";
import {
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  type Signer,
  TSAWitness,
  type Witness,
} from "@sigstore/sign";
import { SigningError } from "./errors.js";
import { keyHint, publicKeyPem } from "./keys.js";

/** Who signs and who witnesses: a key or a Fulcio certificate, then Rekor and an optional TSA. */
export interface SigningMethod {
  readonly signer: Signer;
  readonly witnesses: Witness[];
  readonly keyless: boolean;
}

export interface TransparencyOptions {
  /** Upload to Rekor (cosign's `--tlog-upload`); default true. */
  tlog?: boolean;
  rekorURL?: string;
  /** An RFC 3161 timestamp authority, such as `https://timestamp.sigstore.dev/api/v1/timestamp`. */
  tsaURL?: string;
  /** Per-request timeout for the Sigstore services. */
  timeoutMs?: number;
}

/** Signing with a P-256 key (from `loadPrivateKey`). */
export function keySigning(key: KeyObject, options: TransparencyOptions = {}): SigningMethod {
  const publicKey = publicKeyPem(key);
  const hint = keyHint(key);
  const signer: Signer = {
    async sign(data) {
      return { signature: sign("sha256", data, key), key: { $case: "publicKey", publicKey, hint } };
    },
  };
  return { signer, witnesses: witnesses(options), keyless: false };
}

export interface KeylessOptions extends TransparencyOptions {
  /** The OIDC identity token (on GitHub Actions: the ID token for audience `sigstore`). */
  identityToken: () => Promise<string>;
  fulcioURL?: string;
}

/** Keyless signing: an ephemeral key certified by Fulcio for the identity in the OIDC token. */
export function keylessSigning(options: KeylessOptions): SigningMethod {
  const signer = new FulcioSigner({
    fulcioBaseURL: options.fulcioURL ?? DEFAULT_FULCIO_URL,
    identityProvider: { getToken: options.identityToken },
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  return { signer, witnesses: witnesses(options), keyless: true };
}

function witnesses(options: TransparencyOptions): Witness[] {
  const timeout = options.timeoutMs ? { timeout: options.timeoutMs } : {};
  const list: Witness[] = [];
  if (options.tlog !== false) {
    list.push(
      new RekorWitness({
        rekorBaseURL: options.rekorURL ?? DEFAULT_REKOR_URL,
        fetchOnConflict: true,
        ...timeout,
      }),
    );
  }
  if (options.tsaURL) list.push(new TSAWitness({ tsaBaseURL: options.tsaURL, ...timeout }));
  return list;
}

/** Signs `payload` as a DSSE envelope of `payloadType`, returning the bundle with its witnesses' proofs. */
export function signEnvelope(method: SigningMethod, payload: Buffer, payloadType: string): Promise<Bundle> {
  return withSigningError(new DSSEBundleBuilder(method).create({ data: payload, type: payloadType }));
}

/** Signs `payload` itself (a message signature), as the legacy `.sig` format stores it. */
export function signMessage(method: SigningMethod, payload: Buffer): Promise<Bundle> {
  return withSigningError(new MessageSignatureBundleBuilder(method).create({ data: payload }));
}

async function withSigningError(created: Promise<Bundle>): Promise<Bundle> {
  try {
    return await created;
  } catch (error) {
    throw new SigningError("SIGNING_SERVICE", `signing failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

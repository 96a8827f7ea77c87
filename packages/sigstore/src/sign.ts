import type { RegistryClient } from "@bulwark/oci";
import type { Bundle } from "@sigstore/bundle";
import { type ResolvedImage, resolveImage } from "./image.js";
import {
  type LegacyLayer,
  simpleSigningPayload,
  toLegacyAttestationLayer,
  toLegacySignatureLayer,
} from "./legacy-format.js";
import { appendLegacyLayers } from "./legacy-store.js";
import { type Logger, silentLogger } from "./logger.js";
import { pushBundleReferrer } from "./referrer-format.js";
import { type SigningMethod, signEnvelope, signMessage } from "./signer.js";
import { COSIGN_SIGN_PREDICATE_TYPE, IN_TOTO_PAYLOAD_TYPE, statement } from "./statement.js";

/** Where signatures go: cosign 3's bundle referrer (default), cosign's legacy tags, or both. */
export type StorageFormat = "bundle" | "legacy" | "both";

export interface SignOptions {
  method: SigningMethod;
  format?: StorageFormat;
  client?: RegistryClient;
  logger?: Logger;
  /** For the `org.opencontainers.image.created` annotation; tests pin it. */
  now?: () => Date;
}

/** What was stored for one image. */
export interface SignResult {
  image: string;
  digest: string;
  /** The tag the digest was resolved from, when one was given. */
  tag?: string;
  /** The bundles written, in the order of `stored`. */
  bundles: Bundle[];
  /** Where each went: a referrer digest or a legacy tag. */
  stored: { format: "bundle" | "legacy"; location: string }[];
  /** Rekor log indexes of every entry created. */
  tlogIndexes: string[];
}

/**
 * Signs an image as cosign does. The bundle format signs an in-toto statement with predicate
 * `https://sigstore.dev/cosign/sign/v1` for the digest; the legacy format signs the simple-signing
 * payload. With `both`, each format gets its own signature over its own payload.
 */
export async function signImage(image: string, options: SignOptions): Promise<SignResult> {
  const target = await resolveImage(image, options.client, options.logger ?? silentLogger);
  const format = options.format ?? "bundle";
  const written: Written[] = [];
  if (format !== "legacy") {
    const payload = Buffer.from(
      JSON.stringify(statement([{ digest: target.digest }], COSIGN_SIGN_PREDICATE_TYPE, {})),
    );
    const bundle = await signEnvelope(options.method, payload, IN_TOTO_PAYLOAD_TYPE);
    written.push(await storeReferrer(target, bundle, COSIGN_SIGN_PREDICATE_TYPE, options));
  }
  if (format !== "bundle") {
    const payload = simpleSigningPayload(target.store.name, target.digest);
    const bundle = await signMessage(options.method, payload);
    written.push(await storeLegacy(target, bundle, "sig", toLegacySignatureLayer(bundle, payload)));
  }
  return result(target, written);
}

export interface AttestOptions extends SignOptions {
  predicateType: string;
  predicate: unknown;
}

/** Signs an in-toto statement about the image as DSSE (`cosign attest`), stored in the chosen formats. */
export async function attestImage(image: string, options: AttestOptions): Promise<SignResult> {
  const target = await resolveImage(image, options.client, options.logger ?? silentLogger);
  const format = options.format ?? "bundle";
  const payload = Buffer.from(
    JSON.stringify(
      statement(
        [{ digest: target.digest, name: target.store.name }],
        options.predicateType,
        options.predicate,
      ),
    ),
  );
  const bundle = await signEnvelope(options.method, payload, IN_TOTO_PAYLOAD_TYPE);
  const written: Written[] = [];
  if (format !== "legacy") written.push(await storeReferrer(target, bundle, options.predicateType, options));
  if (format !== "bundle") {
    written.push(
      await storeLegacy(target, bundle, "att", toLegacyAttestationLayer(bundle, options.predicateType)),
    );
  }
  return result(target, written);
}

interface Written {
  bundle: Bundle;
  format: "bundle" | "legacy";
  location: string;
}

async function storeReferrer(
  target: ResolvedImage,
  bundle: Bundle,
  predicateType: string,
  options: SignOptions,
): Promise<Written> {
  const now = options.now?.() ?? new Date();
  const referrer = await pushBundleReferrer(target.store, target.descriptor, bundle, predicateType, now);
  options.logger?.info(
    `${target.store.name}@${target.digest}: stored a sigstore bundle as referrer ${referrer.digest}.`,
  );
  return { bundle, format: "bundle", location: referrer.digest };
}

async function storeLegacy(
  target: ResolvedImage,
  bundle: Bundle,
  kind: "sig" | "att",
  layer: LegacyLayer,
): Promise<Written> {
  const tag = await appendLegacyLayers(target.store, target.digest, kind, [layer]);
  return { bundle, format: "legacy", location: tag };
}

function result(target: ResolvedImage, written: Written[]): SignResult {
  return {
    image: target.text,
    digest: target.digest,
    ...(target.tag ? { tag: target.tag } : {}),
    bundles: written.map((w) => w.bundle),
    stored: written.map(({ format, location }) => ({ format, location })),
    tlogIndexes: written.flatMap((w) => w.bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex)),
  };
}

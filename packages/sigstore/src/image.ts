import { isDigest } from "@bulwark/core";
import { type Descriptor, type ImageStore, openTarget, type RegistryClient } from "@bulwark/oci";
import type { Logger } from "./logger.js";
import { silentLogger } from "./logger.js";

/** An image pinned by digest, in the store that holds it. */
export interface ResolvedImage {
  /** What the user wrote. */
  text: string;
  store: ImageStore;
  descriptor: Descriptor;
  digest: string;
  /** The tag the digest was resolved from, when the text named a tag. */
  tag?: string;
}

/**
 * Opens an image and pins it: a tag is resolved to the digest it points at now, and everything after
 * works on that digest, so a tag moved during signing cannot swap what gets signed.
 */
export async function resolveImage(
  text: string,
  client?: RegistryClient,
  logger: Logger = silentLogger,
): Promise<ResolvedImage> {
  const { store, reference } = await openTarget(text, client);
  const descriptor = await store.resolve(reference);
  if (!isDigest(reference)) {
    logger.info(`${text}: tag ${reference} resolved to ${descriptor.digest}; using the digest.`);
  }
  return {
    text,
    store,
    descriptor,
    digest: descriptor.digest,
    ...(isDigest(reference) ? {} : { tag: reference }),
  };
}

import { globMatcher } from "../../config/glob.js";
import type { ImageReference } from "../../images/reference.js";
import { oncePer } from "../../memo.js";
import type { BaseImagePolicy, TrustedSigner } from "./types.js";

/** Each signer's image globs, compiled once. */
const imageMatcherOf = oncePer((signer: TrustedSigner) => globMatcher(signer.images));

/**
 * The signers the policy trusts for an image: those whose `images` globs match its normalised name
 * (`docker.io/library/nginx`, without tag or digest). A signature from any one of them is enough;
 * none means the policy names no signer for the image.
 */
export function signersFor(
  policy: Pick<BaseImagePolicy, "signers">,
  reference: Pick<ImageReference, "registry" | "repository">,
): TrustedSigner[] {
  const name = `${reference.registry}/${reference.repository}`;
  return (policy.signers ?? []).filter((signer) => imageMatcherOf(signer)(name));
}

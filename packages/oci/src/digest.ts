import { createHash, type Hash } from "node:crypto";
import { isDigest } from "@bulwark/core";
import { RegistryError, type RegistryErrorContext } from "./errors.js";

export type DigestAlgorithm = "sha256" | "sha512";

/** The algorithm of a digest Bulwark can verify, or undefined for anything else. */
export function digestAlgorithm(digest: string): DigestAlgorithm | undefined {
  return isDigest(digest) ? (digest.slice(0, digest.indexOf(":")) as DigestAlgorithm) : undefined;
}

export function computeDigest(bytes: Uint8Array, algorithm: DigestAlgorithm = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}

/**
 * Hashes content as it streams in and checks it against the digest it was fetched by, so a blob is
 * verified without holding a second copy and a lying registry is caught at the last byte.
 */
export class DigestVerifier {
  private readonly hash: Hash;
  private readonly algorithm: DigestAlgorithm;

  constructor(
    private readonly expected: string,
    private readonly context: RegistryErrorContext,
  ) {
    const algorithm = digestAlgorithm(expected);
    if (!algorithm) throw new RegistryError("DIGEST_MISMATCH", `unsupported digest "${expected}"`, context);
    this.algorithm = algorithm;
    this.hash = createHash(algorithm);
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  /** Throws DIGEST_MISMATCH unless everything passed to update() hashes to the expected digest. */
  verify(): void {
    const actual = `${this.algorithm}:${this.hash.digest("hex")}`;
    if (actual !== this.expected) {
      throw new RegistryError(
        "DIGEST_MISMATCH",
        `content has digest ${actual}, expected ${this.expected}`,
        this.context,
      );
    }
  }
}

/** Checks whole content against a digest; the one-shot form of DigestVerifier. */
export function verifyDigest(bytes: Uint8Array, expected: string, context: RegistryErrorContext): void {
  const verifier = new DigestVerifier(expected, context);
  verifier.update(bytes);
  verifier.verify();
}

import { TrustedRoot } from "@sigstore/protobuf-specs";
import { getTrustedRoot } from "@sigstore/tuf";
import seeds from "@sigstore/tuf/seeds.json" with { type: "json" };
import { VerificationFailure } from "./errors.js";
import { type Logger, silentLogger } from "./logger.js";

const PUBLIC_GOOD_MIRROR = "https://tuf-repo-cdn.sigstore.dev";

export interface PublicGoodOptions {
  /** Use only the trusted root shipped inside `@sigstore/tuf`; no network. */
  offline?: boolean;
  /** Where the TUF client keeps its verified metadata between runs. */
  cachePath?: string;
  /** Bound on the TUF refresh, after which the embedded root is used. */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * The public-good Sigstore trusted root: refreshed through TUF, or, when that fails or `offline` is
 * set, the copy embedded in `@sigstore/tuf` (as current as the installed package). A refresh failure
 * is reported but not fatal, so an air-gapped runner still verifies with what it shipped.
 */
export async function publicGoodTrustedRoot(options: PublicGoodOptions = {}): Promise<TrustedRoot> {
  const logger = options.logger ?? silentLogger;
  if (!options.offline) {
    try {
      return await getTrustedRoot({
        mirrorURL: PUBLIC_GOOD_MIRROR,
        timeout: options.timeoutMs ?? 15_000,
        retry: 1,
        ...(options.cachePath ? { cachePath: options.cachePath } : {}),
      });
    } catch (error) {
      logger.warning(
        `Could not refresh the Sigstore trusted root through TUF (${(error as Error).message}); using the root embedded in @sigstore/tuf.`,
      );
    }
  }
  return embeddedTrustedRoot();
}

/** The public-good trusted root that `@sigstore/tuf` ships as a TUF target. */
export function embeddedTrustedRoot(): TrustedRoot {
  const target = (seeds as Record<string, { targets?: Record<string, string> }>)[PUBLIC_GOOD_MIRROR]
    ?.targets?.["trusted_root.json"];
  if (!target) {
    throw new VerificationFailure("UNTRUSTED_ROOT", "@sigstore/tuf ships no public-good trusted root");
  }
  return trustedRootFromJSON(Buffer.from(target, "base64").toString("utf8"), "the embedded trusted root");
}

/** A `trusted_root.json` (private Sigstore, air-gapped setups, test instances), checked for shape. */
export function trustedRootFromJSON(text: string, source = "trusted_root.json"): TrustedRoot {
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(JSON.parse(text));
  } catch (error) {
    throw new VerificationFailure("UNTRUSTED_ROOT", `${source} is not a Sigstore trusted root`, {
      cause: error,
    });
  }
  if (!root.mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
    throw new VerificationFailure(
      "UNTRUSTED_ROOT",
      `${source} has media type "${root.mediaType}", not a Sigstore trusted root`,
    );
  }
  const undated = [
    ...[...root.tlogs, ...root.ctlogs].map((log) => ({
      what: `log ${log.baseUrl}`,
      range: log.publicKey?.validFor,
    })),
    ...[...root.certificateAuthorities, ...root.timestampAuthorities].map((ca) => ({
      what: `authority ${ca.uri}`,
      range: ca.validFor,
    })),
  ].find(({ range }) => range?.start === undefined);
  if (undated) {
    // An authority with no start would be trusted for any past signature; the format requires one.
    throw new VerificationFailure("UNTRUSTED_ROOT", `${source}: ${undated.what} has no validity start`);
  }
  return root;
}

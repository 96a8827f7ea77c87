import { readFile } from "node:fs/promises";
import { ConfigError } from "@bulwark/core";
import { type Logger, publicGoodTrustedRoot, trustedRootFromJSON } from "@bulwark/sigstore";

/** Where the trusted root comes from: a `trusted_root.json`, or public-good Sigstore (TUF, or only the embedded copy). */
export interface TrustedRootSource {
  /** A file, for private or air-gapped Sigstore deployments. */
  file?: string;
  /** No TUF refresh: the public-good root shipped with Bulwark. */
  offline?: boolean;
  logger: Logger;
}

export async function loadTrustedRoot(source: TrustedRootSource) {
  if (!source.file) return publicGoodTrustedRoot({ offline: source.offline ?? false, logger: source.logger });
  return trustedRootFromJSON(await readText(source.file, "trusted root"), source.file);
}

/** A file the user named, read as text; a missing or unreadable one is their mistake. */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(
      `Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
}

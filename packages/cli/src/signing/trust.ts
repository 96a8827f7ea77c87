import { readFile } from "node:fs/promises";
import { ConfigError } from "@bulwark/core";
import { embeddedTrustedRoot, type Logger } from "@bulwark/sigstore";
import { trustedRootLoader } from "../base-image/registry.js";

/** Where the trusted root comes from: a `trusted_root.json`, or public-good Sigstore (TUF, or only the embedded copy). */
export interface TrustedRootSource {
  /** A file relative to `cwd`, for private or air-gapped Sigstore deployments. */
  file?: string;
  cwd: string;
  /** No TUF refresh: the public-good root shipped with Bulwark. */
  offline?: boolean;
  logger: Logger;
}

export function loadTrustedRoot(source: TrustedRootSource) {
  if (source.offline && !source.file) return embeddedTrustedRoot();
  return trustedRootLoader(source.file, source.cwd, source.logger)();
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

import { stat } from "node:fs/promises";
import { ConfigError } from "@bulwark/core";
import { readText } from "./trust.js";

/** The largest predicate file read: SBOMs are big, but not this big. */
const MAX_PREDICATE_BYTES = 32 * 1024 * 1024;

/** A predicate file: one JSON document, as cosign reads `--predicate`. */
export async function readPredicate(path: string): Promise<unknown> {
  // An unreadable file is reported by readText, with its reason.
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size > MAX_PREDICATE_BYTES) {
    throw new ConfigError(
      `The predicate file ${path} is larger than ${MAX_PREDICATE_BYTES / 1024 / 1024} MiB.`,
    );
  }
  const text = await readText(path, "predicate file");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The predicate file ${path} is not JSON: ${(error as Error).message}.`);
  }
}

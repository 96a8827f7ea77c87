import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** External test vectors kept beside the repository (`../shared/testdata`, see its README). */
export const TESTDATA = resolve(import.meta.dirname, "../../../../../shared/testdata");
export const CONFORMANCE = resolve(TESTDATA, "sigstore-conformance/bundle-verify");
export const COSIGN = resolve(TESTDATA, "cosign");

/** Whether a vector folder is there; says so plainly when it is not, so a skip is never silent. */
export function present(dir: string): boolean {
  if (existsSync(dir)) return true;
  console.warn(`test vectors not found at ${dir}: skipping the tests that need them`);
  return false;
}

import { RegistryClient } from "@bulwark/oci";
import { keylessSigning, type StorageFormat, signImage } from "@bulwark/sigstore";
import { pushImage } from "../../../oci/test/support/push-image.js";
import {
  GITHUB_ISSUER,
  githubToken,
  type MockSigstore,
  WORKFLOW_REF,
} from "../../../sigstore/test/support/mock-sigstore.js";

/**
 * Base images signed keyless, as a vendor's release workflow signs them: each pushed to the test
 * registry and signed through mock Fulcio and Rekor with a GitHub Actions token (WORKFLOW_REF, a push
 * to acme/shop's main). Each case has a repository of its own, so one `.bulwark.yaml` can name a
 * different signer for each (KEYLESS_CONFIG).
 */
export const KEYLESS_CASES = {
  /** Signed; the exact identity, issuer and GitHub claims trust it. */
  exact: "vendor/base",
  /** Signed in the legacy `.sig` format; the same exact signer. */
  legacy: "vendor/legacy",
  /** Not signed, under the exact signer's pattern. */
  unsigned: "vendor/unsigned",
  /** Signed; identity and issuer given as patterns that match the whole values. */
  regexp: "regexp/base",
  /** Signed; the identity pattern matches only a prefix of the identity (anchored: must not verify). */
  prefix: "prefix/base",
  /** Signed; the policy names another workflow. */
  wrongIdentity: "wrong-identity/base",
  /** Signed; the policy names another OIDC issuer. */
  wrongIssuer: "wrong-issuer/base",
  /** Signed; the policy wants the workflow started by a release, not a push. */
  wrongClaim: "wrong-claim/base",
  /** Not signed, and no signer pattern covers it: not checked. */
  uncovered: "elsewhere/base",
} as const;

export type KeylessCase = keyof typeof KEYLESS_CASES;

const UNSIGNED: readonly KeylessCase[] = ["unsigned", "uncovered"];

/** Pushes an image per case (tag `1`) and signs all but the unsigned ones; returns their digests. */
export async function seedKeylessBaseImages(
  host: string,
  mock: MockSigstore,
): Promise<Record<KeylessCase, string>> {
  const client = new RegistryClient({ retries: 1 });
  const method = keylessSigning({
    identityToken: async () => githubToken(),
    fulcioURL: mock.url,
    rekorURL: mock.url,
  });
  const created = new Date().toISOString();
  const digests = {} as Record<KeylessCase, string>;
  for (const [name, repository] of Object.entries(KEYLESS_CASES) as [KeylessCase, string][]) {
    const pushed = await pushImage(client.repository(host, repository), { created, content: name }, "1");
    digests[name] = pushed.digest;
    if (UNSIGNED.includes(name)) continue;
    const format: StorageFormat = name === "legacy" ? "legacy" : "bundle";
    await signImage(`${host}/${repository}@${pushed.digest}`, { method, client, format });
  }
  return digests;
}

const quoted = (text: string) => JSON.stringify(text);

/** The `.bulwark.yaml` trusting a keyless signer per case's repository. */
export function keylessConfig(host: string): string {
  const scope = (...cases: KeylessCase[]) =>
    `    - images: [${cases.map((c) => quoted(`${host}/${KEYLESS_CASES[c]}`)).join(", ")}]`;
  const exactly = `      identity: ${quoted(WORKFLOW_REF)}\n      issuer: ${quoted(GITHUB_ISSUER)}`;
  return `base-images:
  max-age-days: 365
  signers:
${scope("exact", "legacy", "unsigned")}
${exactly}
      github:
        workflow-repository: acme/shop
        workflow-ref: refs/heads/main
        workflow-trigger: push
${scope("regexp")}
      identity-regexp: 'acme/shop/\\.github/workflows/release\\.yml@refs/(heads|tags)/.+'
      issuer-regexp: 'https://token\\.actions\\.githubusercontent\\.com'
${scope("prefix")}
      identity-regexp: 'acme/shop/\\.github/workflows/release\\.yml'
      issuer: ${quoted(GITHUB_ISSUER)}
${scope("wrongIdentity")}
      identity: "acme/shop/.github/workflows/nightly.yml@refs/heads/main"
      issuer: ${quoted(GITHUB_ISSUER)}
${scope("wrongIssuer")}
      identity: ${quoted(WORKFLOW_REF)}
      issuer: "https://accounts.google.com"
${scope("wrongClaim")}
${exactly}
      github:
        workflow-trigger: release
`;
}

/** A Dockerfile per case, pinned to the signed digest (so only signature findings differ). */
export function keylessDockerfiles(
  host: string,
  digests: Record<KeylessCase, string>,
): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(KEYLESS_CASES) as KeylessCase[]).map((name) => [
      `${name}/Dockerfile`,
      `FROM ${host}/${KEYLESS_CASES[name]}:1@${digests[name]}\nUSER app\n`,
    ]),
  );
}

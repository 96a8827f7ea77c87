import { resolve } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { ConfigError } from "@bulwark/core";
import type { SignerPolicy, StorageFormat } from "@bulwark/sigstore";
import { registryClient } from "../base-image/registry.js";
import { type CliIo, EXIT, type OptionValues, stringOption, UsageError } from "../commands/command.js";
import { describeError, isServiceError } from "./errors.js";
import { identityTokenSource } from "./identity-token.js";
import { parseBoolean, parseStorageFormat, type SigningSettings } from "./method.js";
import { GITHUB_CLAIM_OPTIONS, type GitHubClaimOption, signerPolicy } from "./policy.js";
import type { SignedImage } from "./sign-images.js";
import { readText } from "./trust.js";

/** Option parsing shared by `bulwark sign`, `attest` and `verify`, named as cosign names them. */

type Options = NonNullable<ParseArgsConfig["options"]>;

export const SIGNING_OPTIONS: Options = {
  key: { type: "string" },
  "key-password-env": { type: "string" },
  format: { type: "string" },
  "tlog-upload": { type: "string" },
  "identity-token": { type: "string" },
  "fulcio-url": { type: "string" },
  "rekor-url": { type: "string" },
  "timestamp-server-url": { type: "string" },
  "bundle-dir": { type: "string" },
  output: { type: "string" },
};

export const SIGNING_USAGE = `  --key <file>                   sign with this private key (PEM or cosign.key); keyless without it
  --key-password-env <NAME>      the variable holding the key's password (default: COSIGN_PASSWORD);
                                 there is no password flag, so it never shows in the process list
  --format <format>              bundle (default: a sigstore bundle referrer, as cosign 3 writes),
                                 legacy (the .sig/.att tags) or both
  --tlog-upload=false            do not record the signature in Rekor (key-based only)
  --identity-token <file|token>  OIDC token for keyless signing, best as a file (a value shows in the
                                 process list); default: SIGSTORE_ID_TOKEN, or on GitHub Actions the
                                 job's token for audience sigstore (needs id-token: write)
  --fulcio-url <url>             Fulcio (default: public-good Sigstore)
  --rekor-url <url>              Rekor (default: public-good Sigstore)
  --timestamp-server-url <url>   an RFC 3161 timestamp authority to countersign with
  --bundle-dir <dir>             also write each bundle as <digest>-<n>.sigstore.json here
  --output json                  print the results as JSON
`;

export const VERIFY_POLICY_OPTIONS: Options = {
  key: { type: "string" },
  "certificate-identity": { type: "string" },
  "certificate-identity-regexp": { type: "string" },
  "certificate-oidc-issuer": { type: "string" },
  "certificate-oidc-issuer-regexp": { type: "string" },
  ...Object.fromEntries(Object.keys(GITHUB_CLAIM_OPTIONS).map((name) => [name, { type: "string" }])),
};

/** The output format: text for people, or `--output json`. */
export function outputFormat(values: OptionValues): "text" | "json" {
  const output = stringOption(values, "output") ?? "text";
  if (output !== "text" && output !== "json")
    throw new UsageError(`--output must be json or text, not "${output}"`);
  return output;
}

export function storageFormat(values: OptionValues): StorageFormat {
  return parseStorageFormat(stringOption(values, "format") ?? "bundle");
}

/** The images to work on, at least one. */
export function requireImages(positionals: string[], command: string): string[] {
  if (positionals.length === 0) throw new UsageError(`${command} needs at least one image`);
  return positionals;
}

const env = (io: CliIo) => io.env ?? process.env;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** The signing settings the command line gives: a key and its password, or keyless with a token. */
export async function signingSettings(values: OptionValues, io: CliIo): Promise<SigningSettings> {
  const option = (name: string) => stringOption(values, name);
  const tlogUpload = parseBoolean("--tlog-upload", option("tlog-upload") ?? "true");
  const keyFile = option("key");
  const passwordVariable = option("key-password-env") ?? "COSIGN_PASSWORD";
  const password = env(io)[passwordVariable];
  const tokenOption = option("identity-token");
  const token =
    tokenOption && !JWT.test(tokenOption)
      ? (await readText(resolve(io.cwd, tokenOption), "identity token file")).trim()
      : tokenOption;
  const identityToken = keyFile
    ? undefined
    : identityTokenSource({ ...(token ? { token } : {}), env: env(io) });
  return {
    ...(keyFile ? { key: await readText(resolve(io.cwd, keyFile), "signing key") } : {}),
    ...(password !== undefined ? { keyPassword: password } : {}),
    passwordHint: `Set ${passwordVariable}${option("key-password-env") ? "" : " (or name another variable with --key-password-env)"}.`,
    ...(identityToken ? { identityToken } : {}),
    tlogUpload,
    ...urls(values),
  };
}

function urls(values: OptionValues) {
  const entries = [
    ["fulcioURL", "fulcio-url"],
    ["rekorURL", "rekor-url"],
    ["tsaURL", "timestamp-server-url"],
  ] as const;
  const result: Partial<Record<(typeof entries)[number][0], string>> = {};
  for (const [field, name] of entries) {
    const value = stringOption(values, name);
    if (value === undefined) continue;
    if (!URL.canParse(value)) throw new ConfigError(`--${name} "${value}" is not a URL.`);
    result[field] = value;
  }
  return result;
}

/** Who must have signed, from `--key` or the `--certificate-*` flags. */
export async function verifyPolicy(values: OptionValues, io: CliIo): Promise<SignerPolicy> {
  const option = (name: string) => stringOption(values, name);
  const keyFile = option("key");
  return signerPolicy({
    ...(keyFile ? { key: await readText(resolve(io.cwd, keyFile), "public key") } : {}),
    "certificate-identity": option("certificate-identity"),
    "certificate-identity-regexp": option("certificate-identity-regexp"),
    "certificate-oidc-issuer": option("certificate-oidc-issuer"),
    "certificate-oidc-issuer-regexp": option("certificate-oidc-issuer-regexp"),
    github: Object.fromEntries(
      (Object.keys(GITHUB_CLAIM_OPTIONS) as GitHubClaimOption[]).map((name) => [name, option(name)]),
    ),
  });
}

/**
 * Runs the registry and signing work of a command: a registry or Sigstore service that fails is
 * said in one line naming what failed (exit 3), not as a stack trace.
 */
export async function reportingServiceErrors(io: CliIo, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (isServiceError(error)) {
      io.stderr(`bulwark: ${describeError(error)}\n`);
      return EXIT.internal;
    }
    throw error;
  }
}

/** What `sign` and `attest` print: one line per stored signature, or the JSON of it all. */
export function printSigned(signed: readonly SignedImage[], format: "text" | "json", io: CliIo): void {
  for (const image of signed) {
    if (image.tag)
      io.stderr(`bulwark: ${image.image}: tag ${image.tag} is ${image.digest}; signed the digest.\n`);
  }
  if (format === "json") {
    io.stdout(`${JSON.stringify({ images: signed }, null, 2)}\n`);
    return;
  }
  for (const image of signed) {
    for (const entry of image.entries) {
      const what = entry.kind === "signature" ? "signed" : `attested ${entry.predicateType} for`;
      const where =
        entry.format === "bundle" ? `bundle referrer ${entry.location}` : `legacy tag ${entry.location}`;
      const tlog =
        entry.tlogIndexes.length > 0 ? `, tlog index ${entry.tlogIndexes.join(", ")}` : ", no tlog entry";
      const file = entry.bundlePath ? `, bundle ${entry.bundlePath}` : "";
      io.stdout(`${what} ${image.reference}: ${where}${tlog}${file}\n`);
    }
  }
}

const DEFAULT_TIMEOUT_S = 120;

export const REGISTRY_OPTIONS: Options = { timeout: { type: "string" } };

export const REGISTRY_USAGE = `  --timeout <seconds>            bound on each registry request, retries included (default: 120)
Registry credentials come from Docker's config.json (auths, credHelpers, credsStore) and, for
ghcr.io, GITHUB_TOKEN. Registries on loopback (localhost, 127.0.0.1) are spoken to over plain HTTP.
`;

/** A registry client with credentials as Docker finds them, each request bounded by `--timeout`. */
export function commandRegistryClient(values: OptionValues, io: CliIo) {
  const timeout = stringOption(values, "timeout");
  const seconds = timeout === undefined ? DEFAULT_TIMEOUT_S : Number(timeout);
  if (!(Number.isFinite(seconds) && seconds > 0)) {
    throw new UsageError(`--timeout must be a positive number of seconds, not "${timeout}"`);
  }
  return registryClient({ env: env(io), timeoutMs: seconds * 1000 });
}

/** `--bundle-dir`, resolved against the working directory. */
export function bundleDirectory(values: OptionValues, io: CliIo): { bundleDir?: string } {
  const dir = stringOption(values, "bundle-dir");
  return dir ? { bundleDir: resolve(io.cwd, dir) } : {};
}

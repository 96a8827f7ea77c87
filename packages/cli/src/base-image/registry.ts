import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ConfigError, platformOption } from "@bulwark/core";
import type { Logger } from "@bulwark/github";
import { type CredentialLookup, defaultCredentials, firstCredential, RegistryClient } from "@bulwark/oci";
import {
  type BaseImageSignatureOptions,
  publicGoodTrustedRoot,
  trustedRootFromJSON,
} from "@bulwark/sigstore";
import type { RegistryAccess } from "./check.js";
import { DEFAULT_DEADLINE_MS, fetchUntil, sleepUntil, startDeadline } from "./deadline.js";

/** A username and password given to the run for one registry (the action's registry inputs). */
export interface RegistryLogin {
  registry: string;
  username: string;
  password: string;
}

export interface RegistryAccessOptions {
  /** Where Docker's config (`DOCKER_CONFIG`) and `GITHUB_TOKEN` (for ghcr.io) are looked up. */
  env: Readonly<Record<string, string | undefined>>;
  login?: RegistryLogin;
  /** Bound on any one request with its retries: nothing outlives the run's time bound. */
  timeoutMs: number;
  /** The run's deadline: requests still running when it aborts are cancelled. */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** How a run reaches registries and checks signatures, as the CLI options and action inputs say it. */
export interface RegistrySettings {
  env: Readonly<Record<string, string | undefined>>;
  login?: RegistryLogin;
  /** Bound on each image's registry work. Default 60 s. */
  timeoutMs?: number;
  /** Bound on the whole run's registry work, from now. Default 10 minutes. */
  deadlineMs?: number;
  /** `os/architecture[/variant]` read from multi-platform images. */
  platform?: string;
  /** A Sigstore `trusted_root.json`, relative to `cwd`; the public-good root when absent. */
  trustedRoot?: string;
  /** Accept key signatures without a transparency-log entry. */
  ignoreTlog?: boolean;
  cwd: string;
  /** The config file: key signers' paths are relative to its directory. */
  configPath?: string;
  logger: Logger;
}

/** Registry access for `checkBaseImages`, from the run's settings. */
export async function registryAccess(settings: RegistrySettings): Promise<RegistryAccess> {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = startDeadline(settings.deadlineMs ?? DEFAULT_DEADLINE_MS);
  return {
    client: await registryClient({
      env: settings.env,
      timeoutMs,
      signal: deadline.signal,
      ...(settings.login ? { login: settings.login } : {}),
    }),
    timeoutMs,
    deadline,
    ...(settings.platform ? { platform: platformOption(settings.platform) } : {}),
    signatures: {
      trustedRoot: trustedRootLoader(settings.trustedRoot, settings.cwd, settings.logger),
      readKey: keyReader(settings.configPath ? dirname(settings.configPath) : settings.cwd),
      ...(settings.ignoreTlog ? { ignoreTlog: true } : {}),
    },
  };
}

/**
 * The registry client for base-image checks. Credentials come from the login given to the run,
 * then Docker's config.json (and its credential helpers), then GITHUB_TOKEN for ghcr.io.
 */
export async function registryClient(options: RegistryAccessOptions): Promise<RegistryClient> {
  const env = { ...options.env };
  const login = options.login;
  const given: CredentialLookup = async (registry) =>
    login && registry === login.registry
      ? { kind: "basic", username: login.username, password: login.password }
      : undefined;
  return new RegistryClient({
    credentials: firstCredential(given, await defaultCredentials(env)),
    requestTimeoutMs: options.timeoutMs,
    totalTimeoutMs: options.timeoutMs,
    ...(options.signal ? { fetch: fetchUntil(options.signal), sleep: sleepUntil(options.signal) } : {}),
  });
}

/**
 * The Sigstore trusted root signatures and attestation bundles are checked against: a
 * `trusted_root.json` the user names (private Sigstore, air-gapped runners), else the public-good
 * root through TUF. Loaded when first asked for, and once.
 */
export function trustedRootLoader(
  path: string | undefined,
  cwd: string,
  logger: Logger,
): BaseImageSignatureOptions["trustedRoot"] {
  const load = async () => {
    if (!path) return publicGoodTrustedRoot({ logger });
    const text = await readFile(resolve(cwd, path), "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`Cannot read the trusted root ${path}: ${error.code ?? error.message}.`);
    });
    return trustedRootFromJSON(text, path);
  };
  let root: ReturnType<typeof load> | undefined;
  return () => {
    root ??= load();
    return root;
  };
}

/** Reads a key signer's PEM public key; its path in `.bulwark.yaml` is relative to that file. */
export function keyReader(configDirectory: string): (path: string) => Promise<string> {
  return (path) =>
    readFile(resolve(configDirectory, path), "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(
        `Cannot read the public key ${path} named in base-images.signers: ${error.code ?? error.message}.`,
      );
    });
}

import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { DOCKER_HUB } from "@bulwark/core";
import { RegistryError } from "../errors.js";

/** A username and password (Basic, or exchanged for a token), or an OAuth2 refresh token. */
export type Credential =
  | { kind: "basic"; username: string; password: string }
  | { kind: "identity-token"; token: string };

/** Finds the credential for a registry host (`docker.io`, `ghcr.io`, `localhost:5000`), if any. */
export type CredentialLookup = (registry: string) => Promise<Credential | undefined>;

/** The one way this package runs a program; tests replace it with a spy. */
export type Exec = (
  command: string,
  args: readonly string[],
  stdin: string,
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

/** Docker's `config.json`, the parts that hold credentials. */
export interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

const HELPER_TIMEOUT_MS = 30_000;
const HELPER_OUTPUT_LIMIT = 1024 * 1024;
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, "index.docker.io", "registry-1.docker.io"]);
const DOCKER_HUB_SERVER_URL = "https://index.docker.io/v1/";

export const defaultExec: Exec = (command, args, stdin) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], timeout: HELPER_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > HELPER_OUTPUT_LIMIT) child.kill();
      else into.push(chunk);
    };
    child.stdout.on("data", collect(out));
    child.stderr.on("data", collect(err));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        exitCode: code ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    child.stdin.end(stdin);
  });

/** The first credential any lookup finds. */
export function firstCredential(...lookups: readonly CredentialLookup[]): CredentialLookup {
  return async (registry) => {
    for (const lookup of lookups) {
      const found = await lookup(registry);
      if (found) return found;
    }
    return undefined;
  };
}

/** A GitHub token is a password for ghcr.io and for nothing else. */
export function githubTokenCredentials(token: string | undefined): CredentialLookup {
  return async (registry) =>
    token && registry === "ghcr.io"
      ? { kind: "basic", username: "x-access-token", password: token }
      : undefined;
}

/**
 * Reads Docker's config.json from `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`; a missing
 * file is no credentials, a malformed one is an error (silently ignoring it would hide a typo).
 */
export async function loadDockerConfig(
  env: NodeJS.ProcessEnv = process.env,
  path?: string,
): Promise<DockerConfig> {
  const file = path ?? join(env.DOCKER_CONFIG ?? join(homedir(), ".docker"), "config.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw credentialsError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
    return parsed as DockerConfig;
  } catch (error) {
    throw credentialsError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Credentials the way Docker finds them: a per-registry `credHelpers` entry, else the `credsStore`,
 * else an `auths` entry (base64 `auth`, username/password, or an identity token).
 */
export function dockerConfigCredentials(config: DockerConfig, exec: Exec = defaultExec): CredentialLookup {
  return async (registry) => {
    const host = configHost(registry);
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => configHost(key) === host)?.[1];
    if (helper) return fromHelper(helper, host, exec);
    const entry = Object.entries(config.auths ?? {}).find(([key]) => configHost(key) === host)?.[1];
    if (config.credsStore) {
      const stored = await fromHelper(config.credsStore, host, exec);
      if (stored) return stored;
    }
    if (!entry) return undefined;
    if (entry.identitytoken) return { kind: "identity-token", token: entry.identitytoken };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) throw credentialsError(`the auth entry for ${host} is not base64 of user:password`);
      return { kind: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username !== undefined && entry.password !== undefined) {
      return { kind: "basic", username: entry.username, password: entry.password };
    }
    return undefined;
  };
}

/** Runs `docker-credential-<name> get` with the server URL on stdin, as Docker does. */
async function fromHelper(name: string, host: string, exec: Exec): Promise<Credential | undefined> {
  const program = `docker-credential-${name}`;
  const serverUrl = host === DOCKER_HUB ? DOCKER_HUB_SERVER_URL : host;
  let result: Awaited<ReturnType<Exec>>;
  try {
    result = await exec(program, ["get"], serverUrl);
  } catch (error) {
    throw credentialsError(`cannot run ${program}: ${(error as Error).message}`);
  }
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(result.stdout + result.stderr)) return undefined;
    throw credentialsError(
      `${program} get exited with ${result.exitCode}: ${result.stderr.trim().slice(0, 200)}`,
    );
  }
  let parsed: { Username?: unknown; Secret?: unknown };
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw credentialsError(`${program} get printed something other than JSON`);
  }
  if (typeof parsed.Username !== "string" || typeof parsed.Secret !== "string") {
    throw credentialsError(`${program} get printed no Username and Secret`);
  }
  return parsed.Username === "<token>"
    ? { kind: "identity-token", token: parsed.Secret }
    : { kind: "basic", username: parsed.Username, password: parsed.Secret };
}

/** config.json keys may be URLs (`https://index.docker.io/v1/`); they match on the host. */
function configHost(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

function credentialsError(detail: string): RegistryError {
  return new RegistryError("CREDENTIALS", detail, {
    registry: "docker config",
    operation: "read credentials",
  });
}

/** What a client uses when given no lookup: Docker's config, then GITHUB_TOKEN for ghcr.io. */
export async function defaultCredentials(
  env: NodeJS.ProcessEnv = process.env,
  exec: Exec = defaultExec,
): Promise<CredentialLookup> {
  return firstCredential(
    dockerConfigCredentials(await loadDockerConfig(env), exec),
    githubTokenCredentials(env.GITHUB_TOKEN),
  );
}

import { resolve } from "node:path";
import { ConfigError } from "@bulwark/core";
import { parseTarget, type RegistryClient } from "@bulwark/oci";
import { registryClient } from "../base-image/registry.js";
import { readText } from "./trust.js";

/** What the sign-image and verify-image actions share in reading their inputs. */

const ACTION_REGISTRY_TIMEOUT_MS = 120_000;

/** A key input: PEM text (from a secret) or the path of a key file in the workspace. */
export async function keyFromInput(text: string, workspace: string, what: string): Promise<string> {
  return text.trimStart().startsWith("-----BEGIN") ? text : readText(resolve(workspace, text.trim()), what);
}

export interface ActionRegistryInputs {
  images: readonly string[];
  /** The registry the username and password are for; by default the one the images are in. */
  registry: string;
  username: string;
  password: string;
  /** For ghcr.io; the job's GITHUB_TOKEN is not read unless given. */
  githubToken: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The registry client of an action: a username and password for the registry input (by default
 * the one registry the images are in), a GitHub token for ghcr.io, and Docker's config.json (a `docker/login-action` step before).
 */
export function actionRegistryClient(inputs: ActionRegistryInputs): Promise<RegistryClient> {
  const env = { ...inputs.env, GITHUB_TOKEN: inputs.githubToken || undefined };
  if (!inputs.username && !inputs.password)
    return registryClient({ env, timeoutMs: ACTION_REGISTRY_TIMEOUT_MS });
  if (!inputs.username || !inputs.password) {
    throw new ConfigError("Give registry-username and registry-password together.");
  }
  if (inputs.registry) {
    return registryClient({
      env,
      login: { registry: inputs.registry, username: inputs.username, password: inputs.password },
      timeoutMs: ACTION_REGISTRY_TIMEOUT_MS,
    });
  }
  const registries = [
    ...new Set(
      inputs.images.flatMap((image) => {
        const target = parseTarget(image);
        return target.kind === "registry" ? [target.registry] : [];
      }),
    ),
  ];
  if (registries.length !== 1) {
    throw new ConfigError(
      `registry-username and registry-password are for one registry, and the images are in ${registries.length === 0 ? "none" : registries.join(", ")}; name one with the registry input, or log in with docker/login-action.`,
    );
  }
  return registryClient({
    env,
    login: { registry: registries[0]!, username: inputs.username, password: inputs.password },
    timeoutMs: ACTION_REGISTRY_TIMEOUT_MS,
  });
}

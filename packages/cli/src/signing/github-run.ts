import { resolve } from "node:path";
import { ConfigError } from "@bulwark/core";
import { type GitHubRun, githubProvenance, SLSA_PROVENANCE_V1 } from "@bulwark/sigstore";
import { readPredicate } from "./predicate.js";
import { predicateType } from "./predicate-types.js";
import type { AttestationRequest } from "./sign-images.js";

/** The runner variables each fact of a run comes from. */
const RUN_VARIABLES = {
  serverUrl: "GITHUB_SERVER_URL",
  repository: "GITHUB_REPOSITORY",
  workflowRef: "GITHUB_WORKFLOW_REF",
  sha: "GITHUB_SHA",
  ref: "GITHUB_REF",
  eventName: "GITHUB_EVENT_NAME",
  runId: "GITHUB_RUN_ID",
  runAttempt: "GITHUB_RUN_ATTEMPT",
} as const;

const OPTIONAL_RUN_VARIABLES = {
  repositoryId: "GITHUB_REPOSITORY_ID",
  repositoryOwnerId: "GITHUB_REPOSITORY_OWNER_ID",
  runnerEnvironment: "RUNNER_ENVIRONMENT",
} as const;

/** The facts of the GitHub Actions run this process is a step of. */
export function githubRunFromEnv(env: Readonly<Record<string, string | undefined>>): GitHubRun {
  const missing = Object.values(RUN_VARIABLES).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(
      `Provenance is generated from the GitHub Actions run, and ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set: run it in a workflow.`,
    );
  }
  const pick = <K extends string>(names: Record<K, string>) =>
    Object.fromEntries(
      Object.entries<string>(names).flatMap(([field, name]) => (env[name] ? [[field, env[name]]] : [])),
    ) as Partial<Record<K, string>>;
  return {
    ...(pick(RUN_VARIABLES) as Record<keyof typeof RUN_VARIABLES, string>),
    ...pick(OPTIONAL_RUN_VARIABLES),
  };
}

/** The SLSA provenance v1 attestation of this run. */
export function githubProvenanceAttestation(
  env: Readonly<Record<string, string | undefined>>,
): AttestationRequest {
  return {
    predicateType: SLSA_PROVENANCE_V1,
    predicate: githubProvenance(githubRunFromEnv(env)),
    source: "the GitHub Actions run",
  };
}

/**
 * Attestations written one per line as `<type> <predicate file>`: a cosign type name or URI, then
 * the file, relative to `root` (it may contain spaces).
 */
export async function attestationsFromLines(text: string, root: string): Promise<AttestationRequest[]> {
  const requests: AttestationRequest[] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trim())) {
    if (line === "") continue;
    const match = /^(\S+)\s+(.+)$/.exec(line);
    if (!match) throw new ConfigError(`The attestation "${line}" is not "<type> <predicate file>".`);
    const [, type, file] = match as unknown as [string, string, string];
    requests.push({
      predicateType: predicateType(type),
      predicate: await readPredicate(resolve(root, file)),
      source: file,
    });
  }
  return requests;
}

import { ConfigError } from "@bulwark/core";

export const SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
/** The build type GitHub's own provenance (actions/attest-build-provenance) uses for workflow runs. */
export const GITHUB_WORKFLOW_BUILD_TYPE = "https://actions.github.io/buildtypes/workflow/v1";

/**
 * The facts of a GitHub Actions run, as its environment gives them (`GITHUB_SERVER_URL`,
 * `GITHUB_REPOSITORY`, `GITHUB_WORKFLOW_REF`, `GITHUB_SHA`, `GITHUB_REF`, `GITHUB_EVENT_NAME`,
 * `GITHUB_RUN_ID`, `GITHUB_RUN_ATTEMPT`, `RUNNER_ENVIRONMENT`...). Passed in as data: this package
 * reads no environment.
 */
export interface GitHubRun {
  serverUrl: string;
  repository: string;
  /** `owner/repo/.github/workflows/release.yml@refs/heads/main` */
  workflowRef: string;
  sha: string;
  ref: string;
  eventName: string;
  runId: string;
  runAttempt: string;
  repositoryId?: string;
  repositoryOwnerId?: string;
  runnerEnvironment?: string;
}

/** A SLSA provenance v1 predicate for an artifact built by this workflow run. */
export function githubProvenance(run: GitHubRun): Record<string, unknown> {
  for (const [name, value] of Object.entries(run)) {
    if (typeof value !== "string" || value === "")
      throw new ConfigError(`The GitHub run's ${name} is empty.`);
  }
  const server = run.serverUrl.replace(/\/+$/, "");
  const at = run.workflowRef.lastIndexOf("@");
  const prefix = `${run.repository}/`;
  if (at < 0 || !run.workflowRef.startsWith(prefix)) {
    throw new ConfigError(
      `The workflow ref "${run.workflowRef}" is not <repository>/<path>@<ref> for ${run.repository}.`,
    );
  }
  const repositoryUrl = `${server}/${run.repository}`;
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: {
        workflow: {
          ref: run.workflowRef.slice(at + 1),
          repository: repositoryUrl,
          path: run.workflowRef.slice(prefix.length, at),
        },
      },
      internalParameters: {
        github: {
          event_name: run.eventName,
          ...(run.repositoryId ? { repository_id: run.repositoryId } : {}),
          ...(run.repositoryOwnerId ? { repository_owner_id: run.repositoryOwnerId } : {}),
          ...(run.runnerEnvironment ? { runner_environment: run.runnerEnvironment } : {}),
        },
      },
      resolvedDependencies: [{ uri: `git+${repositoryUrl}@${run.ref}`, digest: { gitCommit: run.sha } }],
    },
    runDetails: {
      builder: { id: `${server}/${run.workflowRef}` },
      metadata: { invocationId: `${repositoryUrl}/actions/runs/${run.runId}/attempts/${run.runAttempt}` },
    },
  };
}

import { ConfigError } from "@bulwark/core";

export interface RepositoryRef {
  owner: string;
  repo: string;
}

export interface PullRequestRef {
  number: number;
  baseSha: string;
  /** The commit reviews and check runs belong to (not `GITHUB_SHA`, which is a merge or base commit). */
  headSha: string;
  /** `owner/name` of the repository the changes come from; empty when that fork was deleted. */
  headRepository: string;
  /** The head lives in another repository: the workflow's token is read-only there. */
  fromFork: boolean;
}

/** The run a `workflow_run` event reports on: the first stage of the two-stage pattern. */
export interface TriggeringRun {
  id: number;
  /** The event that started the first stage ("pull_request"). */
  event: string;
  headSha: string;
  headRepository: string;
  fromFork: boolean;
}

export interface GitHubContext {
  eventName: string;
  repository: RepositoryRef;
  /** `GITHUB_SHA` */
  sha: string;
  apiUrl: string;
  serverUrl: string;
  pullRequest?: PullRequestRef;
  /**
   * Set for `workflow_run`. GitHub leaves `pull_requests` empty for runs from forks, so the pull
   * request may only be known from the first stage's artifact; `resolvePullRequest` checks that claim.
   */
  triggeringRun?: TriggeringRun;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** The runner's context from its environment and the event payload, both handed in as data. */
export function parseContext(env: Environment, payload: unknown): GitHubContext {
  const eventName = required(env, "GITHUB_EVENT_NAME");
  const repository = parseRepository(required(env, "GITHUB_REPOSITORY"), "GITHUB_REPOSITORY");
  const context: GitHubContext = {
    eventName,
    repository,
    sha: required(env, "GITHUB_SHA"),
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
  };
  const event = asRecord(payload);
  const base = `${repository.owner}/${repository.repo}`;
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const pr = asRecord(event.pull_request);
    if (Object.keys(pr).length === 0) throw payloadError(eventName, "pull_request");
    context.pullRequest = pullRequestOf(pr, base);
  } else if (eventName === "workflow_run") {
    const run = asRecord(event.workflow_run);
    const headSha = text(run.head_sha);
    if (!headSha) throw payloadError(eventName, "workflow_run.head_sha");
    const headRepository = text(asRecord(run.head_repository).full_name);
    context.triggeringRun = {
      id: Number(run.id),
      event: text(run.event),
      headSha,
      headRepository,
      fromFork: !sameRepository(headRepository, base),
    };
    // Listed only for pull requests within the repository, and only trusted for the run's own head.
    const listed = (Array.isArray(run.pull_requests) ? run.pull_requests : [])
      .map((entry) => pullRequestOf(asRecord(entry), base))
      .filter((pr) => pr.headSha === headSha);
    if (listed.length === 1)
      context.pullRequest = { ...listed[0]!, fromFork: context.triggeringRun.fromFork };
  }
  return context;
}

export function parseRepository(value: string, source: string): RepositoryRef {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(value);
  if (!match) throw new ConfigError(`${source} must be "owner/name", not ${JSON.stringify(value)}`);
  return { owner: match[1]!, repo: match[2]! };
}

function pullRequestOf(pr: Record<string, unknown>, base: string): PullRequestRef {
  const number = Number(pr.number);
  const head = asRecord(pr.head);
  const headRepository = text(asRecord(head.repo).full_name);
  const baseRepository = text(asRecord(asRecord(pr.base).repo).full_name) || base;
  if (!Number.isSafeInteger(number) || number <= 0) throw payloadError("pull request", "number");
  const headSha = text(head.sha);
  if (!headSha) throw payloadError("pull request", "head.sha");
  return {
    number,
    baseSha: text(asRecord(pr.base).sha),
    headSha,
    headRepository,
    fromFork: !sameRepository(headRepository, baseRepository),
  };
}

/** Repository names are case-insensitive; a deleted fork (no name) counts as a fork. */
function sameRepository(a: string, b: string): boolean {
  return a !== "" && a.toLowerCase() === b.toLowerCase();
}

function required(env: Environment, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is not set: this needs to run in a GitHub Actions workflow`);
  return value;
}

function payloadError(event: string, field: string): ConfigError {
  return new ConfigError(`the ${event} event payload has no ${field}`);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

import { ConfigError } from "@bulwark/core";
import type { GitHubClient } from "../api/client.js";
import type { GitHubContext, PullRequestRef } from "./context.js";

interface PullRequestAnswer {
  number: number;
  state: string;
  head: { sha: string; repo: { full_name: string } | null };
  base: { sha: string; repo: { full_name: string } };
}

/**
 * The pull request to report on. Under `workflow_run` from a fork the payload does not name it, and
 * the number in the first stage's artifact was written by code from the fork: it is believed only
 * when that pull request is open and its head is the commit the first stage ran on, so findings are
 * never posted on a pull request they do not belong to.
 */
export async function resolvePullRequest(
  client: GitHubClient,
  context: GitHubContext,
  claimedNumber?: number,
): Promise<PullRequestRef> {
  const known = context.pullRequest;
  if (known) {
    if (claimedNumber !== undefined && claimedNumber !== known.number) {
      throw new ConfigError(
        `the findings are for pull request #${claimedNumber}, but this run is for #${known.number}`,
      );
    }
    return known;
  }
  const run = context.triggeringRun;
  if (!run) throw new ConfigError(`a ${context.eventName} event is not about a pull request`);
  if (claimedNumber === undefined || !Number.isSafeInteger(claimedNumber) || claimedNumber <= 0) {
    throw new ConfigError(
      "the workflow_run payload names no pull request: pass the number the first stage saved",
    );
  }
  const { data } = await client.request<PullRequestAnswer>(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}",
    {
      path: { ...context.repository, pull_number: claimedNumber },
    },
  );
  if (data.state !== "open" || data.head.sha !== run.headSha) {
    throw new ConfigError(
      `pull request #${claimedNumber} is ${data.state} at ${data.head.sha}, not open at ${run.headSha} where the first stage ran: not posting on it`,
    );
  }
  const headRepository = data.head.repo?.full_name ?? "";
  return {
    number: data.number,
    baseSha: data.base.sha,
    headSha: data.head.sha,
    headRepository,
    fromFork: headRepository.toLowerCase() !== data.base.repo.full_name.toLowerCase(),
  };
}

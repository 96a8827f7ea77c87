import { ConfigError } from "@bulwark/core";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/api/client.js";
import { parseContext } from "../../src/context/context.js";
import { resolvePullRequest } from "../../src/context/resolve.js";
import { FakeGitHub } from "../support/fake-github.js";

const HEAD = "1".repeat(40);
const BASE = "2".repeat(40);
const env = (eventName: string) => ({
  GITHUB_EVENT_NAME: eventName,
  GITHUB_REPOSITORY: "octo/repo",
  GITHUB_SHA: "3".repeat(40),
  GITHUB_API_URL: "https://api.github.com",
  GITHUB_SERVER_URL: "https://github.com",
});
const pullRequest = (headRepo: string | null) => ({
  number: 42,
  head: { sha: HEAD, repo: headRepo ? { full_name: headRepo } : null },
  base: { sha: BASE, repo: { full_name: "octo/repo" } },
});

describe("parseContext", () => {
  it("reads a pull request from the same repository", () => {
    const context = parseContext(env("pull_request"), { pull_request: pullRequest("octo/repo") });
    expect(context.repository).toEqual({ owner: "octo", repo: "repo" });
    expect(context.pullRequest).toEqual({
      number: 42,
      baseSha: BASE,
      headSha: HEAD,
      headRepository: "octo/repo",
      fromFork: false,
    });
  });

  it("knows a fork, a deleted fork, and pull_request_target", () => {
    expect(
      parseContext(env("pull_request"), { pull_request: pullRequest("someone/repo") }).pullRequest?.fromFork,
    ).toBe(true);
    expect(parseContext(env("pull_request"), { pull_request: pullRequest(null) }).pullRequest?.fromFork).toBe(
      true,
    );
    const target = parseContext(env("pull_request_target"), { pull_request: pullRequest("Octo/Repo") });
    expect(target.pullRequest).toMatchObject({ headSha: HEAD, fromFork: false });
  });

  it("reads the triggering run of workflow_run, with its pull request only when listed for its head", () => {
    const run = {
      id: 9,
      event: "pull_request",
      head_sha: HEAD,
      head_repository: { full_name: "someone/repo" },
    };
    const fork = parseContext(env("workflow_run"), { workflow_run: { ...run, pull_requests: [] } });
    expect(fork.triggeringRun).toEqual({
      id: 9,
      event: "pull_request",
      headSha: HEAD,
      headRepository: "someone/repo",
      fromFork: true,
    });
    expect(fork.pullRequest).toBeUndefined();
    const listed = parseContext(env("workflow_run"), {
      workflow_run: {
        ...run,
        head_repository: { full_name: "octo/repo" },
        pull_requests: [
          pullRequest("octo/repo"),
          { ...pullRequest("octo/repo"), number: 5, head: { sha: BASE } },
        ],
      },
    });
    expect(listed.pullRequest).toMatchObject({ number: 42, fromFork: false });
  });

  it("says what is missing", () => {
    expect(() => parseContext({ ...env("push"), GITHUB_REPOSITORY: "" }, {})).toThrow(ConfigError);
    expect(() => parseContext(env("pull_request"), {})).toThrow(/payload has no pull_request/);
    expect(() => parseContext({ ...env("push"), GITHUB_REPOSITORY: "a/b/c" }, {})).toThrow(/owner\/name/);
  });
});

describe("resolvePullRequest", () => {
  let fake: FakeGitHub | undefined;
  afterEach(async () => {
    expect(fake?.violations).toEqual([]);
    await fake?.close();
  });

  it("believes the number a fork's first stage saved only when that pull request is open at the run's head", async () => {
    fake = await FakeGitHub.start();
    fake.pullRequest = {
      number: 42,
      headSha: HEAD,
      baseSha: BASE,
      state: "open",
      headRepository: "someone/repo",
    };
    const client = new GitHubClient({ apiUrl: fake.url, token: fake.token });
    const context = parseContext(
      { ...env("workflow_run"), GITHUB_API_URL: fake.url },
      {
        workflow_run: {
          id: 9,
          event: "pull_request",
          head_sha: HEAD,
          head_repository: { full_name: "someone/repo" },
          pull_requests: [],
        },
      },
    );
    await expect(resolvePullRequest(client, context, 42)).resolves.toMatchObject({
      number: 42,
      headSha: HEAD,
      fromFork: true,
    });
    fake.pullRequest.headSha = "9".repeat(40);
    await expect(resolvePullRequest(client, context, 42)).rejects.toThrow(/not posting on it/);
    await expect(resolvePullRequest(client, context)).rejects.toThrow(ConfigError);
  });
});

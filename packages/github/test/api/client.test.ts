import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/api/client.js";
import { GitHubApiError } from "../../src/api/errors.js";
import { fetchPullRequestDiff } from "../../src/diff/files.js";
import { FakeGitHub } from "../support/fake-github.js";

const repository = { owner: "octo", repo: "repo" };
const NOW = 1_800_000_000_000;
let fake: FakeGitHub;
let waits: number[];

beforeEach(async () => {
  fake = await FakeGitHub.start();
  waits = [];
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

function client(options: Partial<ConstructorParameters<typeof GitHubClient>[0]> = {}) {
  return new GitHubClient({
    apiUrl: fake.url,
    token: fake.token,
    sleep: async (ms) => void waits.push(ms),
    now: () => NOW,
    ...options,
  });
}

const postComment = (c: GitHubClient) =>
  c.request("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", {
    path: { ...repository, issue_number: 7 },
    body: { body: "hello" },
  });

describe("GitHubClient rate limits", () => {
  it("waits as retry-after says on a secondary limit, then sends the POST again", async () => {
    fake.injected.push({
      operationId: "issues/create-comment",
      status: 403,
      headers: { "retry-after": "7" },
      body: { message: "You have exceeded a secondary rate limit" },
    });
    await postComment(client());
    expect(waits).toEqual([7000]);
    expect(fake.calls("issues/create-comment")).toHaveLength(2);
    expect(fake.issueComments).toHaveLength(1);
  });

  it("waits until x-ratelimit-reset when the primary limit is spent", async () => {
    const reset = String(NOW / 1000 + 30);
    fake.injected.push({
      operationId: "issues/create-comment",
      status: 429,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
    });
    await postComment(client());
    expect(waits).toEqual([31_000]);
  });

  it("gives up with a typed error rather than wait past the time allowed", async () => {
    fake.injected.push({
      operationId: "issues/create-comment",
      status: 429,
      headers: { "retry-after": "600" },
    });
    const error = await postComment(client({ maxWaitMs: 60_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(waits).toEqual([]);
  });

  it("stops after the retries", async () => {
    for (let i = 0; i < 3; i++)
      fake.injected.push({
        operationId: "issues/create-comment",
        status: 429,
        headers: { "retry-after": "1" },
      });
    const error = await postComment(client({ retries: 2 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "RATE_LIMITED" });
    expect(String(error)).toContain("gave up after 3 attempts");
    expect(waits).toEqual([1000, 1000]);
  });

  it("does not retry a 403 that is a permission problem", async () => {
    fake.injected.push({
      operationId: "issues/create-comment",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const error = await postComment(client()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(String(error)).toContain("Resource not accessible by integration");
    expect(String(error)).not.toContain(fake.token);
    expect(waits).toEqual([]);
  });
});

describe("the fake GitHub", () => {
  it("refuses requests GitHub's description does not allow, and those without the token", async () => {
    const c = client();
    await expect(
      c.request("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", {
        path: { ...repository, issue_number: 7 },
        body: { bdy: "typo" },
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      c.request("GET", "/repos/{owner}/{repo}/no-such-thing", { path: repository }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(postComment(new GitHubClient({ apiUrl: fake.url, token: "wrong" }))).rejects.toMatchObject({
      status: 400,
    });
    expect(fake.violations).toEqual([
      expect.stringMatching(
        /issues\/create-comment .*must have required property 'body'.*must NOT have additional properties/,
      ),
      "GET /repos/octo/repo/no-such-thing is not an operation of api.github.com",
      "request without the token",
    ]);
    fake.violations.length = 0;
  });
});

describe("GitHubClient and the token", () => {
  it("refuses an API URL that is not HTTPS", () => {
    expect(() => new GitHubClient({ apiUrl: "http://api.example.com", token: "t" })).toThrow(/not HTTPS/);
  });

  it("never follows a next page off the API's origin", async () => {
    const seen: string[] = [];
    const fetchStub: typeof fetch = async (input, init) => {
      seen.push(`${String(input)} ${new Headers(init?.headers).get("authorization")}`);
      return new Response("[]", { headers: { link: '<https://evil.example/steal?page=2>; rel="next"' } });
    };
    const c = new GitHubClient({ apiUrl: "https://api.github.com", token: "secret", fetch: fetchStub });
    await expect(
      c.paginate("/repos/{owner}/{repo}/pulls/{pull_number}/files", {
        path: { ...repository, pull_number: 1 },
      }),
    ).rejects.toMatchObject({ code: "INSECURE" });
    expect(seen).toEqual(["https://api.github.com/repos/octo/repo/pulls/1/files?per_page=100 Bearer secret"]);
  });
});

describe("fetchPullRequestDiff", () => {
  it("reads every page of the changed files", async () => {
    fake.files = Array.from({ length: 230 }, (_, i) => ({
      sha: "d".repeat(40),
      filename: `f${i}.yaml`,
      status: "added" as const,
      additions: 1,
      deletions: 0,
      changes: 1,
      blob_url: "https://github.com/octo/repo/blob/x",
      raw_url: "https://github.com/octo/repo/raw/x",
      contents_url: "https://api.github.com/repos/octo/repo/contents/x",
      patch: "@@ -0,0 +1 @@\n+a: 1",
    }));
    const diff = await fetchPullRequestDiff(client(), repository, 7);
    expect(fake.calls("pulls/list-files")).toHaveLength(3);
    expect(diff.files.size).toBe(230);
    expect(diff.truncated).toBe(false);
    expect(diff.files.get("f229.yaml")!.lines.get(1)).toMatchObject({ added: true, text: "a: 1" });
  });
});

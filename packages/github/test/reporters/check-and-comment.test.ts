import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/api/client.js";
import { postCheckRun } from "../../src/reporters/check.js";
import { postStickyComment } from "../../src/reporters/sticky-comment.js";
import { FakeGitHub } from "../support/fake-github.js";
import { finding, report } from "../support/findings.js";

const repository = { owner: "octo", repo: "repo" };
let fake: FakeGitHub;
let client: GitHubClient;

beforeEach(async () => {
  fake = await FakeGitHub.start();
  client = new GitHubClient({ apiUrl: fake.url, token: fake.token, sleep: async () => {} });
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe("postCheckRun", () => {
  it("sends annotations 50 per request and completes with the last one", async () => {
    const findings = Array.from({ length: 120 }, (_, i) =>
      finding("deploy.yaml", i + 1, {
        severity: i % 2 ? "warning" : "note",
        location: {
          path: "deploy.yaml",
          startLine: i + 1,
          startColumn: 3,
          endLine: i % 3 ? i + 1 : i + 2,
          endColumn: 9,
        },
      }),
    );
    const outcome = await postCheckRun({
      client,
      repository,
      headSha: "c".repeat(40),
      report: report(findings),
      failLevel: "error",
    });
    expect(fake.calls("checks/create")).toHaveLength(1);
    const updates = fake.calls("checks/update");
    expect(updates).toHaveLength(2);
    const sizes = [fake.calls("checks/create")[0]!, ...updates].map(
      (r) => (r.body as { output: { annotations: unknown[] } }).output.annotations.length,
    );
    expect(sizes).toEqual([50, 50, 20]);
    expect((updates[0]!.body as { conclusion?: string }).conclusion).toBeUndefined();
    const [run] = fake.checkRuns;
    expect(run).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      name: "Bulwark validate-manifests",
    });
    expect(run!.annotations).toHaveLength(120);
    // Columns only on one-line annotations, as the Checks API requires.
    expect(run!.annotations.filter((a) => a.start_line !== a.end_line && "start_column" in a)).toEqual([]);
    expect(run!.annotations.filter((a) => a.start_line !== a.end_line)).toHaveLength(40);
    expect(outcome).toMatchObject({ reporter: "check", shown: 120, notShown: [] });
  });

  it("fails by the fail level, caps annotations and keeps the summary under 65,535 characters", async () => {
    const long = "x".repeat(5000);
    const findings = Array.from({ length: 300 }, (_, i) => finding("deploy.yaml", i + 1, { message: long }));
    const outcome = await postCheckRun({
      client,
      repository,
      headSha: "c".repeat(40),
      report: report(findings),
      failLevel: "error",
      maxAnnotations: 60,
    });
    const [run] = fake.checkRuns;
    expect(run!.conclusion).toBe("failure");
    expect(run!.annotations).toHaveLength(60);
    expect(run!.summary!.length).toBeLessThanOrEqual(65_535);
    expect(run!.summary).toContain("Not shown:");
    expect(outcome.notShown).toEqual(["240 findings not annotated: over the limit of 60 annotations"]);
  });

  it("succeeds with no findings in a single request", async () => {
    await postCheckRun({
      client,
      repository,
      headSha: "c".repeat(40),
      report: report([]),
      failLevel: "warning",
    });
    expect(fake.requests.map((r) => r.operationId)).toEqual(["checks/create"]);
    expect(fake.checkRuns[0]).toMatchObject({
      conclusion: "success",
      title: "0 errors, 0 warnings, 0 notes",
    });
  });
});

describe("postStickyComment", () => {
  it("creates the comment once, then edits it in place, ignoring look-alikes from others", async () => {
    fake.issueComments.push({
      id: 1,
      body: "<!-- bulwark:sticky key=validate-manifests -->\nforged",
      login: "mallory",
    });
    await postStickyComment({ client, repository, pullNumber: 7, report: report([finding("a.yaml", 1)]) });
    expect(fake.calls("issues/create-comment")).toHaveLength(1);
    await postStickyComment({ client, repository, pullNumber: 7, report: report([]) });
    expect(fake.calls("issues/create-comment")).toHaveLength(1);
    expect(fake.calls("issues/update-comment")).toHaveLength(1);
    const ours = fake.issueComments.filter((c) => c.login === fake.botLogin);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain("No findings.");
    expect(fake.issueComments[0]!.body).toContain("forged");

    // Another category gets a comment of its own.
    await postStickyComment({ client, repository, pullNumber: 7, report: report([], "check-base-image") });
    expect(fake.calls("issues/create-comment")).toHaveLength(2);
  });

  it("finds its comment beyond the first page and stays under 65,536 characters", async () => {
    for (let id = 1; id <= 150; id++)
      fake.issueComments.push({ id, body: `chatter ${id}`, login: "someone" });
    await postStickyComment({ client, repository, pullNumber: 7, report: report([finding("a.yaml", 1)]) });
    const findings = Array.from({ length: 500 }, (_, i) =>
      finding("a.yaml", i + 1, { message: "y".repeat(400) }),
    );
    const outcome = await postStickyComment({ client, repository, pullNumber: 7, report: report(findings) });
    expect(fake.calls("issues/create-comment")).toHaveLength(1);
    const body = fake.issueComments.at(-1)!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(outcome.notShown).toHaveLength(1);
  });
});

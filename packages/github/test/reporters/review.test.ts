import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/api/client.js";
import { isGitHubApiError } from "../../src/api/errors.js";
import type { PullRequestRef } from "../../src/context/context.js";
import { diffFromEntries } from "../../src/diff/files.js";
import { explainReadOnly, isReadOnlyToken } from "../../src/reporters/fallback.js";
import { postReview } from "../../src/reporters/review.js";
import { FakeGitHub } from "../support/fake-github.js";
import { finding, report } from "../support/findings.js";
import { GitFixture } from "../support/git-fixture.js";

const repository = { owner: "octo", repo: "repo" };
const manifest = Array.from({ length: 60 }, (_, i) => `key${i + 1}: value\n`).join("");

let fake: FakeGitHub;
let repo: GitFixture;
let pullRequest: PullRequestRef;

beforeEach(async () => {
  fake = await FakeGitHub.start();
  repo = new GitFixture();
  const base = repo.commit({ "deploy.yaml": manifest });
  // Lines 10-49 are replaced: 40 added lines in one hunk, context around them.
  const changed = manifest.replace(/key(1\d|[2-4]\d): value/g, "key$1: changed");
  const head = repo.commit({ "deploy.yaml": changed });
  fake.files = repo.diffEntries(base, head);
  pullRequest = { number: 7, baseSha: base, headSha: head, headRepository: "octo/repo", fromFork: false };
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.remove();
});

function run(findings: ReturnType<typeof finding>[], extra: Partial<Parameters<typeof postReview>[0]> = {}) {
  const client = new GitHubClient({ apiUrl: fake.url, token: fake.token, sleep: async () => {} });
  return postReview({
    client,
    repository,
    pullRequest,
    report: report(findings),
    diff: diffFromEntries(fake.files),
    ...extra,
  });
}

describe("postReview", () => {
  it("posts one review with comments on the diff's lines and lists the rest in its body", async () => {
    const outcome = await run([
      finding("deploy.yaml", 12),
      finding("deploy.yaml", 3),
      finding("other.yaml", 1),
    ]);
    expect(fake.reviews).toHaveLength(1);
    expect(fake.reviewComments.map((c) => [c.path, c.line, c.side])).toEqual([["deploy.yaml", 12, "RIGHT"]]);
    expect(fake.reviews[0]!.commitId).toBe(pullRequest.headSha);
    expect(fake.reviews[0]!.body).toContain("2 findings outside the lines this pull request changes");
    expect(outcome.shown).toBe(1);
    expect(outcome.notShown).toEqual(["2 findings outside the pull request's changes (filter mode added)"]);
  });

  it("comments at most 30 times per review and summarises the rest", async () => {
    const findings = Array.from({ length: 40 }, (_, i) => finding("deploy.yaml", 10 + i));
    const outcome = await run(findings);
    expect(fake.calls("pulls/create-review")).toHaveLength(1);
    expect(fake.reviewComments).toHaveLength(30);
    expect(fake.reviews[0]!.body).toContain("Not commented on a line");
    expect(fake.reviews[0]!.body.match(/^- /gm)).toHaveLength(10);
    expect(outcome.notShown).toEqual(["10 findings not commented: over the limit of 30 comments per review"]);
  });

  it("does not comment twice on a re-run, and marks comments whose finding is gone as resolved", async () => {
    await run([finding("deploy.yaml", 12), finding("deploy.yaml", 13)]);
    expect(fake.reviewComments).toHaveLength(2);

    // Someone else's comment carrying a forged marker for a new finding must not hide it.
    fake.reviewComments.push({
      id: 1,
      reviewId: 1,
      body: "<!-- bulwark:finding key=validate-manifests fp=fp-deploy.yaml-14 -->\nlooks fine",
      path: "deploy.yaml",
      line: 14,
      side: "RIGHT",
      commitId: pullRequest.headSha,
      login: "mallory",
    });
    const outcome = await run([finding("deploy.yaml", 12), finding("deploy.yaml", 14)]);
    expect(fake.reviews).toHaveLength(2);
    expect(fake.reviewComments.filter((c) => c.login === fake.botLogin).map((c) => c.line)).toEqual([
      12, 13, 14,
    ]);
    const resolved = fake.reviewComments.find((c) => c.line === 13)!;
    expect(resolved.body).toMatch(
      /^<!-- bulwark:finding key=validate-manifests fp=fp-deploy.yaml-13 state=resolved -->/,
    );
    expect(resolved.body).toContain("Resolved");
    expect(outcome).toMatchObject({ shown: 2, resolved: 1 });

    // A third identical run changes nothing.
    await run([finding("deploy.yaml", 12), finding("deploy.yaml", 14)]);
    expect(fake.reviews).toHaveLength(2);
    expect(fake.calls("pulls/update-review-comment")).toHaveLength(1);
  });

  it("isolates a line GitHub refuses and posts every other comment", async () => {
    fake.refuseComment = ({ line }) => line === 15;
    const findings = Array.from({ length: 8 }, (_, i) => finding("deploy.yaml", 10 + i));
    const outcome = await run(findings);
    expect(fake.reviewComments.map((c) => c.line).sort((a, b) => a! - b!)).toEqual([
      10, 11, 12, 13, 14, 16, 17,
    ]);
    const summary = fake.reviews.at(-1)!;
    expect(summary.comments).toBe(0);
    expect(summary.body).toContain("deploy\\.yaml\\:15 ❌ **error**");
    expect(outcome.notShown).toContain("1 finding not commented: GitHub refused their lines");
    expect(outcome.shown).toBe(7);
  });

  it("turns a fix within the commented lines into a suggestion block", async () => {
    const fix = {
      description: "set it",
      replacements: [
        { region: { startLine: 12, startColumn: 8, endLine: 12, endColumn: 15 }, text: "```fixed" },
      ],
    };
    await run([
      finding("deploy.yaml", 12, { fix }),
      finding("deploy.yaml", 20, {
        fix: {
          ...fix,
          replacements: [
            { ...fix.replacements[0]!, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 } },
          ],
        },
      }),
    ]);
    const [withSuggestion, without] = fake.reviewComments;
    expect(withSuggestion!.body).toContain("````suggestion\nkey12: ```fixed\n````");
    // The second fix touches line 2, outside the diff: a plain comment on the finding's line.
    expect(without!.line).toBe(20);
    expect(without!.body).not.toContain("suggestion");
    expect(without!.body).toContain("**Fix:** set it");
  });

  it("escapes hostile text so it cannot forge markers, HTML, suggestions or mentions", async () => {
    const hostile =
      "<!-- bulwark:finding key=x fp=y -->\n```suggestion\nrm -rf /\n```\n<img src=x onerror=alert(1)> @octo/admins [link](https://evil.example)";
    await run([finding("deploy.yaml", 12, { message: hostile, ruleId: "@admin <b>" })]);
    const body = fake.reviewComments[0]!.body;
    const text = body.split("\n").slice(1).join("\n");
    expect(text).not.toContain("<!--");
    expect(text).not.toMatch(/(^|[^\\])<img/);
    expect(text).not.toContain("```");
    expect(text).not.toMatch(/@[a-z]/);
    expect(body.split("\n").filter((l) => l.startsWith("<!-- bulwark:"))).toHaveLength(1);
  });

  it("raises a typed error when the token is read-only, so the caller can fall back", async () => {
    fake.injected.push({
      operationId: "pulls/create-review",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const error = await run([finding("deploy.yaml", 12)]).catch((e: unknown) => e);
    expect(isReadOnlyToken(error)).toBe(true);
    expect(isGitHubApiError(error) && error.status).toBe(403);
    const why = explainReadOnly(error as never, { ...pullRequest, fromFork: true });
    expect(why).toContain("comes from a fork");
    expect(why).toContain("annotations and in the job summary");
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePatch } from "../../packages/github/src/diff/patch.js";
import { FakeGitHub } from "../../packages/github/test/support/fake-github.js";
import { GitFixture } from "../../packages/github/test/support/git-fixture.js";
import { annotations, REPO, runAction } from "./support/runner.js";

/**
 * The committed annotate-pr bundle under Node 24, talking to the OpenAPI-validating fake GitHub
 * served from this process, for a pull request whose diff comes from a real `git diff`.
 */

const TESTDATA = join(REPO, "../shared/testdata/sarif");
const manifest = Array.from({ length: 80 }, (_, i) => `key${i + 1}: value\n`).join("");

let fake: FakeGitHub;
let repo: GitFixture;
let head: string;
let base: string;

beforeEach(async () => {
  fake = await FakeGitHub.start();
  repo = new GitFixture();
  base = repo.commit({ "k8s/app.yaml": manifest });
  // Lines 10-49 change: 40 added lines in one hunk, three lines of context around it.
  head = repo.commit({ "k8s/app.yaml": manifest.replace(/key([1-4]\d): value/g, "key$1: changed") });
  fake.files = repo.diffEntries(base, head);
  Object.assign(fake.pullRequest, { headSha: head, baseSha: base });
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.remove();
});

function event(fromFork = false) {
  return {
    action: "synchronize",
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: head, ref: "feature", repo: { full_name: fromFork ? "someone/repo" : "octo/repo" } },
      base: { sha: base, ref: "main", repo: { full_name: "octo/repo" } },
    },
    repository: { full_name: "octo/repo", name: "repo", owner: { login: "octo" } },
  };
}

interface SarifResultSpec {
  uri: string;
  line: number;
  message?: string;
  ruleId?: string;
}

function sarif(results: SarifResultSpec[], tool = "kube-linter"): string {
  return JSON.stringify({
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: tool, rules: [{ id: "R1", defaultConfiguration: { level: "error" } }] } },
        results: results.map((r) => ({
          ruleId: r.ruleId ?? "R1",
          message: { text: r.message ?? `problem on line ${r.line}` },
          locations: [
            { physicalLocation: { artifactLocation: { uri: r.uri }, region: { startLine: r.line } } },
          ],
        })),
      },
    ],
  });
}

function annotatePr(
  workspace: Record<string, string>,
  inputs: Record<string, string>,
  options: { fromFork?: boolean } = {},
) {
  return runAction("annotate-pr", {
    workspace,
    inputs: { "github-token": fake.token, ...inputs },
    event: event(options.fromFork),
    eventName: "pull_request",
    env: { GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: "octo/repo", GITHUB_SHA: "c".repeat(40) },
  });
}

/** Pull request #7 now adds a privileged container to k8s/pod.yaml (lines 10-11). */
function podPullRequest(): void {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: team-a
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0@sha256:${"a".repeat(64)}
`;
  base = repo.commit({ "k8s/pod.yaml": pod });
  head = repo.commit({ "k8s/pod.yaml": `${pod}      securityContext:\n        privileged: true\n` });
  fake.files = repo.diffEntries(base, head);
  Object.assign(fake.pullRequest, { headSha: head, baseSha: base });
}

describe("annotate-pr bundle under Node 24", () => {
  it("comments only on diff lines, at most 30 per review, and not again on a re-run", async () => {
    const lines = Array.from({ length: 45 }, (_, i) => i + 5); // 5-49: 5 and 6 are outside the diff
    const workspace = {
      "reports/kube-linter.sarif": sarif(lines.map((line) => ({ uri: "k8s/app.yaml", line }))),
    };
    const inputs = {
      sarif: "reports/*.sarif",
      reporter: "pr-review, summary",
      "filter-mode": "diff_context",
    };

    const first = await annotatePr(workspace, inputs);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`::add-mask::${fake.token}`);
    expect(fake.reviews).toHaveLength(1);
    expect(fake.reviewComments).toHaveLength(30);
    const diffLines = parsePatch(fake.files[0]!.patch!);
    expect(fake.reviewComments.every((c) => c.path === "k8s/app.yaml" && diffLines.has(c.line!))).toBe(true);
    expect(fake.reviews[0]!.body).toContain("Not commented on a line");
    expect(first.outputs).toMatchObject({
      total: "45",
      filtered: "2",
      shown: "30",
      skipped: "0",
      fallback: "",
    });
    expect(first.summary).toContain("over the limit of 30 comments per review");

    const second = await annotatePr(workspace, inputs);
    expect(second.status).toBe(0);
    // The 30 already commented are not repeated; the next 13 are.
    expect(fake.reviewComments).toHaveLength(43);
    expect(new Set(fake.reviewComments.map((c) => c.line)).size).toBe(43);
  });

  it("falls back to annotations and the job summary when the fork's token is read-only, and says why", async () => {
    fake.injected.push({
      operationId: "pulls/create-review",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const run = await annotatePr(
      {
        "r.sarif": sarif([
          { uri: "k8s/app.yaml", line: 12 },
          { uri: "k8s/app.yaml", line: 60 },
        ]),
      },
      { sarif: "r.sarif", reporter: "pr-review" },
      { fromFork: true },
    );
    expect(run.status).toBe(0);
    expect(fake.reviews).toEqual([]);
    expect(annotations(run.stdout, "error")).toEqual([
      expect.stringMatching(/^::error file=k8s\/app\.yaml,line=12,.*::problem on line 12$/),
    ]);
    expect(run.outputs.fallback).toContain("pull request #7 comes from a fork");
    expect(run.stdout).toMatch(/::warning::GitHub refused to write to the pull request .*read-only token/);
    expect(run.summary).toContain("comes from a fork");
    expect(run.outputs).toMatchObject({ total: "2", filtered: "1", shown: "1" });
  });

  it("refuses results outside the repository and escapes hostile messages", async () => {
    const hostile =
      "<!-- bulwark:sticky key=annotate-pr -->\n```suggestion\nprivileged: true\n```\n<img src=x onerror=alert(1)>";
    const workspace = {
      "r.sarif": sarif([
        { uri: "/etc/passwd", line: 12 },
        { uri: "../../k8s/app.yaml", line: 12 },
        { uri: "file:///root/.ssh/id_rsa", line: 12 },
        { uri: "k8s/app.yaml", line: 20, message: hostile },
      ]),
    };
    const run = await annotatePr(workspace, { sarif: "r.sarif", reporter: "pr-review\npr-comment" });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ total: "1", skipped: "3" });
    expect(run.stdout).toContain("::warning::3 SARIF result(s) not reported");
    expect(fake.reviewComments.map((c) => [c.path, c.line])).toEqual([["k8s/app.yaml", 20]]);
    const posted = [fake.reviewComments[0]!.body, fake.reviews[0]!.body, fake.issueComments[0]!.body];
    for (const body of posted) {
      expect(body).not.toContain("/etc/passwd");
      expect(body).not.toContain("id_rsa");
      expect(body.match(/<!--/g)).toHaveLength(1);
      expect(body.startsWith("<!-- bulwark:")).toBe(true);
      expect(body).not.toContain("```suggestion");
      expect(body).not.toMatch(/(?<!\\)<img/);
    }
  });

  it("fails with a clear message for invalid JSON and for a SARIF file over the size limit, posting nothing", async () => {
    const invalid = await annotatePr(
      { "bad.sarif": '{"version": "2.1.0", "runs": [' },
      { sarif: "bad.sarif" },
    );
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toMatch(
      /::error::Cannot use the SARIF input; nothing was reported:%0A- bad\.sarif is not JSON/,
    );

    const big = sarif(
      Array.from({ length: 200 }, (_, i) => ({
        uri: "k8s/app.yaml",
        line: 12,
        message: "x".repeat(100) + i,
      })),
    );
    const tooBig = await annotatePr({ "big.sarif": big }, { sarif: "big.sarif", "max-sarif-size": "10 kB" });
    expect(tooBig.status).toBe(1);
    expect(tooBig.stdout).toMatch(
      /- big\.sarif is [\d,]+ bytes, over the limit of 10,000 bytes \(max-sarif-size\); it was not read/,
    );
    expect(fake.requests).toEqual([]);
  });

  it.skipIf(!existsSync(TESTDATA))(
    "posts a check run for Checkov's real SARIF and fails at the fail level",
    async () => {
      const run = await annotatePr(
        { "checkov.sarif": readFileSync(join(TESTDATA, "checkov-results.sarif"), "utf8") },
        { sarif: "checkov.sarif", reporter: "check", "filter-mode": "nofilter", "fail-level": "error" },
      );
      expect(run.status).toBe(1);
      expect(fake.checkRuns).toHaveLength(1);
      expect(fake.checkRuns[0]).toMatchObject({
        headSha: head,
        conclusion: "failure",
        name: "Bulwark annotate-pr",
      });
      expect(fake.checkRuns[0]!.annotations).toHaveLength(12);
      expect(run.outputs).toMatchObject({ total: "12", shown: "12", filtered: "0" });
    },
  );

  it("as the workflow_run stage, posts on the pull request stage 1 ran for, and on no other", async () => {
    // The artifact is downloaded outside the workspace, as pr-report.yml does.
    const artifact = mkdtempSync(join(tmpdir(), "bulwark-artifact-"));
    writeFileSync(join(artifact, "bulwark-manifests.sarif"), sarif([{ uri: "k8s/app.yaml", line: 12 }]));
    const stage2 = (number: string) =>
      runAction("annotate-pr", {
        inputs: {
          "github-token": fake.token,
          sarif: `${artifact}/*.sarif`,
          reporter: "pr-review",
          "pull-request-number": number,
        },
        eventName: "workflow_run",
        event: {
          action: "completed",
          workflow_run: {
            id: 99,
            event: "pull_request",
            head_sha: head,
            head_repository: { full_name: "someone/repo" },
            pull_requests: [],
          },
        },
        env: { GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: "octo/repo", GITHUB_SHA: "c".repeat(40) },
      });
    try {
      const posted = await stage2("7");
      expect(posted.status).toBe(0);
      expect(fake.reviewComments.map((c) => [c.path, c.line, c.commitId])).toEqual([
        ["k8s/app.yaml", 12, head],
      ]);

      // Pull request #7 has moved to another commit since: the claim no longer holds.
      fake.pullRequest.headSha = "e".repeat(40);
      const refused = await stage2("7");
      expect(refused.status).toBe(1);
      expect(refused.stdout).toMatch(
        /::error::pull request #7 is open at e{40}, not open at [0-9a-f]{40} where the first stage ran: not posting on it/,
      );
      expect(fake.reviews).toHaveLength(1);
    } finally {
      rmSync(artifact, { recursive: true, force: true });
    }
  });

  it("validate-manifests' annotate input and annotate-pr on its SARIF agree: no comment twice", async () => {
    podPullRequest();
    const env = { GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: "octo/repo", GITHUB_SHA: "c".repeat(40) };

    const validate = await runAction("validate-manifests", {
      workspace: repo.dir,
      inputs: { paths: "k8s", annotate: "pr-review", "github-token": fake.token, "fail-level": "none" },
      event: event(),
      env,
    });
    expect(validate.status).toBe(0);
    expect(validate.stdout).toContain(`::add-mask::${fake.token}`);
    const commented = fake.reviewComments.map((c) => [c.path, c.line]);
    expect(commented).toContainEqual(["k8s/pod.yaml", 11]);
    expect(commented.every(([, line]) => line === 10 || line === 11)).toBe(true);

    const sarif = readFileSync(join(validate.workspace, "bulwark-manifests.sarif"), "utf8");
    const again = await annotatePr(
      { "bulwark-manifests.sarif": sarif },
      { sarif: "bulwark-manifests.sarif", reporter: "pr-review", category: "bulwark-manifests" },
    );
    expect(again.status).toBe(0);
    expect(fake.reviewComments.map((c) => [c.path, c.line])).toEqual(commented);
    expect(Number(again.outputs.shown)).toBe(commented.length);
  });

  it("validate-manifests' annotate input on a fork: a warning says why, the step's own annotations stand", async () => {
    fake.injected.push({
      operationId: "pulls/create-review",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    podPullRequest();
    const run = await runAction("validate-manifests", {
      workspace: repo.dir,
      inputs: { paths: "k8s", annotate: "pr-review", "github-token": fake.token },
      event: event(true),
      env: { GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: "octo/repo" },
    });
    expect(run.status).toBe(1); // its own fail level: error
    expect(fake.reviews).toEqual([]);
    expect(run.stdout).toMatch(/::warning::GitHub refused to write to the pull request .*comes from a fork/);
    expect(annotations(run.stdout, "error").length).toBeGreaterThan(0);
    // The step's annotations are written once: the fallback does not repeat them.
    const lines = annotations(run.stdout, "error").concat(annotations(run.stdout, "warning"));
    expect(new Set(lines).size).toBe(lines.length);
    expect(run.summary.match(/^### /gm)).toHaveLength(1);
  });
});

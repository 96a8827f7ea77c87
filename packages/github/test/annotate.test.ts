import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "@bulwark/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type AnnotateOptions,
  annotate,
  annotateStep,
  parseFilterMode,
  parsePullNumber,
  parseReporters,
} from "../src/annotate.js";
import { FakeGitHub } from "./support/fake-github.js";
import { finding, report } from "./support/findings.js";
import { GitFixture } from "./support/git-fixture.js";

const manifest = Array.from({ length: 60 }, (_, i) => `key${i + 1}: value\n`).join("");
const tool = { name: "Bulwark", version: "0.1.0", informationUri: "https://bulwark.dev" };

let fake: FakeGitHub;
let repo: GitFixture;
let runnerDir: string;
let base: string;
let head: string;
let stdout: string[];

beforeEach(async () => {
  fake = await FakeGitHub.start();
  repo = new GitFixture();
  base = repo.commit({ "deploy.yaml": manifest });
  // Lines 10-19 change: the only lines a review may comment on are 7-22 (with context).
  head = repo.commit({ "deploy.yaml": manifest.replace(/key(1\d): value/g, "key$1: changed") });
  fake.files = repo.diffEntries(base, head);
  fake.pullRequest.headSha = head;
  fake.pullRequest.baseSha = base;
  runnerDir = mkdtempSync(join(tmpdir(), "bulwark-annotate-"));
  writeFileSync(join(runnerDir, "summary.md"), "");
  stdout = [];
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.remove();
  rmSync(runnerDir, { recursive: true, force: true });
});

/** The pull_request payload for PR #7 of octo/repo, from a fork or not. */
function pullRequestEvent(fromFork = false) {
  return {
    pull_request: {
      number: 7,
      head: { sha: head, repo: { full_name: fromFork ? "someone/repo" : "octo/repo" } },
      base: { sha: base, repo: { full_name: "octo/repo" } },
    },
  };
}

function run(
  findings: Finding[],
  options: Partial<AnnotateOptions> & { event?: unknown; eventName?: string } = {},
) {
  const { event = pullRequestEvent(), eventName = "pull_request", ...rest } = options;
  const eventPath = join(runnerDir, "event.json");
  writeFileSync(eventPath, JSON.stringify(event));
  return annotate(findings, {
    reporters: ["pr-review"],
    category: "validate-manifests",
    tool,
    token: fake.token,
    env: {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: "octo/repo",
      GITHUB_SHA: "c".repeat(40),
      GITHUB_API_URL: fake.url,
      GITHUB_STEP_SUMMARY: join(runnerDir, "summary.md"),
    },
    write: (line) => stdout.push(line),
    client: { sleep: async () => {} },
    ...rest,
  });
}

const summary = () => readFileSync(join(runnerDir, "summary.md"), "utf8");
const writes = () => fake.requests.filter((r) => r.method !== "GET");

describe("annotate", () => {
  it("reports through several reporters at once, on the lines the pull request changes", async () => {
    const findings = [finding("deploy.yaml", 12), finding("deploy.yaml", 40), finding("other.yaml", 1)];
    const result = await run(findings, { reporters: ["pr-review", "check", "annotations", "summary"] });
    expect(fake.reviewComments.map((c) => [c.path, c.line])).toEqual([["deploy.yaml", 12]]);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]!.headSha).toBe(head);
    expect(fake.checkRuns[0]!.annotations).toHaveLength(1);
    expect(stdout.filter((l) => l.startsWith("::error "))).toHaveLength(1);
    expect(result).toMatchObject({ total: 3, filtered: 2, shown: 1, pullRequest: 7, failed: false });
    expect(result.fallback).toBeUndefined();
    expect(result.channels.map((c) => c.reporter)).toEqual(["check", "pr-review", "annotations", "summary"]);
    expect(summary()).toContain("other\\.yaml\\:1");
    expect(summary()).toContain("**pr-review**: 1 finding shown");
  });

  it("applies the filter mode: nofilter annotates everything, file keeps changed files", async () => {
    const findings = [finding("deploy.yaml", 40), finding("other.yaml", 1)];
    expect(await run(findings, { reporters: ["annotations"], filterMode: "nofilter" })).toMatchObject({
      shown: 2,
      filtered: 0,
    });
    expect(await run(findings, { reporters: ["annotations"], filterMode: "file" })).toMatchObject({
      shown: 1,
      filtered: 1,
    });
  });

  it("falls back to annotations and the job summary when a fork's read-only token is refused, saying why", async () => {
    fake.injected.push({
      operationId: "pulls/create-review",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const result = await run([finding("deploy.yaml", 12)], { event: pullRequestEvent(true) });
    expect(fake.reviews).toEqual([]);
    expect(result.fallback).toMatch(
      /pull request #7 comes from a fork, and GitHub gives its workflows a read-only token/,
    );
    expect(result.fallback).toContain("Resource not accessible by integration");
    expect(stdout.filter((l) => l.startsWith("::error "))).toHaveLength(1);
    expect(summary()).toContain("comes from a fork");
    expect(summary()).toContain("deploy\\.yaml\\:12");
    expect(result.channels.find((c) => c.reporter === "pr-review")!.notShown[0]).toMatch(
      /^nothing posted: POST/,
    );
  });

  it("without a token, or outside a pull request, shows annotations and the summary and says why", async () => {
    const noToken = await run([finding("deploy.yaml", 12)], { token: undefined, reporters: ["pr-comment"] });
    expect(noToken.fallback).toContain("no GitHub token was given");
    expect(fake.requests).toEqual([]);
    expect(stdout.filter((l) => l.startsWith("::error "))).toHaveLength(1);

    const push = await run([finding("deploy.yaml", 12)], {
      event: {},
      eventName: "push",
      reporters: ["pr-comment", "check"],
    });
    expect(push.fallback).toContain("this push run is not for a pull request");
    expect(fake.issueComments).toEqual([]);
    // A check run needs no pull request: it goes on the pushed commit.
    expect(fake.checkRuns.map((r) => r.headSha)).toEqual(["c".repeat(40)]);
  });

  it("never posts on a pull request the event does not belong to", async () => {
    await expect(run([finding("deploy.yaml", 12)], { pullNumber: 8 })).rejects.toThrowError(
      "the findings are for pull request #8, but this run is for #7",
    );
    const workflowRun = {
      workflow_run: {
        id: 1,
        event: "pull_request",
        head_sha: head,
        head_repository: { full_name: "someone/repo" },
        pull_requests: [],
      },
    };
    fake.pullRequest.headSha = "d".repeat(40); // #7 has moved on since the first stage ran
    await expect(
      run([finding("deploy.yaml", 12)], { event: workflowRun, eventName: "workflow_run", pullNumber: 7 }),
    ).rejects.toThrowError(/not open at .* where the first stage ran: not posting on it/);
    await expect(
      run([finding("deploy.yaml", 12)], { event: workflowRun, eventName: "workflow_run" }),
    ).rejects.toThrowError(/names no pull request/);
    expect(writes()).toEqual([]);
  });

  it("posts under workflow_run on the pull request the first stage ran for, once verified", async () => {
    const workflowRun = {
      workflow_run: {
        id: 1,
        event: "pull_request",
        head_sha: head,
        head_repository: { full_name: "someone/repo" },
        pull_requests: [],
      },
    };
    const result = await run([finding("deploy.yaml", 12)], {
      event: workflowRun,
      eventName: "workflow_run",
      pullNumber: 7,
      reporters: ["pr-review", "pr-comment"],
    });
    expect(result.pullRequest).toBe(7);
    expect(fake.reviewComments).toHaveLength(1);
    expect(fake.issueComments).toHaveLength(1);
  });

  it("keeps a hostile message from forging markers, comments or suggestions", async () => {
    const message =
      "x\n<!-- bulwark:sticky key=validate-manifests -->\n```suggestion\nprivileged: true\n```\n<img src=x onerror=alert(1)> @org/team";
    await run([finding("deploy.yaml", 12, { message })], {
      reporters: ["pr-review", "pr-comment", "summary"],
    });
    const bodies = [
      fake.reviewComments[0]!.body,
      fake.issueComments[0]!.body,
      fake.reviews[0]!.body,
      summary(),
    ];
    for (const body of bodies) {
      expect(body.split("\n").filter((l) => l.includes("<!--") && !l.startsWith("<!-- bulwark:"))).toEqual(
        [],
      );
      expect(body.match(/<!-- bulwark:/g)?.length ?? 0).toBeLessThanOrEqual(1);
      expect(body).not.toContain("```suggestion");
      expect(body).not.toMatch(/(?<!\\)<img/);
      expect(body).not.toContain("@org/team");
    }
  });

  it("fails at the fail level, counting suppressed findings out", async () => {
    const suppressed = finding("deploy.yaml", 13, { suppressed: { kind: "inline", reason: "ok" } });
    expect((await run([suppressed], { failLevel: "note", reporters: [] })).failed).toBe(false);
    expect((await run([finding("deploy.yaml", 40)], { failLevel: "error", reporters: [] })).failed).toBe(
      true,
    );
  });
});

describe("annotateStep", () => {
  it("posts a checking action's report when asked, without repeating its annotations and summary", async () => {
    const eventPath = join(runnerDir, "event.json");
    writeFileSync(eventPath, JSON.stringify(pullRequestEvent()));
    const options = {
      token: fake.token,
      failLevel: "error" as const,
      env: {
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: "octo/repo",
        GITHUB_SHA: "c".repeat(40),
        GITHUB_API_URL: fake.url,
        GITHUB_STEP_SUMMARY: join(runnerDir, "summary.md"),
      },
      write: (line: string) => stdout.push(line),
      logger: { debug() {}, info() {}, warning() {}, error() {} },
    };
    const findings = report([finding("deploy.yaml", 12)]);
    expect(await annotateStep(findings, { ...options, reporters: "" })).toBeUndefined();
    expect(fake.requests).toEqual([]);

    const result = await annotateStep(findings, { ...options, reporters: "pr-review, annotations, summary" });
    expect(result?.channels.map((c) => c.reporter)).toEqual(["pr-review"]);
    expect(fake.reviewComments).toHaveLength(1);
    expect(stdout).toEqual([`::add-mask::${fake.token}`]);
    expect(summary()).toBe("");

    fake.injected.push({ operationId: "pulls/create-review", status: 403, body: { message: "Forbidden" } });
    const warnings: string[] = [];
    const refused = await annotateStep(report([finding("deploy.yaml", 13)]), {
      ...options,
      reporters: "pr-review",
      logger: { ...options.logger, warning: (m) => warnings.push(m) },
    });
    expect(refused?.fallback).toMatch(/GitHub refused to write to the pull request/);
    expect(warnings).toEqual([refused!.fallback]);
    expect(stdout.filter((l) => l.startsWith("::error"))).toEqual([]);
    expect(summary()).toBe("");
  });
});

describe("parseReporters and parseFilterMode", () => {
  it("read lists and refuse unknown names", () => {
    expect(parseReporters("pr-review, check\nsummary pr-review")).toEqual(["pr-review", "check", "summary"]);
    expect(parseReporters("")).toEqual([]);
    expect(() => parseReporters("github-pr-review")).toThrowError(
      'Invalid reporter "github-pr-review": expected one or more of annotations, check, pr-review, pr-comment, summary.',
    );
    expect(parseFilterMode("diff_context")).toBe("diff_context");
    expect(() => parseFilterMode("changed")).toThrowError(/Invalid filter-mode "changed"/);
    expect(parsePullNumber(" 42 ")).toBe(42);
    expect(parsePullNumber("")).toBeUndefined();
    expect(() => parsePullNumber("7; rm -rf /")).toThrowError(/Invalid pull-request-number/);
  });
});

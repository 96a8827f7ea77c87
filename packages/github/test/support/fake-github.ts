import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parsePatch } from "../../src/diff/patch.js";
import { type CheckedRequest, OpenApiDescription } from "./openapi.js";

/**
 * A stand-in for api.github.com on 127.0.0.1. Every request is checked against GitHub's OpenAPI
 * description (and must carry the token); a request the description does not allow is answered 400
 * and recorded in `violations`, which each test expects to stay empty. Answers are built from the
 * description's own examples and checked against its response schemas.
 */

export interface DiffEntry {
  sha: string;
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  additions: number;
  deletions: number;
  changes: number;
  blob_url: string;
  raw_url: string;
  contents_url: string;
  patch?: string;
  previous_filename?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ReviewComment {
  id: number;
  reviewId: number;
  body: string;
  path: string;
  line: number | null;
  startLine?: number;
  side: string;
  commitId: string;
  login: string;
}

export interface IssueComment {
  id: number;
  body: string;
  login: string;
}

export interface CheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  title?: string;
  summary?: string;
  annotations: Record<string, unknown>[];
}

export interface Review {
  id: number;
  body: string;
  event: string;
  commitId: string;
  comments: number;
}

export interface InjectedResponse {
  operationId: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const description = new OpenApiDescription();

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  files: DiffEntry[] = [];
  pullRequest = {
    number: 7,
    headSha: "a".repeat(40),
    baseSha: "b".repeat(40),
    state: "open",
    headRepository: "octo/repo",
  };
  readonly reviews: Review[] = [];
  readonly reviewComments: ReviewComment[] = [];
  readonly issueComments: IssueComment[] = [];
  readonly checkRuns: CheckRun[] = [];
  /** Answers given instead of the normal one, first match first, each used once. */
  readonly injected: InjectedResponse[] = [];
  /** Review comments GitHub refuses with 422 besides those off the diff's RIGHT side. */
  refuseComment: (comment: { path: string; line: number }) => boolean = () => false;
  botLogin = "github-actions[bot]";
  private nextId = 1000;

  private constructor(
    private readonly server: Server,
    readonly token: string,
    readonly url: string,
  ) {}

  static async start(token = "ghs_test-token-0123456789"): Promise<FakeGitHub> {
    let fake: FakeGitHub | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeGitHub(server, token, `http://127.0.0.1:${port}`);
    return fake;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  calls(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const text = await readAll(req);
    let body: unknown;
    let checked: CheckedRequest;
    try {
      body = text ? JSON.parse(text) : undefined;
      if (req.headers.authorization !== `Bearer ${this.token}`) throw new Error("request without the token");
      checked = description.checkRequest(req.method ?? "GET", url.pathname, url.searchParams, body);
    } catch (error) {
      this.violations.push((error as Error).message);
      return send(res, 400, { message: (error as Error).message });
    }
    const { operation } = checked;
    this.requests.push({
      method: req.method!,
      path: url.pathname,
      operationId: operation.operationId,
      query: url.searchParams,
      body,
    });
    const injected = this.injected.findIndex((i) => i.operationId === operation.operationId);
    if (injected >= 0) {
      const [answer] = this.injected.splice(injected, 1);
      return send(res, answer!.status, answer!.body ?? { message: "injected" }, answer!.headers);
    }
    const { status, data, headers } = this.answer(
      operation.operationId,
      checked.pathParams,
      url,
      body as Record<string, never>,
    );
    try {
      description.checkResponse(operation, status, data);
    } catch (error) {
      this.violations.push((error as Error).message);
    }
    send(res, status, data, headers);
  }

  private answer(
    operationId: string,
    params: Record<string, string>,
    url: URL,
    body: unknown,
  ): { status: number; data: unknown; headers?: Record<string, string> } {
    const ok = (data: unknown, status = 200) => ({ status, data });
    switch (operationId) {
      case "pulls/list-files":
        return this.page(url, this.files);
      case "pulls/get": {
        const pr = description.example<Record<string, Record<string, unknown>>>("pull-request");
        Object.assign(pr, {
          number: this.pullRequest.number,
          state: this.pullRequest.state,
          requested_teams: [],
        });
        Object.assign(pr.head!, { sha: this.pullRequest.headSha });
        Object.assign(pr.head!.repo as object, { full_name: this.pullRequest.headRepository });
        Object.assign(pr.base!, { sha: this.pullRequest.baseSha });
        return ok(pr);
      }
      case "pulls/list-review-comments":
        return this.page(
          url,
          this.reviewComments.map((c) => this.reviewCommentData(c)),
        );
      case "pulls/update-review-comment": {
        const comment = this.reviewComments.find((c) => c.id === Number(params.comment_id));
        if (!comment) return { status: 404, data: { message: "Not Found" } };
        comment.body = (body as { body: string }).body;
        return ok(this.reviewCommentData(comment));
      }
      case "pulls/create-review":
        return this.createReview(body as CreateReviewBody);
      case "issues/list-comments":
        return this.page(
          url,
          this.issueComments.map((c) => this.issueCommentData(c)),
        );
      case "issues/create-comment": {
        const comment = { id: this.nextId++, body: (body as { body: string }).body, login: this.botLogin };
        this.issueComments.push(comment);
        return ok(this.issueCommentData(comment), 201);
      }
      case "issues/update-comment": {
        const comment = this.issueComments.find((c) => c.id === Number(params.comment_id));
        if (!comment) return { status: 404, data: { message: "Not Found" } };
        comment.body = (body as { body: string }).body;
        return ok(this.issueCommentData(comment));
      }
      case "checks/create": {
        const input = body as CheckRunBody;
        const run: CheckRun = {
          id: this.nextId++,
          name: input.name!,
          headSha: input.head_sha!,
          status: "queued",
          conclusion: null,
          annotations: [],
        };
        this.checkRuns.push(run);
        this.updateCheckRun(run, input);
        return ok(this.checkRunData(run), 201);
      }
      case "checks/update": {
        const run = this.checkRuns.find((r) => r.id === Number(params.check_run_id));
        if (!run) return { status: 404, data: { message: "Not Found" } };
        this.updateCheckRun(run, body as CheckRunBody);
        return ok(this.checkRunData(run));
      }
      default:
        throw new Error(`the fake does not implement ${operationId}`);
    }
  }

  private createReview(input: CreateReviewBody) {
    // Documented but not in the schema: COMMENT and REQUEST_CHANGES need a body.
    if (input.event !== "APPROVE" && !input.body) {
      this.violations.push(`a ${input.event ?? "PENDING"} review without a body`);
      return { status: 422, data: unprocessable("Body can't be blank") };
    }
    const comments = input.comments ?? [];
    for (const comment of comments) {
      const lines = parsePatch(this.files.find((f) => f.filename === comment.path)?.patch ?? "");
      const placeable = (line: number | undefined) => line !== undefined && lines.has(line);
      const range = comment.start_line !== undefined ? [comment.start_line, comment.line] : [comment.line];
      if (
        !range.every(placeable) ||
        comment.side !== "RIGHT" ||
        this.refuseComment({ path: comment.path, line: comment.line! })
      ) {
        return { status: 422, data: unprocessable("Line could not be resolved") };
      }
    }
    const review: Review = {
      id: this.nextId++,
      body: input.body ?? "",
      event: input.event ?? "PENDING",
      commitId: input.commit_id ?? "",
      comments: comments.length,
    };
    this.reviews.push(review);
    for (const comment of comments) {
      this.reviewComments.push({
        id: this.nextId++,
        reviewId: review.id,
        body: comment.body,
        path: comment.path,
        line: comment.line!,
        ...(comment.start_line !== undefined ? { startLine: comment.start_line } : {}),
        side: comment.side!,
        commitId: review.commitId,
        login: this.botLogin,
      });
    }
    const data = description.example<Record<string, unknown>>("pull-request-review");
    Object.assign(data, { id: review.id, body: review.body, state: "COMMENTED", commit_id: review.commitId });
    return { status: 200, data };
  }

  private updateCheckRun(run: CheckRun, input: CheckRunBody): void {
    if (input.status) run.status = input.status;
    if (input.conclusion) {
      run.conclusion = input.conclusion;
      run.status = "completed";
    }
    if (input.output) {
      run.title = input.output.title;
      run.summary = input.output.summary;
      run.annotations.push(...(input.output.annotations ?? []));
    }
  }

  private page(url: URL, items: unknown[]) {
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const page = Number(url.searchParams.get("page") ?? 1);
    const data = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URL(url);
      next.searchParams.set("page", String(page + 1));
      headers.link = `<${next.href}>; rel="next"`;
    }
    return { status: 200, data, headers };
  }

  private reviewCommentData(comment: ReviewComment): unknown {
    const data = description.example<Record<string, unknown>>("pull-request-review-comment");
    return Object.assign(data, {
      id: comment.id,
      pull_request_review_id: comment.reviewId,
      body: comment.body,
      path: comment.path,
      line: comment.line,
      start_line: comment.startLine ?? null,
      side: comment.side,
      commit_id: comment.commitId,
      user: {
        ...(data.user as object),
        login: comment.login,
        type: comment.login.endsWith("[bot]") ? "Bot" : "User",
      },
    });
  }

  private issueCommentData(comment: IssueComment): unknown {
    const data = description.example<Record<string, unknown>>("issue-comment");
    return Object.assign(data, {
      id: comment.id,
      body: comment.body,
      user: {
        ...(data.user as object),
        login: comment.login,
        type: comment.login.endsWith("[bot]") ? "Bot" : "User",
      },
    });
  }

  private checkRunData(run: CheckRun): unknown {
    const data = description.example<Record<string, unknown>>("check-run");
    return Object.assign(data, {
      id: run.id,
      name: run.name,
      head_sha: run.headSha,
      status: run.status,
      conclusion: run.conclusion,
      output: {
        ...(data.output as object),
        title: run.title ?? null,
        summary: run.summary ?? null,
        annotations_count: run.annotations.length,
      },
    });
  }
}

interface CreateReviewBody {
  commit_id?: string;
  body?: string;
  event?: string;
  comments?: { path: string; body: string; line?: number; side?: string; start_line?: number }[];
}

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  output?: { title: string; summary: string; text?: string; annotations?: Record<string, unknown>[] };
}

function unprocessable(error: string) {
  return {
    message: "Unprocessable Entity",
    errors: [error],
    documentation_url: "https://docs.github.com/rest",
    status: "422",
  };
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

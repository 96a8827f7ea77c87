import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "./support/runner.js";

/** The promises the two-stage example makes, checked on the files users copy. */

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, { workflows?: string[] }>;
  permissions: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const load = (name: string) =>
  parse(readFileSync(join(REPO, "workflows-examples", name), "utf8")) as Workflow;
const stage1 = load("pr-checks-fork-safe.yml");
const stage2 = load("pr-report.yml");
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe("the fork-safe two-stage workflows", () => {
  it("stage 1 runs the pull request's code with read-only permissions and uploads the reports", () => {
    expect(Object.keys(stage1.on)).toEqual(["pull_request"]);
    expect(stage1.permissions).toEqual({ contents: "read" });
    for (const job of Object.values(stage1.jobs)) expect(job.permissions ?? {}).toEqual({ contents: "read" });
    expect(steps(stage1).some((s) => s.uses?.startsWith("actions/upload-artifact@"))).toBe(true);
  });

  it("stage 2 follows stage 1, writes with the least permissions, and never checks out or runs the pull request", () => {
    expect(stage2.on.workflow_run?.workflows).toEqual([stage1.name]);
    expect(stage2.permissions).toEqual({});
    const [job] = Object.values(stage2.jobs);
    expect(job!.permissions).toEqual({ actions: "read", checks: "write", "pull-requests": "write" });
    const all = steps(stage2);
    expect(all.filter((s) => s.uses?.startsWith("actions/checkout"))).toEqual([]);
    // No local action (it would come from a checkout), and no shell step that reads the event's head.
    expect(all.filter((s) => s.uses?.startsWith("./"))).toEqual([]);
    expect(all.filter((s) => /head_(sha|branch)|pull_requests/.test(JSON.stringify(s)))).toEqual([]);
    const annotate = all.find((s) => s.uses?.includes("/actions/annotate-pr@"));
    expect(annotate?.with?.["pull-request-number"]).toMatch(/^\$\{\{ steps\.pr\.outputs\.number \}\}$/);
  });
});

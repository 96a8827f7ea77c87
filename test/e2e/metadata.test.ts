import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { convertActionTemplate, parseAction } from "@actions/workflow-parser/actions/index";
import { describe, expect, it } from "vitest";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const trace = new NoOperationTraceWriter();

/** The parser's complaints about a file: `[]` means GitHub would accept it. */
function actionErrors(name: string, content: string): string[] {
  const result = parseAction({ name, content }, trace);
  const errors = result.context.errors.getErrors().map((error) => error.message);
  if (errors.length === 0 && result.value) {
    convertActionTemplate(result.context, result.value);
    errors.push(...result.context.errors.getErrors().map((error) => error.message));
  }
  return errors;
}

function workflowErrors(name: string, content: string): string[] {
  const result = parseWorkflow({ name, content }, trace);
  return result.context.errors.getErrors().map((error) => error.message);
}

const actionFiles = readdirSync(join(REPO, "actions"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(REPO, "actions", entry.name, "action.yml"))
  .filter((path) => {
    try {
      return readFileSync(path).length > 0;
    } catch {
      return false;
    }
  });
const workflowFiles = readdirSync(join(REPO, "workflows-examples"))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join(REPO, "workflows-examples", name));

describe("GitHub's workflow parser", () => {
  it("finds the files it is to check", () => {
    expect(actionFiles.map((path) => relative(REPO, path))).toContain(
      "actions/validate-manifests/action.yml",
    );
    expect(workflowFiles.map((path) => relative(REPO, path))).toContain("workflows-examples/pr-checks.yml");
  });

  it.each(actionFiles.map((path) => [relative(REPO, path), path]))("accepts %s", (name, path) => {
    expect(actionErrors(name, readFileSync(path, "utf8"))).toEqual([]);
  });

  it.each(workflowFiles.map((path) => [relative(REPO, path), path]))("accepts %s", (name, path) => {
    expect(workflowErrors(name, readFileSync(path, "utf8"))).toEqual([]);
  });

  it("reports the mistakes these tests exist to catch", () => {
    const action = readFileSync(join(REPO, "actions/validate-manifests/action.yml"), "utf8");
    expect(actionErrors("bad.yml", action.replace("using: node24", "using: node99"))).not.toEqual([]);
    expect(actionErrors("bad.yml", action.replace(/^description:/m, "descripton:"))).not.toEqual([]);
    expect(workflowErrors("bad.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    step: []\n")).not.toEqual(
      [],
    );
  });
});

describe("validate-manifests action.yml", () => {
  const result = parseAction(
    {
      name: "action.yml",
      content: readFileSync(join(REPO, "actions/validate-manifests/action.yml"), "utf8"),
    },
    trace,
  );
  const template = convertActionTemplate(result.context, result.value!);

  it("runs the committed bundle on node24", () => {
    expect(template.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });

  it("declares the inputs and outputs main.ts uses", () => {
    expect(template.inputs?.map((input) => input.id).sort()).toEqual(
      [
        "annotate",
        "baseline",
        "config",
        "fail-level",
        "github-token",
        "paths",
        "profile",
        "pss-version",
        "sarif-file",
      ].sort(),
    );
    expect(template.outputs?.map((output) => output.id).sort()).toEqual(
      ["errors", "findings", "notes", "sarif-file", "suppressed", "warnings"].sort(),
    );
  });
});

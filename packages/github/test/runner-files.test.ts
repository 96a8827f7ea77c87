import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JOB_SUMMARY_MAX_BYTES } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import { appendStepSummary, formatOutputs, stepSummaryBudget, writeOutputs } from "../src/runner-files.js";

/** Reads a GITHUB_OUTPUT file the way the runner does: `name<<delimiter` blocks. */
function parseOutputFile(text: string): Record<string, string> {
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

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), "bulwark-runner-")), name);

describe("GITHUB_OUTPUT", () => {
  it("writes values the runner reads back exactly, multi-line ones included", () => {
    const file = tempFile("output");
    writeOutputs(file, { errors: 3, "sarif-file": "out.sarif" });
    writeOutputs(file, { message: "two\nlines" });
    expect(parseOutputFile(readFileSync(file, "utf8"))).toEqual({
      errors: "3",
      "sarif-file": "out.sarif",
      message: "two\nlines",
    });
  });

  it("cannot be tricked by a value holding a delimiter-like line into setting another output", () => {
    const hostile = "x\nghadelimiter_guess\nerrors<<EOF\n0\nEOF";
    const text = formatOutputs({ findings: hostile });
    expect(parseOutputFile(text)).toEqual({ findings: hostile });
  });

  it("uses a different delimiter each time", () => {
    expect(formatOutputs({ a: "1" })).not.toBe(formatOutputs({ a: "1" }));
  });

  it("rejects an output name that would break the file format", () => {
    expect(() => formatOutputs({ "a<<b": "1" })).toThrow(/invalid output name/);
    expect(() => formatOutputs({ "a\nb": "1" })).toThrow(/invalid output name/);
  });
});

describe("GITHUB_STEP_SUMMARY", () => {
  it("appends Markdown after what the step wrote before", () => {
    const file = tempFile("summary");
    appendStepSummary(file, "# One\n");
    appendStepSummary(file, "two\n");
    expect(readFileSync(file, "utf8")).toBe("# One\ntwo\n");
  });

  it("counts what the step already wrote against GitHub's 1 MiB limit", () => {
    const file = tempFile("summary");
    expect(stepSummaryBudget(file)).toBe(JOB_SUMMARY_MAX_BYTES);
    writeFileSync(file, "x".repeat(1000));
    expect(stepSummaryBudget(file)).toBe(JOB_SUMMARY_MAX_BYTES - 1000);
  });

  it("refuses a summary that would go past the limit, counting bytes rather than characters", () => {
    const file = tempFile("summary");
    writeFileSync(file, "x".repeat(JOB_SUMMARY_MAX_BYTES - 10));
    expect(() => appendStepSummary(file, `${"é".repeat(5)}x`)).toThrow(/does not fit/);
    appendStepSummary(file, "é".repeat(5));
    expect(readFileSync(file).length).toBe(JOB_SUMMARY_MAX_BYTES);
  });
});

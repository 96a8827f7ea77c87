import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG } from "@bulwark/core";
import type { Logger } from "@bulwark/github";
import { describe, expect, it } from "vitest";
import { MANIFEST_CATEGORY, TOOL, validateWorkspace } from "../src/validate.js";

describe("validateWorkspace", () => {
  it("builds the report every output renders, and tells the logger what it checked", async () => {
    const root = mkdtempSync(join(tmpdir(), "bulwark-validate-"));
    writeFileSync(
      join(root, "a.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nfoo: bar\n",
    );
    writeFileSync(join(root, "b.yaml"), "\0");
    const messages: string[] = [];
    const record = (level: string) => (message: string) => messages.push(`${level}: ${message}`);
    const logger: Logger = {
      debug: record("debug"),
      info: record("info"),
      warning: record("warning"),
      error: record("error"),
    };

    const { report } = await validateWorkspace({
      paths: ["."],
      root,
      config: DEFAULT_CONFIG,
      logger,
      today: "2026-01-01",
    });

    expect(report.tool).toBe(TOOL);
    expect(report.category).toBe(MANIFEST_CATEGORY);
    expect(report.notes).toEqual([
      "a.yaml:4: skipped, not a Kubernetes object (no apiVersion and kind)",
      "No rule looks into these kinds beyond their syntax and metadata: ConfigMap (1).",
    ]);
    expect(report.findings.map((f) => f.ruleId)).toContain("unreadable-file");
    expect(messages).toEqual(["info: Checked 1 file (2 documents, 1 object).", "debug: Not checked: b.yaml"]);
  });
});

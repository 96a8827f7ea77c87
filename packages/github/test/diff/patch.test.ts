import type { Finding } from "@bulwark/core";
import { afterEach, describe, expect, it } from "vitest";
import { addedLines, diffFromEntries } from "../../src/diff/files.js";
import { filterFindings } from "../../src/diff/filter.js";
import { parsePatch } from "../../src/diff/patch.js";
import { GitFixture } from "../support/git-fixture.js";

const lines = (count: number, prefix = "line") =>
  Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}\n`).join("");

let repo: GitFixture | undefined;
afterEach(() => repo?.remove());

describe("parsePatch on diffs written by git", () => {
  it("finds added and context lines of every hunk at their new line numbers, with their text", () => {
    repo = new GitFixture();
    const before = lines(40);
    const base = repo.commit({ "deploy.yaml": before });
    const after = before
      .replace("line 3\n", "line 3\ninserted A\ninserted B\n")
      .replace("line 20\n", "")
      .replace("line 35\n", "line 35 changed\n");
    const head = repo.commit({ "deploy.yaml": after });
    const [entry] = repo.diffEntries(base, head);
    const diff = parsePatch(entry!.patch!);
    const newLines = after.split("\n");

    for (const [number, line] of diff) expect(line.text).toBe(newLines[number - 1]);
    const added = [...diff].filter(([, l]) => l.added).map(([n]) => n);
    expect(added).toEqual([4, 5, 36]);
    // Three hunks: around line 3, around the deletion of line 20, around line 35.
    expect(new Set([...diff.values()].map((l) => l.hunk))).toEqual(new Set([0, 1, 2]));
    expect(diff.get(22)).toMatchObject({ added: false, text: "line 21" });
    expect(diff.has(12)).toBe(false);
  });

  it("reads a new file, a file without a final newline, and a rename", () => {
    repo = new GitFixture();
    const base = repo.commit({ "a.yaml": "x: 1\ny: 2", "old/name.yaml": lines(10) });
    const head = repo.commit({
      "a.yaml": "x: 1\ny: 3",
      "new.yaml": "kind: Pod\n\nspec: {}\n",
      "old/name.yaml": null,
      "renamed/name.yaml": lines(10).replace("line 5", "line five"),
    });
    const diff = diffFromEntries(repo.diffEntries(base, head));
    expect([...diff.files.get("new.yaml")!.lines.keys()]).toEqual([1, 2, 3]);
    expect(diff.files.get("new.yaml")!.lines.get(2)).toMatchObject({ added: true, text: "" });
    expect(diff.files.get("a.yaml")!.lines.get(2)).toMatchObject({ added: true, text: "y: 3" });
    expect(diff.files.get("renamed/name.yaml")).toMatchObject({
      status: "renamed",
      previousPath: "old/name.yaml",
    });
    expect(addedLines(diff).get("renamed/name.yaml")).toEqual(new Set([5]));
  });

  it("keeps counting lines when an empty context line lost its leading space", () => {
    const lines = parsePatch("@@ -1,3 +1,4 @@\n a\n\n+b\n c");
    expect([...lines.keys()]).toEqual([1, 2, 3, 4]);
    expect(lines.get(3)).toMatchObject({ added: true, text: "b" });
  });
});

describe("filterFindings", () => {
  const finding = (path: string, startLine: number, endLine = startLine): Finding => ({
    ruleId: "r",
    severity: "error",
    message: "m",
    fingerprint: `${path}:${startLine}`,
    location: { path, startLine, startColumn: 1, endLine, endColumn: 2 },
  });

  it("keeps what each mode allows and returns the rest", () => {
    repo = new GitFixture();
    const base = repo.commit({ "a.yaml": lines(30), "untouched.yaml": "a: 1\n" });
    const head = repo.commit({ "a.yaml": lines(30).replace("line 10\n", "line 10\nnew\n") });
    const diff = diffFromEntries(repo.diffEntries(base, head));
    const findings = [
      finding("a.yaml", 11),
      finding("a.yaml", 9),
      finding("a.yaml", 25),
      finding("a.yaml", 7, 12),
      finding("untouched.yaml", 1),
    ];
    const kept = (mode: Parameters<typeof filterFindings>[2]) =>
      filterFindings(findings, diff, mode).kept.map((f) => f.fingerprint);

    expect(kept("added")).toEqual(["a.yaml:11", "a.yaml:7"]);
    expect(kept("diff_context")).toEqual(["a.yaml:11", "a.yaml:9", "a.yaml:7"]);
    expect(kept("file")).toEqual(["a.yaml:11", "a.yaml:9", "a.yaml:25", "a.yaml:7"]);
    expect(kept("nofilter")).toHaveLength(5);
    expect(filterFindings(findings, diff, "added").filteredOut).toHaveLength(3);
  });
});

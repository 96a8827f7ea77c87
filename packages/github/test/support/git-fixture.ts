import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { DiffEntry } from "./fake-github.js";

/**
 * A throwaway git repository: commit a base, commit a head, and read the diff between them the
 * way GitHub lists a pull request's files (one entry per file, `patch` holding its hunks).
 */
export class GitFixture {
  readonly dir = mkdtempSync(join(tmpdir(), "bulwark-diff-"));

  constructor() {
    this.git("init", "-q", "-b", "main");
    this.git("config", "user.email", "test@example.com");
    this.git("config", "user.name", "Test");
  }

  /** Writes the files (null deletes) and commits them; returns the commit's SHA. */
  commit(files: Record<string, string | null>): string {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.dir, path);
      if (content === null) rmSync(file);
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    this.git("add", "-A");
    this.git("commit", "-q", "-m", "change", "--allow-empty");
    return this.git("rev-parse", "HEAD").trim();
  }

  diffEntries(base: string, head: string): DiffEntry[] {
    const statuses: Record<string, DiffEntry["status"]> = {
      A: "added",
      D: "removed",
      M: "modified",
      R: "renamed",
    };
    const names = this.git("diff", "--name-status", "-M", base, head).trim().split("\n").filter(Boolean);
    return names.map((line) => {
      const [status, ...paths] = line.split("\t");
      const filename = paths.at(-1)!;
      const diff = this.git("diff", "-M", base, head, "--", ...paths);
      const hunks = diff.indexOf("\n@@");
      const patch = hunks < 0 ? undefined : diff.slice(hunks + 1).replace(/\n$/, "");
      const numstat = this.git("diff", "--numstat", "-M", base, head, "--", ...paths).split("\t");
      const additions = Number(numstat[0]);
      const deletions = Number(numstat[1]);
      const url = `https://github.com/octo/repo/blob/${head}/${filename}`;
      return {
        sha: head,
        filename,
        status: statuses[status![0]!] ?? "changed",
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: url,
        raw_url: url,
        contents_url: url,
        ...(patch !== undefined ? { patch } : {}),
        ...(paths.length > 1 ? { previous_filename: paths[0]! } : {}),
      };
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, encoding: "utf8" });
  }
}

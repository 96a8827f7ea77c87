import type { ChangedLines } from "@bulwark/core";
import type { GitHubClient } from "../api/client.js";
import type { RepositoryRef } from "../context/context.js";
import { type DiffLines, parsePatch } from "./patch.js";

export interface ChangedFile {
  path: string;
  /** "added", "modified", "renamed", "removed"... as GitHub says. */
  status: string;
  previousPath?: string;
  lines: DiffLines;
  /** GitHub sent no patch (binary, or too large to show): the file changed, but no line can be commented. */
  patchMissing: boolean;
}

export interface PullRequestDiff {
  files: ReadonlyMap<string, ChangedFile>;
  /** The pull request changes more files than GitHub lists (3,000): the rest are unknown here. */
  truncated: boolean;
}

/** GitHub lists at most this many files of a pull request, whatever the pagination says. */
export const PULL_REQUEST_FILES_MAX = 3000;

interface DiffEntry {
  filename: string;
  status: string;
  previous_filename?: string;
  patch?: string;
}

/** The pull request's changed files and, for each, the lines a review comment may be placed on. */
export async function fetchPullRequestDiff(
  client: GitHubClient,
  repository: RepositoryRef,
  pullNumber: number,
): Promise<PullRequestDiff> {
  const { items, complete } = await client.paginate<DiffEntry>(
    "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    { path: { ...repository, pull_number: pullNumber } },
    PULL_REQUEST_FILES_MAX,
  );
  return diffFromEntries(items, !complete || items.length >= PULL_REQUEST_FILES_MAX);
}

export function diffFromEntries(entries: readonly DiffEntry[], truncated = false): PullRequestDiff {
  const files = new Map<string, ChangedFile>();
  for (const entry of entries) {
    files.set(entry.filename, {
      path: entry.filename,
      status: entry.status,
      ...(entry.previous_filename ? { previousPath: entry.previous_filename } : {}),
      lines: entry.patch ? parsePatch(entry.patch) : new Map(),
      patchMissing: entry.patch === undefined && entry.status !== "removed",
    });
  }
  return { files, truncated };
}

/** The added lines per file, as the annotation ordering in core takes them. */
export function addedLines(diff: PullRequestDiff): ChangedLines {
  const changed = new Map<string, Set<number>>();
  for (const file of diff.files.values()) {
    const added = [...file.lines].filter(([, line]) => line.added).map(([number]) => number);
    if (added.length > 0) changed.set(file.path, new Set(added));
  }
  return changed;
}

import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import {
  type BulwarkConfig,
  ConfigError,
  isDockerfileName,
  type OversizedFile,
  type PathKind,
  pathFilter,
  type SourceFile,
  type UnreadableFile,
} from "@bulwark/core";
import picomatch from "picomatch";
import { type ReadOutcome, readSource } from "./read.js";

export interface CollectOptions {
  /** The workspace: paths in findings are relative to it, and no symlink may lead out of it. */
  root: string;
  config: BulwarkConfig;
}

export interface CollectedFiles {
  files: SourceFile[];
  unreadable: UnreadableFile[];
  oversized: OversizedFile[];
}

/** What a walk collects. */
export interface FileKind {
  /** Which files a directory walk picks up, by path relative to the root (forward slashes). */
  accepts: (relativePath: string) => boolean;
  /** Which of the config's path globs narrow them (see `pathFilter`). */
  paths: PathKind;
}

/** Directories never worth walking: version control internals and installed dependencies. */
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules"]);

/** Kubernetes manifests: `.yaml`, `.yml` and `.json`. */
export const isManifestPath = (path: string): boolean => /\.(ya?ml|json)$/i.test(path);

export const MANIFESTS: FileKind = { accepts: isManifestPath, paths: "manifests" };
export const DOCKERFILES: FileKind = { accepts: isDockerfileName, paths: "dockerfiles" };

/** Finds and reads the manifests named by `patterns` (see `collectFiles`). */
export function collectManifests(
  patterns: readonly string[],
  options: CollectOptions,
): Promise<CollectedFiles> {
  return collectFiles(patterns, MANIFESTS, options);
}

/**
 * Finds and reads the files named by `patterns`: files, directories (walked for the files `kind`
 * accepts) and globs, relative to the root. Files found by walking pass the config's path globs for
 * their kind; a file named explicitly is always read. Whatever cannot be read as text is returned as
 * unreadable, with the reason, so the report says what was not checked.
 */
export async function collectFiles(
  patterns: readonly string[],
  kind: FileKind,
  options: CollectOptions,
): Promise<CollectedFiles> {
  const root = await realpath(resolve(options.root));
  const wanted = pathFilter(options.config, kind.paths);
  const candidates = new Map<string, string>();
  const add = (absolute: string) => candidates.set(toRelative(root, absolute), absolute);

  for (const pattern of patterns) {
    const relativePattern = workspacePattern(root, pattern);
    const scan = picomatch.scan(relativePattern);
    if (scan.isGlob) {
      const matches = picomatch(relativePattern, { dot: true });
      await walk(root, resolve(root, scan.base), (path) => matches(path) && wanted(path), add);
      continue;
    }
    const absolute = resolve(root, relativePattern);
    const entry = await stat(absolute).catch(() => undefined);
    if (!entry) throw new ConfigError(`${pattern}: no such file or directory.`);
    if (entry.isDirectory()) {
      await walk(root, absolute, (path) => kind.accepts(path) && wanted(path), add);
    } else {
      add(absolute);
    }
  }

  const collected: CollectedFiles = { files: [], unreadable: [], oversized: [] };
  for (const path of [...candidates.keys()].sort()) {
    const outcome = await readInsideRoot(
      root,
      candidates.get(path)!,
      path,
      options.config.limits.maxFileBytes,
    );
    addOutcome(collected, outcome);
  }
  return collected;
}

/** Files each outcome in its list. */
export function addOutcome(collected: CollectedFiles, outcome: ReadOutcome): void {
  if (outcome.kind === "text") collected.files.push(outcome.file);
  else if (outcome.kind === "unreadable") collected.unreadable.push(outcome.file);
  else collected.oversized.push(outcome.file);
}

/** A pattern as a forward-slash path relative to the root; one that points outside it is a usage error. */
function workspacePattern(root: string, pattern: string): string {
  const relativePattern = isAbsolute(pattern) ? relative(root, pattern) : pattern;
  const normal =
    relativePattern
      .split(sep)
      .join("/")
      .replace(/^(\.\/)+/, "") || ".";
  if (normal === ".." || normal.startsWith("../")) {
    throw new ConfigError(
      `${pattern}: the path is outside the workspace (${root}); run from a directory that contains it.`,
    );
  }
  return normal;
}

async function walk(
  root: string,
  directory: string,
  accept: (path: string) => boolean,
  add: (absolute: string) => void,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const absolute = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(root, absolute, accept, add);
      continue;
    }
    // Linked directories are not followed (as git does not): no cycles, no files counted twice.
    if (entry.isSymbolicLink() && (await stat(absolute).catch(() => undefined))?.isDirectory()) continue;
    if (accept(toRelative(root, absolute))) add(absolute);
  }
}

/** Reads a file only if its real path, after every symlink, is still inside the root. */
async function readInsideRoot(
  root: string,
  absolute: string,
  path: string,
  maxBytes: number,
): Promise<ReadOutcome> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    return {
      kind: "unreadable",
      file: { path, reason: "The file is a broken symbolic link; it was not read." },
    };
  }
  if (!isInside(root, real)) {
    const reason = "The file is a symbolic link to a path outside the workspace; it was not read.";
    return { kind: "unreadable", file: { path, reason } };
  }
  return readSource(real, path, maxBytes);
}

function isInside(root: string, absolute: string): boolean {
  const path = relative(root, absolute);
  return path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}

function toRelative(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join("/");
}

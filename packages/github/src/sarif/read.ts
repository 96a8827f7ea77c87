import type { Dirent } from "node:fs";
import { constants, open, readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { ConfigError, plural } from "@bulwark/core";
import picomatch from "picomatch";

/** GitHub's code scanning refuses larger uploads; a log this big is not worth holding in memory. */
export const DEFAULT_MAX_SARIF_BYTES = 10 * 1024 * 1024;

export interface SarifText {
  /** The file as the user named it: relative to the workspace when inside it. */
  file: string;
  text: string;
}

/** A file the user asked for and that cannot be read as SARIF: all of them are reported together. */
export interface SarifInputProblem {
  file: string;
  problem: string;
}

const SARIF_FILE = /\.sarif(\.json)?$/i;
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules"]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The SARIF files that `patterns` name (files, directories searched for `*.sarif`, or globs,
 * relative to the workspace), read as text. A file over `maxBytes` is refused from its size alone,
 * before any of it is read. Problems are collected rather than thrown one at a time.
 */
export async function readSarifFiles(
  patterns: readonly string[],
  workspace: string,
  maxBytes: number,
): Promise<{ texts: SarifText[]; problems: SarifInputProblem[] }> {
  const problems: SarifInputProblem[] = [];
  const files = new Set<string>();
  for (const pattern of patterns) {
    const found = await expand(pattern, workspace);
    if (found.length === 0) problems.push({ file: pattern, problem: "no SARIF file matches it" });
    for (const file of found) files.add(file);
  }
  const texts: SarifText[] = [];
  for (const absolute of [...files].sort()) {
    const file = displayName(workspace, absolute);
    const outcome = await readBounded(absolute, maxBytes);
    if (typeof outcome === "string") texts.push({ file, text: outcome });
    else problems.push({ file, problem: outcome.problem });
  }
  return { texts, problems };
}

/** "10 MiB", "500kB", "1048576": a size in bytes, with an optional unit (kB = 1000, KiB = 1024). */
export function parseByteSize(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text.trim());
  const units: Record<string, number> = {
    b: 1,
    kb: 1e3,
    kib: 1024,
    mb: 1e6,
    mib: 1024 ** 2,
    gb: 1e9,
    gib: 1024 ** 3,
  };
  const bytes = match ? Math.floor(Number(match[1]) * units[(match[2] ?? "b").toLowerCase()]!) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new ConfigError(`Invalid ${option} "${text}": expected a size such as 10 MiB, 500 kB or 1048576.`);
  }
  return bytes;
}

async function expand(pattern: string, workspace: string): Promise<string[]> {
  const slashed = pattern.split(sep).join("/");
  const scan = picomatch.scan(slashed);
  if (scan.isGlob) {
    const base = resolve(workspace, scan.base || ".");
    const matches = picomatch(scan.glob, { dot: true });
    return walk(base, (path) => matches(path));
  }
  const absolute = resolve(workspace, pattern);
  const entry = await stat(absolute).catch(() => undefined);
  if (!entry) return [];
  return entry.isDirectory() ? walk(absolute, (path) => SARIF_FILE.test(path)) : [absolute];
}

/** Files under `directory` whose path relative to it is accepted; linked directories are not followed. */
async function walk(directory: string, accept: (path: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await visit(absolute);
      } else if (accept(relative(directory, absolute).split(sep).join("/"))) {
        found.push(absolute);
      }
    }
  };
  await visit(directory);
  return found;
}

/**
 * The file's text, or why it cannot be had. Opened without blocking (a FIFO named `x.sarif` must not
 * hang the step) and measured before reading.
 */
async function readBounded(path: string, maxBytes: number): Promise<string | { problem: string }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { problem: `cannot be opened (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: "is not a regular file" };
    if (info.size > maxBytes) {
      return {
        problem: `is ${plural(info.size, "byte")}, over the limit of ${plural(maxBytes, "byte")} (max-sarif-size); it was not read`,
      };
    }
    try {
      return utf8.decode(await handle.readFile()); // a byte-order mark is dropped
    } catch {
      return { problem: "is not UTF-8 text" };
    }
  } finally {
    await handle.close();
  }
}

function displayName(workspace: string, absolute: string): string {
  const path = relative(workspace, absolute);
  return path.startsWith("..") || isAbsolute(path) ? absolute : path.split(sep).join("/");
}

import { readFile, writeFile } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { type Baseline, ConfigError, createBaseline, type Finding, parseBaseline } from "@bulwark/core";

/** Reads a baseline file written by `--write-baseline`; a missing or malformed one is the user's mistake. */
export async function readBaseline(cwd: string, path: string): Promise<Baseline> {
  const absolute = resolve(cwd, path);
  const text = await readFile(absolute, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`Cannot read the baseline file ${path}: ${error.code ?? error.message}.`);
  });
  return parseBaseline(text, relative(cwd, absolute).split(sep).join("/"));
}

/** Records the findings as a baseline: a JSON file that diffs well, so accepting findings is reviewable. */
export async function writeBaseline(cwd: string, path: string, findings: readonly Finding[]): Promise<void> {
  await writeFile(resolve(cwd, path), `${JSON.stringify(createBaseline(findings), null, 2)}\n`, "utf8");
}

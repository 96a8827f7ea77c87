import { readFile, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import {
  type BulwarkConfig,
  ConfigError,
  DEFAULT_CONFIG,
  type ProfileName,
  parseConfig,
} from "@bulwark/core";

export const CONFIG_FILE_NAMES = [".bulwark.yaml", ".bulwark.yml"] as const;

export interface LoadConfigOptions {
  /** A config file named by the user; it must exist. */
  path?: string;
  /** Where discovery starts (walking up to the file-system root) when no path is given. */
  cwd: string;
  /** Command-line or action-input values, which win over the file. */
  profile?: ProfileName;
  pssVersion?: string;
}

export interface LoadedConfig {
  config: BulwarkConfig;
  /** The file it came from, if any. */
  path?: string;
}

/** The config the user meant: the named file, else the nearest `.bulwark.yaml` upward, else defaults. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const path = options.path ? resolve(options.cwd, options.path) : await discoverConfig(options.cwd);
  let config = DEFAULT_CONFIG;
  if (path) {
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(
        `Cannot read the config file ${options.path ?? path}: ${error.code ?? error.message}.`,
      );
    });
    config = parseConfig(text, displayPath(options.cwd, path));
  }
  if (options.profile) config = { ...config, profile: options.profile };
  if (options.pssVersion) config = { ...config, pssVersion: options.pssVersion };
  return path ? { config, path } : { config };
}

/** The nearest `.bulwark.yaml` (or `.yml`) in `directory` or above it. */
export async function discoverConfig(directory: string): Promise<string | undefined> {
  for (let current = resolve(directory); ; current = dirname(current)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(current, name);
      if (await isFile(candidate)) return candidate;
    }
    if (dirname(current) === current) return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}

/** The config's path as messages show it: relative to where the user is. */
function displayPath(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join("/");
}

import { isScalar } from "yaml";
import { SECTIONS } from "./sections.js";
import { readMapping, YamlFile } from "./spec.js";
import { type BulwarkConfig, DEFAULT_CONFIG } from "./types.js";

const byKey = new Map(SECTIONS.map((section) => [section.key, section]));

/**
 * Parses and validates `.bulwark.yaml` text into a complete config (defaults filled in). Throws a
 * ConfigError at the offending line and column for anything it does not understand. `path` is only
 * used in messages and in the locations of findings about the file (such as expired exemptions).
 */
export function parseConfig(text: string, path: string): BulwarkConfig {
  const file = new YamlFile(text, path);
  const config: BulwarkConfig = { ...DEFAULT_CONFIG };
  const root = file.root;
  if (root === undefined || (isScalar(root) && root.value === null)) return config;
  readMapping(root, { file, where: "" }, { noun: "key", values: [...byKey.keys()] }, (key, node, at) =>
    byKey.get(key)!.apply(config, node, at),
  );
  return config;
}

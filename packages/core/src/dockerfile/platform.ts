import { ConfigError } from "../errors.js";

/** A platform as `docker build --platform` and `FROM --platform` name it. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** The platform a run reads multi-platform images for when it is given none. */
export const DEFAULT_PLATFORM = "linux/amd64";

/**
 * Reads `os/architecture[/variant]`, lowercased as containerd compares them; undefined when the text is
 * not one (a bare `arm64`, a list, an empty string).
 */
export function parsePlatform(text: string): Platform | undefined {
  const match = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return { os: match[1]!, architecture: match[2]!, ...(match[3] ? { variant: match[3] } : {}) };
}

/** `linux/arm64/v8`: the one spelling of a platform, so equal platforms make equal keys. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, ...(platform.variant ? [platform.variant] : [])].join("/");
}

/** A platform given to the run (`--platform`), in its one spelling; a ConfigError when it is not one. */
export function platformOption(text: string): string {
  const platform = parsePlatform(text);
  if (!platform)
    throw new ConfigError(
      `Invalid platform "${text}": expected os/architecture[/variant], such as linux/arm64.`,
    );
  return formatPlatform(platform);
}

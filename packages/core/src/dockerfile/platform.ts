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

/**
 * The platform as BuildKit passes it to a build (`$TARGETPLATFORM` and its parts), normalised the way
 * containerd does: architecture aliases resolved and default variants dropped or filled in, so
 * `linux/arm64/v8` is `linux/arm64` and `linux/arm` is `linux/arm/v7`.
 */
export function normalizePlatform({ os, architecture, variant }: Platform): Platform {
  const withVariant = (arch: string, v: string | undefined): Platform => ({
    os: os === "macos" ? "darwin" : os,
    architecture: arch,
    ...(v ? { variant: v } : {}),
  });
  switch (architecture) {
    case "i386":
      return withVariant("386", undefined);
    case "x86_64":
    case "amd64":
      return withVariant("amd64", variant === "v1" ? undefined : variant);
    case "aarch64":
    case "arm64":
      return withVariant("arm64", variant === "v8" || variant === "8" ? undefined : variant);
    case "armhf":
      return withVariant("arm", "v7");
    case "armel":
      return withVariant("arm", "v6");
    case "arm":
      return withVariant("arm", !variant ? "v7" : /^\d+$/.test(variant) ? `v${variant}` : variant);
    default:
      return withVariant(architecture, variant);
  }
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

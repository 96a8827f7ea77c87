import type { Region } from "../findings/types.js";
import type { ImageReference } from "../images/reference.js";

/** Where in a Dockerfile an image is pulled. */
export type ImageSource = "from" | "copy-from" | "mount-from";

interface ImageUseBase {
  source: ImageSource;
  /** Index of the stage the instruction belongs to. */
  stage: number;
  /** The reference exactly as written (after line continuations are joined). */
  text: string;
  /** Where `text` is in the file: annotations and fixes point here. */
  region: Region;
  /**
   * The platform whose image the build pulls, `os/architecture[/variant]`: the FROM's `--platform` when
   * it is known, else the run's platform. Registry facts are read for it.
   */
  platform: string;
  /** `FROM --platform=...`, when the FROM has one. */
  platformFlag?: PlatformFlag;
}

export interface PlatformFlag {
  /** As written: `linux/arm64`, `$BUILDPLATFORM`. */
  text: string;
  region: Region;
  /** Why it could not be used (a variable Bulwark cannot know, not a platform): the run's platform stood in. */
  unresolved?: string;
}

/** An image the build pulls from a registry, with its reference normalised as Docker does. */
export interface ResolvedImage extends ImageUseBase {
  status: "resolved";
  /** The reference after variable expansion, as the build reads it (not yet normalised). */
  value: string;
  reference: ImageReference;
  /** The normalised reference, `docker.io/library/nginx:1.27`: the key for registry facts. */
  name: string;
}

/** A reference that depends on values Bulwark does not have, or that no registry would accept. */
export interface UnresolvedImage extends ImageUseBase {
  status: "unresolved" | "invalid";
  /** Why, in words for the finding. */
  reason: string;
}

export type ImageUse = ResolvedImage | UnresolvedImage;

export type StageBase =
  | { kind: "image"; image: ImageUse }
  | { kind: "stage"; stage: number }
  | { kind: "scratch" };

export interface UserInstruction {
  /** As written: `app`, `0:0`, `${UID}`. */
  text: string;
  /** Expanded, when every variable in it is known. */
  value?: string;
  region: Region;
}

export interface Stage {
  index: number;
  /** The `AS` name, lowercased as BuildKit matches it. */
  name?: string;
  /** The `FROM` keyword. */
  region: Region;
  base: StageBase;
  /** The last `USER` of the stage itself (not inherited). */
  user?: UserInstruction;
}

/** Something that makes the file not a (complete) Dockerfile; the build would fail or ignore parts. */
export interface DockerfileProblem {
  message: string;
  region: Region;
}

export interface DockerfileModel {
  path: string;
  stages: Stage[];
  /** Every image the build pulls, in file order, including those that could not be resolved. */
  images: ImageUse[];
  problems: DockerfileProblem[];
}

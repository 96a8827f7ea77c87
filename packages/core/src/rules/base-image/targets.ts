import type { ResolvedImage } from "../../dockerfile/model.js";
import type { BaseImageFacts, DockerfileRuleContext } from "./types.js";

/**
 * One image as a build pulls it: a normalised reference read for one platform. Registry facts are
 * gathered per target, since config, user, age and provenance differ between the platforms of an index.
 */
export interface ImageTarget {
  /** `docker.io/library/nginx:1.27`. */
  name: string;
  /** `linux/arm64`. */
  platform: string;
}

/** The key of a target's facts in the map `checkDockerfiles` is given. */
export function factsKey(target: ImageTarget): string {
  return `${target.name} for ${target.platform}`;
}

/** The registry facts for an image as this FROM (or COPY --from) pulls it; absent offline. */
export function factsOf(ctx: DockerfileRuleContext, use: ResolvedImage): BaseImageFacts | undefined {
  return ctx.facts?.get(factsKey(use));
}

import type { ResolvedImage } from "../../dockerfile/model.js";
import type { RuleReference } from "../types.js";
import { factsOf } from "./targets.js";
import type { BaseImageFacts, DockerfileRule, DockerfileRuleContext, DockerfileViolation } from "./types.js";

type Meta = Omit<DockerfileRule, "scope" | "category" | "online" | "check">;
type Report = Omit<DockerfileViolation, "region" | "key"> | undefined;

export function dockerfileRule(
  rule: Omit<DockerfileRule, "scope" | "category" | "online"> &
    Partial<Pick<DockerfileRule, "category" | "online">>,
): DockerfileRule {
  return { category: "base-image", online: false, ...rule, scope: "dockerfile" };
}

/** A rule about each image the build pulls whose reference could be resolved; reported on the reference. */
export function imageRule(
  meta: Meta,
  test: (use: ResolvedImage, ctx: DockerfileRuleContext) => Report,
): DockerfileRule {
  return dockerfileRule({
    ...meta,
    check: (model, ctx) =>
      model.images.flatMap((use) => {
        if (use.status !== "resolved") return [];
        const report = test(use, ctx);
        return report ? [{ ...report, region: use.region, key: use.text }] : [];
      }),
  });
}

/**
 * A rule about what the registry says of each image. Images without usable facts are skipped here:
 * `base-image-unverifiable` reports them once.
 */
export function factsRule(
  meta: Meta,
  test: (use: ResolvedImage, facts: BaseImageFacts, ctx: DockerfileRuleContext) => Report,
): DockerfileRule {
  const rule = imageRule(meta, (use, ctx) => {
    const facts = factsOf(ctx, use);
    return facts && facts.error === undefined ? test(use, facts, ctx) : undefined;
  });
  return { ...rule, online: true };
}

export function dockerDocs(title: string, path: string): RuleReference {
  return { title: `Docker: ${title}`, url: `https://docs.docker.com/${path}` };
}

export const PIN_DOCS = dockerDocs(
  "Pin base image versions",
  "build/building/best-practices/#pin-base-image-versions",
);

import { globMatcher } from "../../config/glob.js";
import type { DockerfileModel, ResolvedImage, Stage, StageBase } from "../../dockerfile/model.js";
import { familiarImageReference } from "../../images/reference.js";
import { oncePer } from "../../memo.js";
import { dockerDocs, dockerfileRule, imageRule, PIN_DOCS } from "./define.js";
import { hasExplicitTag, pinFix } from "./fix.js";
import { factsOf } from "./targets.js";
import type { AllowedSource, DockerfileRule, DockerfileRuleContext, DockerfileViolation } from "./types.js";

const ARG_DOCS = dockerDocs(
  "How ARG and FROM interact",
  "reference/dockerfile/#understand-how-arg-and-from-interact",
);

export const invalidDockerfile = dockerfileRule({
  id: "dockerfile-invalid",
  title: "File is not a complete Dockerfile",
  category: "input",
  severity: "error",
  description:
    "The file has no FROM instruction, an unknown instruction, an instruction before the first FROM, a " +
    "heredoc that never ends or a stage index that does not exist. The build would fail or skip part of " +
    "it, and what Bulwark could not read was not checked.",
  remediation: "Fix the reported line, or exclude the file if it is not a Dockerfile.",
  references: [dockerDocs("Dockerfile reference", "reference/dockerfile/")],
  check: (model) =>
    model.problems.map((problem) => ({
      region: problem.region,
      message: problem.message,
      key: problem.message,
    })),
});

export const unresolvedImage = dockerfileRule({
  id: "base-image-unresolved",
  title: "Image reference depends on values Bulwark does not have",
  severity: "warning",
  description:
    "The reference uses a variable with no value here: a build arg without a default, the build " +
    "platform, or a variable the base image's ENV might set. Bulwark does not guess what the build " +
    "will pull, so that image was not checked.",
  remediation:
    "Give the ARG a default before the first FROM, set it in `base-images.build-args` in `.bulwark.yaml`, " +
    "or pass it with `--build-arg NAME=value` (the `build-args` input of the action).",
  references: [ARG_DOCS],
  check: (model) =>
    model.images.flatMap((use) =>
      use.status === "unresolved"
        ? [
            {
              region: use.region,
              message: `Cannot tell which image "${use.text}" is: ${use.reason}.`,
              key: use.text,
            },
          ]
        : [],
    ),
});

export const invalidReference = dockerfileRule({
  id: "base-image-invalid-reference",
  title: "Image reference is not valid",
  severity: "error",
  description:
    "No registry accepts this reference (an uppercase name, a digest of the wrong length, an empty " +
    "name after expansion), so the build fails when it pulls it.",
  remediation: "Write the reference as `[registry/]repository[:tag][@sha256:<64 hex>]` in lowercase.",
  references: [dockerDocs("docker image tag", "reference/cli/docker/image/tag/")],
  check: (model) =>
    model.images.flatMap((use) =>
      use.status === "invalid"
        ? [{ region: use.region, message: use.reason.replace(/\.?$/, "."), key: use.text }]
        : [],
    ),
});

export const latestTag = imageRule(
  {
    id: "base-image-latest-tag",
    title: "Image without a tag or with :latest",
    severity: "warning",
    description:
      "`latest` (also what no tag means) moves with every release, so the same Dockerfile builds on a " +
      "different image from one day to the next and a rebuild cannot reproduce a release. A reference " +
      "pinned by digest passes whatever its tag says.",
    remediation: "Name a version tag (`node:22.11-alpine`) and pin its digest.",
    references: [PIN_DOCS],
  },
  (use) => {
    if (use.reference.digest !== undefined || use.reference.tag !== "latest") return undefined;
    return {
      message: hasExplicitTag(use)
        ? `"${use.text}" uses the moving tag :latest.`
        : `"${use.text}" has no tag, so it means :latest, which moves.`,
    };
  },
);

export const notPinned = imageRule(
  {
    id: "base-image-not-pinned",
    title: "Image not pinned by digest",
    severity: "warning",
    description:
      "A tag is a name the publisher can point at new content at any time; only a digest names the " +
      "exact image. Without one, a rebuild can silently pick up a different (or compromised) base.",
    remediation:
      "Pin the digest and keep the tag for people: `FROM node:22.11-alpine@sha256:...`. With registry " +
      "access Bulwark offers this edit as a suggestion; Renovate or Dependabot keep pins current.",
    references: [PIN_DOCS],
  },
  (use, ctx) => {
    if (use.reference.digest !== undefined) return undefined;
    const digest = factsOf(ctx, use)?.tagDigest;
    const fix = digest ? pinFix(use, digest) : undefined;
    return {
      message: digest
        ? `"${use.text}" is not pinned by digest; its tag points at ${digest} now.`
        : `"${use.text}" is not pinned by digest.`,
      ...(fix ? { fix } : {}),
    };
  },
);

export const notAllowed = imageRule(
  {
    id: "base-image-not-allowed",
    title: "Image from a registry or repository not on the allow-list",
    severity: "error",
    description:
      "The policy lists where base images may come from (`base-images.allowed-sources`). Images from " +
      "elsewhere have not been vetted by the platform team.",
    remediation:
      "Use an image from an allowed registry (a mirror of the upstream image, for example), or ask for " +
      "the source to be added to the allow-list.",
    references: [],
  },
  (use, ctx) => {
    const sources = ctx.policy.allowedSources ?? [];
    if (sources.length === 0 || allowedBy(sources, use)) return undefined;
    const listed = sources.map((s) => `${s.registry}/${s.repositories?.join("|") ?? "**"}`).join(", ");
    return {
      message: `${use.name} comes from a source that is not allowed (allowed: ${listed}).`,
    };
  },
);

/** Each allowed source's globs, compiled once. */
const matchersOf = oncePer((source: AllowedSource) => ({
  registry: globMatcher([source.registry.toLowerCase()]),
  repository: source.repositories ? globMatcher(source.repositories) : () => true,
}));

function allowedBy(sources: readonly AllowedSource[], use: ResolvedImage): boolean {
  return sources.some((source) => {
    const matchers = matchersOf(source);
    return (
      matchers.registry(use.reference.registry.toLowerCase()) && matchers.repository(use.reference.repository)
    );
  });
}

export const rootUser = dockerfileRule({
  id: "dockerfile-root-user",
  title: "Final stage runs as root",
  severity: "warning",
  description:
    "The image the build produces runs its process as root: the final stage sets `USER` to root (or " +
    "0), or sets no USER and its base does not either. A process escaping the application then holds " +
    "root in the container, one step from the node.",
  remediation:
    "Create or pick an unprivileged user and end the final stage with `USER app` (or a numeric UID such " +
    "as `USER 65532`, which Kubernetes can check against `runAsNonRoot`).",
  references: [dockerDocs("USER", "reference/dockerfile/#user")],
  check: (model, ctx) => {
    const finding = rootFinding(model, ctx);
    return finding ? [finding] : [];
  },
});

/** The final stage's user: its own last USER, else inherited through the stages it builds FROM. */
function rootFinding(model: DockerfileModel, ctx: DockerfileRuleContext): DockerfileViolation | undefined {
  const final = finalStage(model, ctx.target);
  if (!final) return undefined;
  const key = `stage ${final.name ?? final.index}`;
  const seen = new Set<number>();
  for (let stage: Stage | undefined = final; stage && !seen.has(stage.index); ) {
    seen.add(stage.index);
    if (stage.user) {
      // A USER with variables Bulwark cannot expand may or may not be root: not reported.
      if (stage.user.value === undefined || !isRoot(stage.user.value)) return undefined;
      return {
        region: stage.user.region,
        message: `The final stage runs as root (USER ${stage.user.text}).`,
        key,
      };
    }
    const base: StageBase = stage.base;
    if (base.kind === "stage") {
      stage = model.stages[base.stage];
      continue;
    }
    if (base.kind === "scratch") {
      return {
        region: final.region,
        message: "The final stage sets no USER and builds on scratch, so it runs as root.",
        key,
      };
    }
    if (base.image.status !== "resolved") return undefined;
    const image = familiarImageReference(base.image.reference);
    const user = factsOf(ctx, base.image)?.user;
    if (user !== undefined && user !== "" && !isRoot(user)) return undefined;
    return {
      region: final.region,
      message:
        user === undefined
          ? `The final stage sets no USER, so it runs as ${image}'s user: root, unless that image sets another.`
          : `The final stage sets no USER and ${image} runs as ${user === "" ? "root (it sets no user)" : `root (USER ${user})`}.`,
      key,
    };
  }
  return undefined;
}

function finalStage(model: DockerfileModel, target: string | undefined): Stage | undefined {
  if (target === undefined) return model.stages.at(-1);
  return model.stages.find((stage) => stage.name === target.toLowerCase());
}

/** `root`, `0`, `root:staff`, `0:0`: the user part decides. */
function isRoot(user: string): boolean {
  const name = user.split(":")[0]!.trim();
  return name === "root" || name === "0";
}

export const staticRules: readonly DockerfileRule[] = [
  invalidDockerfile,
  unresolvedImage,
  invalidReference,
  latestTag,
  notPinned,
  notAllowed,
  rootUser,
];

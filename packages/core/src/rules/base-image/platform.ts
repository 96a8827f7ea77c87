import { dockerDocs, dockerfileRule } from "./define.js";

export const platformUnresolved = dockerfileRule({
  id: "base-image-platform-unresolved",
  title: "FROM --platform not known: the run's platform was checked",
  severity: "note",
  online: true,
  description:
    "The FROM's `--platform` uses a variable Bulwark cannot know (BuildKit sets `$BUILDPLATFORM` from the " +
    "machine that builds; `$TARGETPLATFORM` and the other `TARGET` arguments are the run's platform), or is " +
    "not `os/architecture[/variant]`. The image's config, user, age and provenance were read for the run's " +
    "platform (`--platform`, linux/amd64 by default) instead, which may not be the one the build pulls.",
  remediation:
    "Run with `--platform` set to the platform you build for, or give the variable with `--build-arg` " +
    "(`BUILDPLATFORM=linux/amd64`).",
  references: [dockerDocs("FROM --platform", "reference/dockerfile/#from")],
  check: (model) =>
    model.images.flatMap((use) => {
      const flag = use.platformFlag;
      if (use.status !== "resolved" || flag?.unresolved === undefined) return [];
      return [
        {
          region: flag.region,
          message: `--platform=${flag.text} is not known (${flag.unresolved}): ${use.name} was checked for ${use.platform}, the run's platform.`,
          key: `platform ${flag.text} ${use.text}`,
        },
      ];
    }),
});

import { checkBaseImages } from "../base-image/check.js";
import { parseBuildArgs, parseSeconds } from "../base-image/options.js";
import { registryAccess } from "../base-image/registry.js";
import { readBaseline, writeBaseline } from "../baseline.js";
import { loadConfig } from "../config.js";
import { type Command, type OptionValues, stringOption, terminalLogger } from "./command.js";
import { emitReport, REPORT_OPTIONS, REPORT_USAGE, reportSettings } from "./output.js";

export const baseImageCommand: Command = {
  name: "base-image",
  summary: "check the base images Dockerfiles build on",
  usage: `Usage: bulwark base-image [options] <paths...>

Checks the images Dockerfiles pull (FROM, COPY --from, RUN --mount from=): tags and digest pins,
allowed sources, the final user, and, from the registry, moved tags, age, provenance and signatures
(the policy is base-images: in .bulwark.yaml). Paths are files, directories (walked for Dockerfile,
*.Dockerfile, Dockerfile.*, Containerfile...) and globs; the default is the current directory.
Registry credentials come from Docker's config.json and, for ghcr.io, GITHUB_TOKEN.

Options:
  --config <file>          config file (default: .bulwark.yaml or .bulwark.yml, searched upward)
${REPORT_USAGE}
  --build-arg <NAME=value> a build arg, as docker build takes it (repeatable)
  --target <stage>         the stage the build targets; its user is the one checked
  --platform <os/arch>     the platform the build targets: read from multi-platform images where a
                           FROM names none, and the value of $TARGETARCH and the other TARGET args
                           (default: linux/amd64)
  --offline                static rules only: the registry is not asked (the report says so)
  --timeout <seconds>      bound on each image's registry work (default: 60)
  --deadline <seconds>     bound on the whole run's registry work; images not checked by then are
                           reported as such (default: 600)
  --trusted-root <file>    Sigstore trusted_root.json for signatures (default: public-good, via TUF)
  --insecure-ignore-tlog   accept key signatures without a transparency-log entry
  --baseline <file>        only findings not recorded in this baseline fail
  --write-baseline <file>  record the current findings as a baseline
  -h, --help               show this help
`,
  options: {
    config: { type: "string" },
    ...REPORT_OPTIONS,
    "build-arg": { type: "string", multiple: true },
    target: { type: "string" },
    platform: { type: "string" },
    offline: { type: "boolean" },
    timeout: { type: "string" },
    deadline: { type: "string" },
    "trusted-root": { type: "string" },
    "insecure-ignore-tlog": { type: "boolean" },
    baseline: { type: "string" },
    "write-baseline": { type: "string" },
  },
  async run(values, paths, io) {
    const option = (name: string) => stringOption(values, name);
    const settings = reportSettings(values);
    const buildArgs = parseBuildArgs(stringList(values, "build-arg"));
    const configPath = option("config");
    const loaded = await loadConfig({ cwd: io.cwd, ...(configPath ? { path: configPath } : {}) });
    const baseline = option("baseline");
    const target = option("target");
    const logger = terminalLogger(io);
    const timeout = option("timeout");
    const deadline = option("deadline");
    const platform = option("platform");
    const trustedRoot = option("trusted-root");
    const registry = values.offline
      ? undefined
      : await registryAccess({
          env: io.env ?? process.env,
          cwd: io.cwd,
          logger,
          ...(loaded.path ? { configPath: loaded.path } : {}),
          ...(timeout ? { timeoutMs: parseSeconds("timeout", timeout) } : {}),
          ...(deadline !== undefined ? { deadlineMs: parseSeconds("deadline", deadline) } : {}),
          ...(platform ? { platform } : {}),
          ...(trustedRoot ? { trustedRoot } : {}),
          ...(values["insecure-ignore-tlog"] ? { ignoreTlog: true } : {}),
        });
    const { report } = await checkBaseImages({
      paths: paths.length > 0 ? paths : ["."],
      root: io.cwd,
      config: loaded.config,
      buildArgs,
      ...(registry ? { registry } : {}),
      ...(target ? { target } : {}),
      ...(baseline ? { baseline: await readBaseline(io.cwd, baseline) } : {}),
      logger,
    });
    const writeBaselineTo = option("write-baseline");
    if (writeBaselineTo) await writeBaseline(io.cwd, writeBaselineTo, report.findings);
    return emitReport(report, settings, io);
  },
};

/** A repeatable string option's values. */
function stringList(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

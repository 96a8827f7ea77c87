import { readBaseline, writeBaseline } from "../baseline.js";
import { loadConfig } from "../config.js";
import { parseProfile, parsePssVersionOption } from "../options.js";
import { validateWorkspace } from "../validate.js";
import { type Command, stringOption, terminalLogger } from "./command.js";
import { emitReport, REPORT_OPTIONS, REPORT_USAGE, reportSettings } from "./output.js";

export const validateCommand: Command = {
  name: "validate",
  summary: "validate Kubernetes and Istio manifests",
  usage: `Usage: bulwark validate [options] <paths...>

Validates Kubernetes and Istio manifests: files, directories (walked for .yaml, .yml and .json)
and globs. "-" reads standard input, e.g. \`helm template x | bulwark validate - --source chart/\`.

Options:
  --profile <name>         pss-baseline, pss-restricted, recommended (default) or all
  --config <file>          config file (default: .bulwark.yaml or .bulwark.yml, searched upward)
  --pss-version <v1.N>     Pod Security Standards version (default: latest)
${REPORT_USAGE}
  --baseline <file>        only findings not recorded in this baseline fail
  --write-baseline <file>  record the current findings as a baseline
  --source <name>          the name findings from standard input carry (default: <stdin>)
  -h, --help               show this help
`,
  options: {
    profile: { type: "string" },
    config: { type: "string" },
    "pss-version": { type: "string" },
    ...REPORT_OPTIONS,
    baseline: { type: "string" },
    "write-baseline": { type: "string" },
    source: { type: "string" },
  },
  async run(values, paths, io) {
    const option = (name: string) => stringOption(values, name);
    const settings = reportSettings(values);
    const configPath = option("config");
    const profile = option("profile");
    const pssVersion = option("pss-version");
    const { config } = await loadConfig({
      cwd: io.cwd,
      ...(configPath ? { path: configPath } : {}),
      ...(profile ? { profile: parseProfile(profile) } : {}),
      ...(pssVersion ? { pssVersion: parsePssVersionOption(pssVersion) } : {}),
    });
    const baseline = option("baseline");
    const source = option("source");
    const { report } = await validateWorkspace({
      paths: paths.length > 0 ? paths : ["."],
      root: io.cwd,
      config,
      stdin: io.stdin,
      ...(source ? { source } : {}),
      ...(baseline ? { baseline: await readBaseline(io.cwd, baseline) } : {}),
      logger: terminalLogger(io),
    });
    const writeBaselineTo = option("write-baseline");
    if (writeBaselineTo) await writeBaseline(io.cwd, writeBaselineTo, report.findings);
    return emitReport(report, settings, io);
  },
};

import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { failsAt } from "@bulwark/core";
import { readBaseline, writeBaseline } from "../baseline.js";
import { loadConfig } from "../config.js";
import { parseFailLevel, parseFormat, parseProfile, parsePssVersionOption } from "../options.js";
import { renderReport } from "../render.js";
import { validateWorkspace } from "../validate.js";
import { type Command, EXIT, stringOption, terminalLogger } from "./command.js";

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
  --format <format>        text (default), json, sarif or markdown
  -o, --output <file>      write the report to a file instead of standard output
  --fail-level <level>     error (default), warning, note or none
  --baseline <file>        only findings not recorded in this baseline fail
  --write-baseline <file>  record the current findings as a baseline
  --source <name>          the name findings from standard input carry (default: <stdin>)
  -h, --help               show this help
`,
  options: {
    profile: { type: "string" },
    config: { type: "string" },
    "pss-version": { type: "string" },
    format: { type: "string" },
    output: { type: "string", short: "o" },
    "fail-level": { type: "string" },
    baseline: { type: "string" },
    "write-baseline": { type: "string" },
    source: { type: "string" },
  },
  async run(values, paths, io) {
    const option = (name: string) => stringOption(values, name);
    const format = parseFormat(option("format") ?? "text");
    const failLevel = parseFailLevel(option("fail-level") ?? "error");
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

    const output = option("output");
    const rendered = renderReport(report, format, { color: io.color && !output });
    if (output) await writeFile(resolve(io.cwd, output), rendered, "utf8");
    else io.stdout(rendered);
    return failsAt(report.findings, failLevel) ? EXIT.findings : EXIT.ok;
  },
};

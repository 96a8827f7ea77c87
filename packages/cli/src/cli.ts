import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, failsAt } from "@bulwark/core";
import type { Logger } from "@bulwark/github";
import { readBaseline, writeBaseline } from "./baseline.js";
import { loadConfig } from "./config.js";
import { parseFailLevel, parseFormat, parseProfile, parsePssVersionOption } from "./options.js";
import { renderReport } from "./render.js";
import { validateWorkspace } from "./validate.js";
import { VERSION } from "./version.js";

/** What the CLI touches of the process, so tests can run it in-process. */
export interface CliIo {
  cwd: string;
  stdin: AsyncIterable<Uint8Array>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal that shows colour. */
  color: boolean;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export const USAGE = `Usage: bulwark validate [options] <paths...>

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
  -v, --version            show the version

Exit status: 0 no findings at the fail level, 1 findings at or above it,
2 a usage or configuration error, 3 an internal error.
`;

class UsageError extends Error {}

/** Progress stays quiet on a terminal (the report says it all); warnings and errors go to stderr. */
function terminalLogger(io: CliIo): Logger {
  return {
    debug() {},
    info() {},
    warning: (message) => io.stderr(`bulwark: warning: ${message}\n`),
    error: (message) => io.stderr(`bulwark: error: ${message}\n`),
  };
}

/** Runs the command line; returns the exit status instead of exiting, so it can be tested. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`bulwark: ${error.message}\nRun "bulwark --help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr(`bulwark: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(
      `bulwark: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.internal;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const [command, ...paths] = positionals;
  if (values.help || command === "help") {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (command === undefined) throw new UsageError("missing command: bulwark validate <paths...>");
  if (command !== "validate")
    throw new UsageError(`unknown command "${command}"; the available command is validate`);

  const format = parseFormat(values.format ?? "text");
  const failLevel = parseFailLevel(values["fail-level"] ?? "error");
  const { config } = await loadConfig({
    cwd: io.cwd,
    ...(values.config ? { path: values.config } : {}),
    ...(values.profile ? { profile: parseProfile(values.profile) } : {}),
    ...(values["pss-version"] ? { pssVersion: parsePssVersionOption(values["pss-version"]) } : {}),
  });
  const { report } = await validateWorkspace({
    paths: paths.length > 0 ? paths : ["."],
    root: io.cwd,
    config,
    stdin: io.stdin,
    ...(values.source ? { source: values.source } : {}),
    ...(values.baseline ? { baseline: await readBaseline(io.cwd, values.baseline) } : {}),
    logger: terminalLogger(io),
  });
  if (values["write-baseline"]) await writeBaseline(io.cwd, values["write-baseline"], report.findings);

  const rendered = renderReport(report, format, { color: io.color && !values.output });
  if (values.output) await writeFile(resolve(io.cwd, values.output), rendered, "utf8");
  else io.stdout(rendered);
  return failsAt(report.findings, failLevel) ? EXIT.findings : EXIT.ok;
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
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
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

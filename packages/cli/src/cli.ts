import { parseArgs } from "node:util";
import { ConfigError } from "@bulwark/core";
import { type CliIo, type Command, EXIT, UsageError } from "./commands/command.js";
import { COMMANDS } from "./commands/index.js";
import { VERSION } from "./version.js";

const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `Usage: bulwark <command> [options]

Commands:
${list}

Run "bulwark <command> --help" for a command's options.
Exit status: 0 success (no findings at the fail level), 1 findings at or above it or a failed
verification, 2 a usage or configuration error, 3 an internal error.
`;
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
  const name = argv.find((arg) => !arg.startsWith("-"));
  const command = COMMANDS.find((c) => c.name === name);
  if (name !== undefined && name !== "help" && !command) {
    const known = COMMANDS.map((c) => c.name).join(", ");
    throw new UsageError(`unknown command "${name}"; the commands are ${known}`);
  }
  const { values, positionals } = parseCommandLine(argv, command);
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (values.help || name === "help" || !command) {
    if (!command && !values.help && name !== "help") throw new UsageError("missing command");
    io.stdout(command ? command.usage : usage());
    return EXIT.ok;
  }
  return command.run(values, positionals.slice(1), io);
}

/**
 * Boolean flags also take `=true` / `=false`, as cosign's (Go) flags do: `--insecure-ignore-tlog=true`
 * is written in many pipelines. parseArgs knows only the bare form.
 */
function normaliseBooleans(argv: readonly string[], options: NonNullable<Command["options"]>): string[] {
  return argv.flatMap((arg) => {
    const match = /^--([^=]+)=(.*)$/.exec(arg);
    if (!match || options[match[1]!]?.type !== "boolean") return [arg];
    const value = match[2]!.toLowerCase();
    if (value === "true" || value === "1") return [`--${match[1]}`];
    if (value === "false" || value === "0") return [];
    throw new UsageError(`--${match[1]} takes true or false, not "${match[2]}"`);
  });
}

function parseCommandLine(argv: readonly string[], command: Command | undefined) {
  const options = { ...COMMON_OPTIONS, ...command?.options };
  const args = normaliseBooleans(argv, options);
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { failsAt, type Report } from "@bulwark/core";
import { parseFailLevel, parseFormat } from "../options.js";
import { renderReport } from "../render.js";
import { type CliIo, EXIT, type OptionValues, stringOption } from "./command.js";

/** The options every checking command shares for its report. */
export const REPORT_OPTIONS = {
  format: { type: "string" },
  output: { type: "string", short: "o" },
  "fail-level": { type: "string" },
} as const;

export const REPORT_USAGE = `  --format <format>        text (default), json, sarif or markdown
  -o, --output <file>      write the report to a file instead of standard output
  --fail-level <level>     error (default), warning, note or none`;

/** Checks the report options before any work is done, so a typo fails fast. */
export function reportSettings(values: OptionValues) {
  return {
    format: parseFormat(stringOption(values, "format") ?? "text"),
    failLevel: parseFailLevel(stringOption(values, "fail-level") ?? "error"),
    output: stringOption(values, "output"),
  };
}

/** Renders the report where the user asked, and returns the exit status its findings give. */
export async function emitReport(
  report: Report,
  settings: ReturnType<typeof reportSettings>,
  io: CliIo,
): Promise<number> {
  const rendered = renderReport(report, settings.format, { color: io.color && !settings.output });
  if (settings.output) await writeFile(resolve(io.cwd, settings.output), rendered, "utf8");
  else io.stdout(rendered);
  return failsAt(report.findings, settings.failLevel) ? EXIT.findings : EXIT.ok;
}

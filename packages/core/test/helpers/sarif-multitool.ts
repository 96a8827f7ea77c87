import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface MultitoolFinding {
  level: string;
  ruleId: string;
  message: string;
}

interface LogRule {
  id: string;
  messageStrings?: Record<string, { text: string }>;
}

interface LogResult {
  ruleId: string;
  ruleIndex?: number;
  level?: string;
  message: { id?: string; text?: string; arguments?: string[] };
}

interface ValidationLog {
  runs: {
    tool: { driver: { rules?: LogRule[] } };
    results?: LogResult[];
    invocations?: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { message: { text: string } }[];
    }[];
  }[];
}

/**
 * The native Sarif.Multitool binary. The package's `bin.js` re-parses its arguments through a shell,
 * which splits "Sarif;Gh" at the semicolon and paths at spaces, so the binary is run directly.
 */
function multitoolBinary(): string {
  const require = createRequire(new URL("../../../../package.json", import.meta.url));
  return require("@microsoft/sarif-multitool") as string;
}

/**
 * Validates a SARIF log with Microsoft's validator, schema plus GitHub's ingestion rules
 * (`validate --rule-kind "Sarif;Gh"`), and returns what its output log reports. The tool exits 0 even
 * when it finds errors, so the log is the verdict; a run that did not complete throws.
 */
export function validateWithMultitool(log: unknown): MultitoolFinding[] {
  const dir = mkdtempSync(join(tmpdir(), "bulwark sarif "));
  try {
    const input = join(dir, "input.sarif");
    const output = join(dir, "validation.sarif");
    writeFileSync(input, JSON.stringify(log, null, 2));
    const run = spawnSync(
      multitoolBinary(),
      ["validate", "--rule-kind", "Sarif;Gh", "--output", output, input],
      {
        encoding: "utf8",
      },
    );
    if (run.status !== 0)
      throw new Error(`sarif-multitool exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
    const validation = JSON.parse(readFileSync(output, "utf8")) as ValidationLog;
    const [validationRun] = validation.runs;
    const invocation = validationRun?.invocations?.[0];
    if (!validationRun || !invocation?.executionSuccessful) {
      throw new Error(`sarif-multitool did not complete:\n${run.stdout}\n${JSON.stringify(invocation)}`);
    }
    const rules = validationRun.tool.driver.rules ?? [];
    return (validationRun.results ?? []).map((result) => ({
      // A result without a level is a warning (SARIF 2.1.0 §3.27.10, no rule configuration here).
      level: result.level ?? "warning",
      ruleId: result.ruleId,
      message: messageOf(result, rules[result.ruleIndex ?? -1]),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function messageOf(result: LogResult, rule: LogRule | undefined): string {
  const template = result.message.id ? rule?.messageStrings?.[result.message.id]?.text : undefined;
  const args = result.message.arguments ?? [];
  if (!template) return result.message.text ?? args.join(" | ");
  return template.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? "");
}

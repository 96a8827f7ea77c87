import type { SarifResultInput, SarifRunInput } from "../../src/sarif/shape.js";

/** A SARIF log text with one run of the given results (and whatever else the run should carry). */
export function sarifText(
  results: readonly Partial<SarifResultInput>[],
  run: Partial<SarifRunInput> = {},
): string {
  return JSON.stringify({
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "scanner", rules: [] } }, ...run, results }],
  });
}

/** A result at `uri`, line `line`, with a message. */
export function result(
  uri: string,
  line: number,
  extra: Partial<SarifResultInput> = {},
): Partial<SarifResultInput> {
  return {
    ruleId: "R1",
    level: "error",
    message: { text: `problem in ${uri}` },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } }],
    ...extra,
  };
}

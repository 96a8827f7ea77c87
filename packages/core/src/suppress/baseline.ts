import { fail, list, object, type Place, type Spec, scalarOf, string, YamlFile } from "../config/spec.js";
import type { Finding, Suppression } from "../findings/types.js";

export const BASELINE_VERSION = 1;

/** One recorded finding: the fingerprint is what matches; rule and path are for people reading the file. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
}

/** Findings accepted as they are: while they stay, they are suppressed, so only new findings fail. */
export interface Baseline {
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

export const BASELINE_SUPPRESSION: Suppression = { kind: "baseline", reason: "recorded in the baseline" };

/**
 * Records the findings that are not already suppressed inline or by config (those have their own
 * reason and expiry, which a baseline would outlive), sorted so the file diffs well.
 */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings
    .filter((finding) => finding.suppressed === undefined || finding.suppressed.kind === "baseline")
    .map(({ fingerprint, ruleId, location }) => ({ fingerprint, ruleId, path: location.path }))
    .sort(
      (a, b) =>
        compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint),
    );
  return { version: BASELINE_VERSION, findings: entries };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const version: Spec<typeof BASELINE_VERSION> = {
  schema: { type: "integer", enum: [BASELINE_VERSION], description: "The baseline format version." },
  read(node, at: Place) {
    const value = scalarOf(node);
    if (value === BASELINE_VERSION) return BASELINE_VERSION;
    return fail(
      node,
      at,
      `unsupported baseline version ${String(value)}; this Bulwark reads version ${BASELINE_VERSION}. Record the baseline again.`,
    );
  },
};

const baselineSpec = object(
  "A Bulwark baseline.",
  {
    version,
    findings: list(
      object(
        "A recorded finding.",
        {
          fingerprint: string("The finding's fingerprint."),
          ruleId: string("The rule that reported it."),
          path: string("The file it was found in."),
        },
        { required: ["fingerprint", "ruleId", "path"] },
      ),
      "The recorded findings.",
      { minItems: 0 },
    ),
  },
  { required: ["version", "findings"] },
);

/** Reads a baseline file written from `createBaseline` (JSON); mistakes are ConfigErrors at their line. */
export function parseBaseline(text: string, path: string): Baseline {
  const file = new YamlFile(text, path);
  return baselineSpec.read(file.root, { file, where: "" });
}

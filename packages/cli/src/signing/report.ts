import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  escapeMarkdown,
  IMAGE_FAILURE_LABELS,
  IMAGE_SIGNATURE_RULES,
  imageVerificationFindings,
  type Location,
  plural,
  type Report,
  truncateUtf8,
  utf8Length,
} from "@bulwark/core";
import { TOOL } from "../validate.js";
import type { ImageOutcome } from "./verify-images.js";

/** The code-scanning category of image verification results. */
export const IMAGE_VERIFICATION_CATEGORY = "bulwark-image-verification";

/** The SARIF report of a verification: one finding per image that failed, where `locate` puts it. */
export function verificationReport(
  outcomes: readonly ImageOutcome[],
  locate: (image: string) => Location,
): Report {
  return {
    tool: TOOL,
    category: IMAGE_VERIFICATION_CATEGORY,
    findings: imageVerificationFindings(outcomes, locate),
    rules: IMAGE_SIGNATURE_RULES,
    notes: [],
  };
}

/**
 * The job-summary table: one row per image with its digest and who signed it, or why it failed.
 * Every cell is escaped (image names and messages can come from a pull request); rows that do not
 * fit in `maxBytes` are counted instead.
 */
export function verificationMarkdown(outcomes: readonly ImageOutcome[], maxBytes: number): string {
  const failed = outcomes.filter((o) => o.status === "failed").length;
  const head = `### ${failed > 0 ? "❌" : "✅"} Bulwark image verification\n\n**${plural(outcomes.length - failed, "image")} verified, ${failed} failed**\n\n| Image | Result | Digest | Signed by or reason |\n| --- | --- | --- | --- |\n`;
  const rows = outcomes.map((o) =>
    o.status === "verified"
      ? row(o.image, "✅ verified", o.digest, signers(o))
      : row(o.image, `❌ ${IMAGE_FAILURE_LABELS[o.code]}`, "", o.reason),
  );
  const whole = `${head}${rows.join("")}\n`;
  if (utf8Length(whole) <= maxBytes) return whole;
  let text = head;
  for (const [i, line] of rows.entries()) {
    const rest = `\n> **Not shown:** ${plural(rows.length - i, "image")}, to keep the summary within its size limit.\n`;
    if (utf8Length(text + line + rest) > maxBytes) return truncateUtf8(text + rest, maxBytes);
    text += line;
  }
  return whole;
}

function signers(outcome: Extract<ImageOutcome, { status: "verified" }>): string {
  const who = new Set(
    [...outcome.signatures, ...outcome.attestations].map((s) =>
      s.identity ? `${s.identity} (${s.issuer ?? "unknown issuer"})` : "the given key",
    ),
  );
  const attested = outcome.attestations.map((a) => a.predicateType).filter(Boolean);
  return (
    [...who].join(", ") + (attested.length > 0 ? `; attested: ${[...new Set(attested)].join(", ")}` : "")
  );
}

function row(...cells: string[]): string {
  return `| ${cells.map((cell) => escapeMarkdown(cell)).join(" | ")} |\n`;
}

/**
 * Where a workflow's image findings point: the line of the workflow file that names the image, or
 * the file's first line (images often come from an expression). GitHub names the workflow in
 * `GITHUB_WORKFLOW_REF` as `owner/repo/.github/workflows/x.yml@ref`.
 */
export function workflowLocator(
  workflowRef: string | undefined,
  workspace: string,
): (image: string) => Location {
  const path = /^[^/]+\/[^/]+\/(.+)@[^@]*$/.exec(workflowRef ?? "")?.[1];
  if (!path)
    return () => ({ path: ".github/workflows", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  let lines: string[] = [];
  try {
    lines = readFileSync(join(workspace, path), "utf8").split(/\r?\n/);
  } catch {
    // Not checked out: the findings still name the workflow.
  }
  return (image) => {
    const index = lines.findIndex((line) => line.includes(image));
    if (index < 0) return { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    const column = lines[index]!.indexOf(image) + 1;
    return {
      path,
      startLine: index + 1,
      startColumn: column,
      endLine: index + 1,
      endColumn: column + image.length,
    };
  };
}

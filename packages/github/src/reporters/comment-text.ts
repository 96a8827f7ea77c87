import { describeObject, escapeMarkdown, type Finding, type Severity, utf8Length } from "@bulwark/core";
import { formatMarker } from "./markers.js";
import type { Placement } from "./placement.js";

const BADGE: Record<Severity, string> = {
  error: "❌ **error**",
  warning: "⚠️ **warning**",
  note: "ℹ️ **note**",
};

/** Longest message shown in one comment: a third-party tool's message can be arbitrarily long. */
const MESSAGE_MAX = 4000;

/** "❌ **error** rule-id: message", every part from the finding escaped. */
export function findingHeadline(finding: Finding): string {
  const message =
    finding.message.length > MESSAGE_MAX ? `${finding.message.slice(0, MESSAGE_MAX)}…` : finding.message;
  return `${BADGE[finding.severity]} ${escapeMarkdown(finding.ruleId)}: ${escapeMarkdown(message)}`;
}

/** "`path:line`" for lists, escaped. */
export function findingWhere(finding: Finding): string {
  return escapeMarkdown(`${finding.location.path}:${finding.location.startLine}`);
}

/**
 * One review comment: the marker that finds it again, the finding, and the fix as a `suggestion`
 * block when it fits the commented lines. The block's fence is longer than any run of backticks in
 * the suggested text, so the text cannot close it and continue as Markdown.
 */
export function reviewCommentBody(finding: Finding, placement: Placement, key: string): string {
  const parts = [formatMarker("finding", { key, fp: finding.fingerprint }), findingHeadline(finding)];
  if (finding.object) parts.push(`Object: ${escapeMarkdown(describeObject(finding.object))}`);
  if (finding.fix) {
    parts.push(`**Fix:** ${escapeMarkdown(finding.fix.description)}`);
    if (placement.suggestion !== undefined) {
      const longestRun = Math.max(2, ...(placement.suggestion.match(/`+/g) ?? []).map((run) => run.length));
      const fence = "`".repeat(longestRun + 1);
      parts.push(`${fence}suggestion\n${placement.suggestion}${placement.suggestion ? "\n" : ""}${fence}`);
    }
  }
  return parts.join("\n\n");
}

/** What an earlier comment becomes once its finding is gone: marked resolved, its headline kept. */
export function resolvedCommentBody(
  key: string,
  fingerprint: string,
  earlierBody: string,
  sha: string,
): string {
  const headline = earlierBody.split("\n\n")[1] ?? "";
  return [
    formatMarker("finding", { key, fp: fingerprint, state: "resolved" }),
    `✅ **Resolved:** Bulwark no longer reports this at ${escapeMarkdown(sha.slice(0, 12))}.`,
    `<details><summary>Earlier finding</summary>\n\n${headline}\n\n</details>`,
  ].join("\n\n");
}

/**
 * Markdown list lines, added while they fit in `maxBytes`, then one line counting the rest, so a
 * body listing thousands of findings stays within GitHub's limit and says what it left out.
 */
export function boundedList(
  items: readonly string[],
  maxBytes: number,
  rest: (count: number) => string,
): string {
  let text = "";
  for (let i = 0; i < items.length; i++) {
    const line = `- ${items[i]}\n`;
    const closing = i + 1 < items.length ? utf8Length(rest(items.length - i - 1)) + 2 : 0;
    if (utf8Length(text) + utf8Length(line) + closing > maxBytes)
      return `${text}- ${rest(items.length - i)}\n`;
    text += line;
  }
  return text;
}

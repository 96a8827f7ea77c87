import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/render/markdown.js";
import { escapeMarkdown } from "../../src/render/markdown-escape.js";
import { utf8Length } from "../../src/render/utf8.js";
import { AWKWARD_PATH, emptyReport, finding, richReport } from "../helpers/reports.js";

/** Markup a hostile pull request might smuggle into a message, a path or an object name. */
const HOSTILE = [
  '<img src=x onerror="alert(1)">',
  "[click](javascript:alert(1))",
  "<!-- bulwark-summary -->",
  "a | b | c",
  "`code` and ```fence```",
  "**bold** _em_ # heading",
  "https://evil.example/x and www.evil.example",
  "@org/security-team",
  "line one\nline two\r\n| forged | row |",
  "&lt;entity&gt; &#60;",
];

describe("renderMarkdown", () => {
  it("has a headline with the counts, a findings table worst first, suppressed findings and notes", () => {
    const md = renderMarkdown(richReport());
    const [title, , tally] = md.split("\n");
    expect(title).toBe("### ❌ Bulwark: bulwark\\-manifests");
    expect(tally).toMatch(/^\*\*\d+ errors, \d+ warnings, 1 note, 3 suppressed\*\*$/);
    expect(md).toContain("| Severity | Location | Rule | Message | Object |");
    const severities = [...md.matchAll(/^\| (❌ error|⚠️ warning|ℹ️ note) \|/gm)].map((m) => m[1]);
    expect(severities).toEqual([...severities].sort((a, b) => rank(a!) - rank(b!)));
    expect(new Set(severities)).toEqual(new Set(["❌ error", "⚠️ warning", "ℹ️ note"]));
    expect(md).toContain("<details><summary>3 suppressed findings</summary>");
    expect(md).toContain(
      "| configuration exemption\\, until 2030\\-01\\-31 | vendor agent needs host access |",
    );
    expect(md).toContain("- Skipped 1 document without apiVersion and kind\\: values\\.yaml\\:1\\.");
    expect(md).not.toContain("Not shown");
  });

  it("writes the location as plain text: path and line, escaped, never a link", () => {
    const md = renderMarkdown({
      ...emptyReport(),
      findings: [finding({ location: { ...finding().location, path: AWKWARD_PATH } })],
    });
    expect(md).toContain("| deploy/my apps/café \\#1/wëb 🚀\\.yaml\\:12 |".replaceAll("/", "\\/"));
  });

  it("says so when there is nothing to report", () => {
    const md = renderMarkdown(emptyReport());
    expect(md).toBe(
      "### ✅ Bulwark: bulwark\\-manifests\n\n**0 errors, 0 warnings, 0 notes, 0 suppressed**\n\nNo findings.\n\n",
    );
  });
});

describe("Markdown escaping of strings from the pull request", () => {
  const hostileReport = {
    ...emptyReport("<b>category</b>"),
    findings: HOSTILE.map((text, i) =>
      finding({
        message: text,
        ruleId: `rule-${i}`,
        location: { ...finding().location, path: `${text}.yaml` },
        object: { apiVersion: "v1", kind: "Pod", namespace: text, name: text },
        ...(i % 2 ? { suppressed: { kind: "config" as const, reason: text } } : {}),
      }),
    ),
    notes: HOSTILE,
  };
  const md = renderMarkdown(hostileReport);

  it("forges no HTML, comment marker, link, autolink or mention", () => {
    // Every `<` we did not write ourselves is escaped, so no tag or comment survives.
    expect(md.replace(/<\/?(details|summary)>/g, "")).not.toMatch(/(^|[^\\])</);
    expect(md).not.toMatch(/(^|[^\\])\]\(/); // no link syntax
    expect(md).not.toMatch(/(^|[^\\])`/); // no code span to break out of
    expect(md).not.toContain("https://");
    expect(md).not.toContain("www.");
    expect(md).not.toMatch(/@[a-z]/i);
  });

  it("keeps each finding on one table row with the right number of cells", () => {
    const rows = md.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| ---"));
    const unescapedPipes = (row: string) => row.match(/(^|[^\\])\|/g)!.length;
    for (const row of rows) expect([6, 7]).toContain(unescapedPipes(row));
    // Two header rows plus one row per finding: no message broke out into a row of its own.
    expect(rows).toHaveLength(2 + HOSTILE.length);
  });

  it.each(HOSTILE)("escapes %j so that it renders as the same text", (text) => {
    const escaped = escapeMarkdown(text);
    const unescaped = escaped.replace(/\\(.)/g, "$1").replaceAll("@\u200b", "@");
    expect(unescaped).toBe(text.replace(/\r\n|\n/g, " "));
  });

  it("makes control and bidirectional-override characters visible", () => {
    expect(escapeMarkdown("evil\u202e\u0007.yaml")).toBe("evil\\\\u\\{202e\\}\\\\u\\{0007\\}\\.yaml");
  });
});

describe("Markdown size limit", () => {
  const wide = "é🚀界"; // 2, 4 and 3 bytes in UTF-8
  const many = {
    ...emptyReport(),
    findings: Array.from({ length: 300 }, (_, i) =>
      finding({
        message: `${wide.repeat(20)} ${i}`,
        fingerprint: String(i),
        location: { ...finding().location, startLine: i + 1 },
        severity: i < 100 ? "error" : "warning",
      }),
    ),
    notes: ["a note"],
  };

  it.each([4_096, 10_000, 20_011, 65_536])(
    "fits in %i bytes and says how many rows it left out",
    (maxBytes) => {
      const md = renderMarkdown(many, { maxBytes });
      expect(utf8Length(md)).toBeLessThanOrEqual(maxBytes);
      expect(new TextEncoder().encode(md).length).toBe(utf8Length(md));
      const shown = md.split("\n").filter((line) => /^\| (❌|⚠️) /.test(line)).length;
      const notice = md.match(
        /\*\*Not shown:\*\* (\d+) findings and 1 note, to keep this summary within (.+)\.\n$/,
      );
      expect(notice).not.toBeNull();
      expect(shown + Number(notice![1])).toBe(300);
      expect(shown).toBeGreaterThan(0);
      // Nearly full: one more row would not have fitted.
      expect(maxBytes - utf8Length(md)).toBeLessThan(
        utf8Length(md.split("\n").find((l) => l.startsWith("| ❌"))!) + 40,
      );
      // Errors are kept before warnings.
      if (shown <= 100) expect(md).not.toContain("⚠️ warning |");
    },
  );

  it("counts bytes, not characters: a limit in characters would overflow", () => {
    const md = renderMarkdown(many, { maxBytes: 20_000 });
    expect(md.length).toBeLessThan(utf8Length(md));
    expect(utf8Length(md)).toBeLessThanOrEqual(20_000);
  });

  it("keeps the whole report when it fits exactly", () => {
    const full = renderMarkdown(many);
    expect(renderMarkdown(many, { maxBytes: utf8Length(full) })).toBe(full);
    // One byte less: the closing line itself takes room, so the note and some findings go.
    expect(renderMarkdown(many, { maxBytes: utf8Length(full) - 1 })).toMatch(
      /Not shown:\*\* \d+ findings? and 1 note,/,
    );
  });

  it("cuts even the headline at a code point when the limit is tiny", () => {
    const md = renderMarkdown(many, { maxBytes: 7 });
    expect(md).toBe("### ❌"); // "### " is 4 bytes, "❌" 3: nothing split in half
  });
});

function rank(cell: string): number {
  return cell.includes("error") ? 0 : cell.includes("warning") ? 1 : 2;
}

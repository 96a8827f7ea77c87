import { FINGERPRINT_KEY, type Finding, renderSarif } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import { ingestSarif } from "../../src/sarif/ingest.js";
import { finding, report } from "../support/findings.js";
import { result, sarifText } from "./sarif-log.js";

const root = new URL("file:///home/runner/work/repo/repo/");
const ingest = (...texts: string[]) =>
  ingestSarif(
    texts.map((text, i) => ({ file: `in${i}.sarif`, text })),
    root,
  );
const only = (text: string): Finding => {
  const { findings } = ingest(text);
  expect(findings).toHaveLength(1);
  return findings[0]!;
};

describe("ingestSarif: results to findings", () => {
  it("maps levels, with kind and the rule's default level as SARIF defines them", () => {
    const rules = [{ id: "R1", defaultConfiguration: { level: "error" as const } }, { id: "R2" }];
    const { findings, passed } = ingest(
      sarifText(
        [
          result("a.yaml", 1, { level: "note" }),
          result("a.yaml", 2, { level: undefined }),
          result("a.yaml", 3, { level: undefined, ruleId: "R2" }),
          result("a.yaml", 4, { level: "none" }),
          result("a.yaml", 5, { level: undefined, kind: "review" }),
          result("a.yaml", 6, { level: undefined, kind: "pass" }),
          result("a.yaml", 7, { level: "error", kind: "notApplicable" }),
        ],
        { tool: { driver: { name: "scanner", rules } } },
      ),
    );
    expect(findings.map((f) => [f.location.startLine, f.severity])).toEqual([
      [1, "note"],
      [2, "error"],
      [3, "warning"],
      [4, "note"],
      [5, "note"],
    ]);
    expect(passed).toBe(2);
  });

  it("finds rules in extensions and fills message strings and {0} arguments", () => {
    const text = sarifText(
      [
        {
          rule: { id: "Q1", index: 0, toolComponent: { index: 0 } },
          message: { id: "default", arguments: ["foo", "bar"] },
          locations: [{ physicalLocation: { artifactLocation: { uri: "x.js" }, region: { startLine: 3 } } }],
        },
      ],
      {
        tool: {
          driver: { name: "CodeQL" },
          extensions: [
            {
              name: "pack",
              rules: [
                {
                  id: "Q1",
                  defaultConfiguration: { level: "error" },
                  messageStrings: { default: { text: "{0} shadows {1} in {{braces}} and {7}" } },
                },
              ],
            },
          ],
        },
      },
    );
    expect(only(text)).toMatchObject({
      ruleId: "Q1",
      severity: "error",
      message: "foo shadows bar in {braces} and {7}",
    });
  });

  it("reduces embedded links to their text and the related place", () => {
    const text = sarifText([
      result("a.js", 1, {
        message: { text: "called as [a constructor](1) and \\[not\\] [here](2) or [there](3)" },
        relatedLocations: [
          { id: 1, physicalLocation: { artifactLocation: { uri: "b.js" }, region: { startLine: 9 } } },
          { id: 2, physicalLocation: { artifactLocation: { uri: "/etc/passwd" } } },
        ],
      }),
    ]);
    expect(only(text).message).toBe("called as a constructor (b.js:9) and [not] here or there");
  });

  it("fills region defaults", () => {
    const at = (region: object | undefined) =>
      only(
        sarifText([
          {
            ruleId: "R",
            message: { text: "m" },
            locations: [
              { physicalLocation: { artifactLocation: { uri: "a" }, ...(region ? { region } : {}) } },
            ],
          },
        ]),
      ).location;
    expect(at(undefined)).toEqual({ path: "a", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(at({ startLine: 4, endLine: 2 })).toMatchObject({ startLine: 4, endLine: 4, startColumn: 1 });
    expect(at({ startLine: 4, startColumn: 7, endColumn: 10 })).toMatchObject({ endLine: 4, endColumn: 10 });
    expect(at({ startLine: 0 })).toMatchObject({ startLine: 1 });
  });

  it("honours suppressions that stand and ignores rejected ones", () => {
    const [accepted, inSource, rejected, empty] = ingest(
      sarifText([
        result("a", 1, { suppressions: [{ kind: "external", justification: "accepted risk" }] }),
        result("a", 2, { suppressions: [{ kind: "inSource", status: "accepted" }] }),
        result("a", 3, { suppressions: [{ kind: "external", status: "rejected" }] }),
        result("a", 4, { suppressions: [] }),
      ]),
    ).findings;
    expect(accepted!.suppressed).toEqual({ kind: "config", reason: "accepted risk" });
    expect(inSource!.suppressed).toEqual({ kind: "inline", reason: "suppressed in the SARIF log" });
    expect(rejected!.suppressed).toBeUndefined();
    expect(empty!.suppressed).toBeUndefined();
  });

  it("fingerprints: the tool's own, else rule, file, message and occurrence (not the line)", () => {
    const withPartial = (line: number) =>
      only(sarifText([result("a.js", line, { partialFingerprints: { primaryLocationLineHash: "39fa:1" } })]));
    expect(withPartial(2).fingerprint).toBe(withPartial(40).fingerprint);
    const plain = (lines: number[]) => ingest(sarifText(lines.map((line) => result("a.js", line)))).findings;
    const [first, second] = plain([10, 20]);
    expect(first!.fingerprint).not.toBe(second!.fingerprint);
    // Both moved down by five lines: same fingerprints, so a re-run does not comment again.
    expect(plain([15, 25]).map((f) => f.fingerprint)).toEqual([first!.fingerprint, second!.fingerprint]);
    expect(plain([15])[0]!.fingerprint).toBe(first!.fingerprint);
  });

  it("merges files and runs and reports each finding once", () => {
    const a = sarifText([result("a", 1, { partialFingerprints: { h: "1" } }), result("b", 1)]);
    const merged = ingest(a, a);
    expect(merged.findings).toHaveLength(2);
    expect(merged.duplicates).toBe(2);
    expect(merged.files).toEqual(["in0.sarif", "in1.sarif"]);
  });

  it("skips results outside the repository and says so, bounded", () => {
    const hostile = ["/etc/passwd", "../../x", "https://evil.example/x", "file:///root/.ssh/id_rsa"];
    const many = Array.from({ length: 30 }, (_, i) => result(`../up${i}`, 1));
    const ingested = ingest(
      sarifText([...hostile.map((uri) => result(uri, 1)), result("ok.yaml", 2), ...many]),
    );
    expect(ingested.findings.map((f) => f.location.path)).toEqual(["ok.yaml"]);
    expect(ingested.skipped).toHaveLength(34);
    expect(ingested.skipped[0]).toEqual({
      file: "in0.sarif",
      ruleId: "R1",
      reason: '"/etc/passwd" is an absolute path outside the repository',
    });
    expect(ingested.notes).toHaveLength(21);
    expect(ingested.notes.at(-1)).toBe("Not reported: 14 more results without a place in the repository.");
  });

  it("handles thousands of results", () => {
    const results = Array.from({ length: 20_000 }, (_, i) => result(`k8s/f${i % 50}.yaml`, (i % 400) + 1));
    const { findings } = ingest(sarifText(results));
    expect(findings).toHaveLength(20_000);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(20_000);
  });
});

describe("ingestSarif: invalid input", () => {
  it("names each file and what is wrong with it, and reports nothing", () => {
    const run = () =>
      ingestSarif(
        [
          { file: "broken.sarif", text: '{"version": "2.1.0", "runs": [' },
          { file: "old.sarif", text: '{"version": "1.0.0", "runs": []}' },
          { file: "bad.sarif", text: sarifText([{ message: { text: 1 as unknown as string } }]) },
          { file: "good.sarif", text: sarifText([result("a", 1)]) },
        ],
        root,
      );
    expect(run).toThrowError(/^Cannot use the SARIF input; nothing was reported:\n/);
    const message = (() => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
    })()!;
    expect(message).toContain("- broken.sarif is not JSON (");
    expect(message).toContain(
      '- old.sarif is not a SARIF 2.1.0 log: version: expected one of 2.1.0, found the string "1.0.0"',
    );
    expect(message).toContain(
      "- bad.sarif is not a SARIF 2.1.0 log: runs[0].results[0].message.text: expected a string, found the number 1",
    );
    expect(message).not.toContain("good.sarif");
  });

  it("bounds the problems listed for one file", () => {
    const text = sarifText(
      Array.from({ length: 100 }, () => ({ level: "fatal" as never, message: { text: "m" } })),
    );
    expect(() => ingest(text)).toThrowError(/runs\[0\]\.results\[4\]\.level.*; and 95 more problems$/);
  });
});

describe("ingestSarif: Bulwark's own SARIF", () => {
  it("reads back the findings Bulwark wrote: paths, regions, fingerprints, fixes, suppressions", () => {
    const fix = {
      description: "Set privileged to false",
      replacements: [
        { region: { startLine: 12, startColumn: 23, endLine: 12, endColumn: 27 }, text: "false" },
      ],
    };
    const original: Finding[] = [
      finding("k8s/my app.yaml", 12, { fix }),
      finding("k8s/b.yaml", 3, {
        severity: "warning",
        suppressed: { kind: "inline", reason: "needed for the CNI" },
      }),
    ];
    const sarif = renderSarif([{ ...report(original), sourceRoot: "file:///elsewhere/checkout/" }]);
    expect(sarif.runs[0]!.results[0]!.partialFingerprints[FINGERPRINT_KEY]).toBeDefined();
    const { findings } = ingest(JSON.stringify(sarif));
    const byPath = new Map(findings.map((f) => [f.location.path, f]));
    expect(byPath.get("k8s/my app.yaml")).toEqual({ ...original[0], message: original[0]!.message });
    expect(byPath.get("k8s/b.yaml")).toMatchObject({
      fingerprint: original[1]!.fingerprint,
      severity: "warning",
      suppressed: { kind: "inline" },
    });
  });
});

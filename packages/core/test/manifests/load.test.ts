import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/manifests/limits.js";
import { loadDocuments, loadManifests } from "../../src/manifests/load.js";
import { splitDocuments } from "../../src/manifests/split.js";

const load = (text: string, limits = DEFAULT_LIMITS) => loadManifests({ path: "f.yaml", text }, limits);
const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`;

describe("splitDocuments", () => {
  it("cuts at --- and ... lines only at column 0, keeping directives with their document", () => {
    const text = "a: 1\n---\nb: |\n  ---not a marker\n  x\n...\n%YAML 1.2\n---\nc: 3\n";
    const segments = splitDocuments(text);
    expect(segments.map((s) => s.line)).toEqual([1, 2, 7]);
    expect(segments[2]!.text.startsWith("%YAML 1.2\n---")).toBe(true);
  });
});

describe("loadDocuments", () => {
  it("hands over one document at a time, in order, with its objects or its problem", () => {
    const text = `${pod("a")}---\n# empty\n---\nkind: [\n---\nnot: kubernetes\n---\n${pod("b")}`;
    const steps = [...loadDocuments({ path: "f.yaml", text })].map((d) => ({
      index: d.document?.index,
      objects: d.objects.map((o) => o.name),
      problem: d.problem?.ruleId,
      skipped: d.skipped.length,
    }));
    expect(steps).toEqual([
      { index: 0, objects: ["a"], problem: undefined, skipped: 0 },
      { index: undefined, objects: [], problem: "invalid-yaml", skipped: 0 },
      { index: 1, objects: [], problem: undefined, skipped: 1 },
      { index: 2, objects: ["b"], problem: undefined, skipped: 0 },
    ]);
  });
});

describe("loadManifests", () => {
  it("takes a List of 200,000 items without overflowing the stack", () => {
    const items = (item: string) =>
      `apiVersion: v1\nkind: List\nitems: [${Array(200_000).fill(item).join(", ")}]\n`;
    expect(load(items("0")).skipped).toHaveLength(200_000);
    expect(load(items("{apiVersion: v1, kind: ConfigMap}")).objects).toHaveLength(200_000);
  });

  it("loads multi-document files with line numbers, skipping empty documents", () => {
    const file = load(`---\n${pod("a")}---\n# only a comment\n---\n${pod("b")}`);
    expect(file.objects.map((o) => [o.name, o.document.line])).toEqual([
      ["a", 1],
      ["b", 8],
    ]);
  });

  it("expands kind: List and *List kinds into their items", () => {
    const list = `apiVersion: v1\nkind: PodList\nitems:\n- ${pod("first").trimEnd().replace(/\n/g, "\n  ")}\n- ${pod("second").trimEnd().replace(/\n/g, "\n  ")}\n`;
    const file = load(list);
    expect(file.objects.map((o) => [o.name, o.basePath])).toEqual([
      ["first", ["items", 0]],
      ["second", ["items", 1]],
    ]);
  });

  it("handles a BOM, CRLF line ends and JSON", () => {
    const file = load(`\uFEFF${pod("crlf").replace(/\n/g, "\r\n")}`);
    expect(file.objects[0]?.name).toBe("crlf");
    expect(load('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"j"}}').objects[0]?.name).toBe("j");
  });

  it("resolves anchors, aliases and merge keys", () => {
    const file = load(
      "x-defaults: &d {image: nginx}\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - <<: *d\n    name: c\n",
    );
    const c = (file.objects[0]!.value.spec as { containers: { image: string }[] }).containers[0]!;
    expect(c.image).toBe("nginx");
  });

  it("skips non-Kubernetes YAML with a note, not an error", () => {
    const file = load("replicaCount: 1\nimage: {tag: x}\n---\n- a\n- b\n");
    expect(file.problems).toEqual([]);
    expect(file.skipped.map((s) => s.reason)).toEqual([
      "not a Kubernetes object (no apiVersion and kind)",
      "not a Kubernetes object (the document is a sequence)",
    ]);
  });

  it("reports a syntax error at its line and still loads the other documents", () => {
    const file = load(`${pod("ok1")}---\nmetadata:\n  name: [unclosed\n---\n${pod("ok2")}`);
    expect(file.objects.map((o) => o.name)).toEqual(["ok1", "ok2"]);
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]).toMatchObject({ ruleId: "invalid-yaml", path: "f.yaml" });
    expect(file.problems[0]!.line).toBeGreaterThanOrEqual(7);
  });

  it("treats duplicate keys as a syntax error, as kubectl does", () => {
    const file = load("apiVersion: v1\nkind: Pod\nkind: Secret\n");
    expect(file.problems[0]).toMatchObject({ ruleId: "invalid-yaml", line: 3 });
  });

  it("says an unparseable file with {{ }} is an unrendered template", () => {
    const file = load(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n  {{- include x }}\n",
    );
    expect(file.problems[0]?.ruleId).toBe("unrendered-template");
  });

  it("rejects a billion-laughs alias bomb quickly", () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const file = load(`apiVersion: v1\nkind: ConfigMap\n${levels.join("\n")}\n`);
    expect(file.objects).toEqual([]);
    expect(file.problems[0]).toMatchObject({ ruleId: "unsafe-yaml" });
    expect(file.problems[0]!.message).toMatch(/alias/);
  });

  it("reports more merge keys than the parser allows as unsafe, not as a syntax error", () => {
    const merges = Array.from({ length: 10_001 }, (_, i) => `  k${i}:\n    <<: *base`).join("\n");
    const file = load(`apiVersion: v1\nkind: ConfigMap\nbase: &base {a: 1}\ndata:\n${merges}\n`);
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]).toMatchObject({ ruleId: "unsafe-yaml" });
    expect(file.problems[0]!.message).toMatch(/merge keys/);
  });

  it("rejects an anchor that contains itself", () => {
    const file = load("apiVersion: v1\nkind: ConfigMap\ndata: &d\n  self: *d\n");
    expect(file.problems[0]?.ruleId).toBe("unsafe-yaml");
    expect(file.problems[0]?.message).toMatch(/cycle/);
  });

  it("reports absurdly deep nesting instead of crashing", () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\ndata: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`;
    const file = load(deep);
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]!.ruleId).toMatch(/unsafe-yaml|invalid-yaml/);
  });

  it("holds nesting to limits.maxDepth: deeper is unsafe-yaml naming the limit, anything within it parses", () => {
    // 150 levels: within the default limit, past the parser's own default of 100.
    let nested = "";
    for (let level = 0; level < 150; level++) nested += `${" ".repeat(level + 2)}k:\n`;
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n${nested}${" ".repeat(152)}v: x\n`;
    expect(load(deep).problems).toEqual([]);
    const problems = load(deep, { ...DEFAULT_LIMITS, maxDepth: 120 }).problems;
    expect(problems.map((p) => p.ruleId)).toEqual(["unsafe-yaml"]);
    expect(problems[0]!.message).toMatch(/deeper than 120 levels.*limits\.max-depth/);
  });

  it("reports a file over the size limit without parsing it", () => {
    const file = load(pod("big"), { ...DEFAULT_LIMITS, maxFileBytes: 10 });
    expect(file.objects).toEqual([]);
    expect(file.problems[0]).toMatchObject({ ruleId: "input-too-large", line: 1 });
  });

  it("loads a 50 MB file within the default limit", () => {
    const doc = `${pod("p")}spec:\n  containers:\n  - name: c\n    image: nginx:1.25\n    args: ["${"x".repeat(200)}"]\n---\n`;
    const text = doc.repeat(Math.ceil((50 * 1024 * 1024) / doc.length));
    const file = load(text);
    expect(file.problems).toEqual([]);
    expect(file.objects.length).toBe(Math.ceil((50 * 1024 * 1024) / doc.length));
  });
});

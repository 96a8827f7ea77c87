import { describe, expect, it } from "vitest";
import { loadManifests } from "../../src/manifests/load.js";
import { Locator } from "../../src/manifests/locate.js";
import { getPath } from "../../src/manifests/workloads.js";

const deployment = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    "quoted/key": 'v'
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.25
        securityContext:
          privileged: yes
      - name: side   # comment
        image: busybox
      initContainers:
        - name: init
          image: alpine
`;

describe("Locator", () => {
  const file = loadManifests({ path: "d.yaml", text: deployment });
  const object = file.objects[0]!;
  const locator = new Locator();
  const at = (path: (string | number)[]) => {
    const r = locator.locate(object.document, path);
    return [r.startLine, r.startColumn];
  };

  it("parses YAML 1.1 booleans like Kubernetes does", () => {
    const path = ["spec", "template", "spec", "containers", 0, "securityContext", "privileged"];
    expect(getPath(object.value, path)).toBe(true);
  });

  it("finds block-style nodes by scanning", () => {
    expect(at([])).toEqual([2, 1]);
    expect(at(["kind"])).toEqual([3, 1]);
    expect(at(["metadata", "annotations", "quoted/key"])).toEqual([7, 5]);
    expect(at(["spec", "template", "spec", "containers", 0, "securityContext", "privileged"])).toEqual([
      15, 11,
    ]);
    expect(at(["spec", "template", "spec", "containers", 1, "image"])).toEqual([17, 9]);
    expect(at(["spec", "template", "spec", "initContainers", 0, "image"])).toEqual([20, 11]);
    expect(locator.fallbacks).toBe(0);
  });
});

/** Every path to every node of a value. */
function allPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...allPaths(v, [...prefix, i]));
    });
  } else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...allPaths(v, [...prefix, k]));
  return out;
}

const tricky = [
  deployment,
  deployment.replace(/\n/g, "\r\n"),
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: b}}\nspec:\n  containers: [{name: c, image: x}]\n`,
  `base: &base\n  image: x\n  securityContext:\n    privileged: true\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - <<: *base\n    name: c\n  - *base\n`,
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  script: |\n    key: not-a-key\n    - not an item\n  other: >-\n    folded\n  "esc\\"aped": 1\n  'it''s': 2\n  spaced   : 3\n`,
  `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},\n "spec": {"containers": [{"name": "c", "image": "x"}]}}\n`,
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: flow\nspec:\n  containers:\n  - name: c\n    args: ["a, b", 'c', d ]  # note\n    securityContext: {capabilities: {add: [X]}, privileged: true}\n    ports: [{containerPort: 80}]\n    env: [\n      {name: A}]\n    probe: {httpGet: {path: /}, "quoted": 1, 'single': 2, bare}\n`,
  `--- # doc\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  -\n    name: c\n    args:\n    - - nested\n      - seq\n    - !!str tagged\n    env: &e\n    - name: A\n      value: "1"\n`,
];

describe("one-line flow collections", () => {
  it("are scanned, not handed to the parser", () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    args: ["a, b", \'c\', d]\n    securityContext:\n      capabilities: {drop: ["ALL"], add: [NET_RAW]}\n';
    const file = loadManifests({ path: "f.yaml", text });
    const locator = new Locator();
    const at = (path: (string | number)[]) => {
      const r = locator.locate(file.objects[0]!.document, path);
      return [r.startLine, r.startColumn];
    };
    expect(at(["spec", "containers", 0, "args", 2])).toEqual([7, 25]);
    expect(at(["spec", "containers", 0, "securityContext", "capabilities", "add"])).toEqual([9, 37]);
    expect(at(["metadata", "name"])).toEqual([3, 12]);
    expect(locator.fallbacks).toBe(0);
  });
});

describe("the scanner agrees with the parser", () => {
  it.each(tricky.map((text, i) => [i, text]))("case %i", (_i, text) => {
    const file = loadManifests({ path: "t.yaml", text: text as string });
    expect(file.problems).toEqual([]);
    const scanner = new Locator();
    const parser = new Locator(false);
    for (const document of file.documents) {
      const object = file.objects.find((o) => o.document === document)!;
      for (const path of allPaths(object.value)) {
        expect([path, scanner.locate(document, path)]).toEqual([path, parser.locate(document, path)]);
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import { pathFilter } from "../../src/config/paths.js";

const files = [
  "deploy/app.yaml",
  "deploy/legacy/old.yaml",
  "deploy/app.tmpl.yaml",
  ".github/k8s/ci.yaml",
  "README.md",
];

function kept(include: string[], exclude: string[]): string[] {
  return files.filter(pathFilter({ include, exclude }));
}

describe("pathFilter", () => {
  it("keeps every file when there are no globs", () => {
    expect(kept([], [])).toEqual(files);
  });

  it("keeps only included files, dotted folders too", () => {
    expect(kept(["**/*.yaml"], [])).toEqual([
      "deploy/app.yaml",
      "deploy/legacy/old.yaml",
      "deploy/app.tmpl.yaml",
      ".github/k8s/ci.yaml",
    ]);
  });

  it("drops excluded files even when included", () => {
    expect(kept(["deploy/**"], ["deploy/legacy/**", "**/*.tmpl.yaml"])).toEqual(["deploy/app.yaml"]);
  });

  it("ignores a leading ./ on patterns and paths", () => {
    const keep = pathFilter({ include: ["./deploy/*.yaml"], exclude: [] });
    expect(keep("./deploy/app.yaml")).toBe(true);
    expect(keep("deploy/app.yaml")).toBe(true);
    expect(keep("other/app.yaml")).toBe(false);
  });
});

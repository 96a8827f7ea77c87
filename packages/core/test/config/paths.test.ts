import { describe, expect, it } from "vitest";
import { type PathKind, pathFilter } from "../../src/config/paths.js";

const files = [
  "deploy/app.yaml",
  "deploy/legacy/old.yaml",
  "deploy/app.tmpl.yaml",
  ".github/k8s/ci.yaml",
  "README.md",
];

function kept(include: string[], exclude: string[], kind: PathKind = "manifests"): string[] {
  return files.filter(pathFilter({ include, exclude }, kind));
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
    const keep = pathFilter({ include: ["./deploy/*.yaml"], exclude: [] }, "manifests");
    expect(keep("./deploy/app.yaml")).toBe(true);
    expect(keep("deploy/app.yaml")).toBe(true);
    expect(keep("other/app.yaml")).toBe(false);
  });

  it("narrows Dockerfiles by exclude only: include globs name where manifests are", () => {
    const dockerfiles = ["deploy/Dockerfile", "services/api/Dockerfile", "services/legacy/Dockerfile"];
    const keep = pathFilter({ include: ["deploy/**"], exclude: ["services/legacy/**"] }, "dockerfiles");
    expect(dockerfiles.filter(keep)).toEqual(["deploy/Dockerfile", "services/api/Dockerfile"]);
  });
});

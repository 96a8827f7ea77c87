import { describe, expect, it } from "vitest";
import type { SarifRunInput } from "../../src/sarif/shape.js";
import { repositoryPath } from "../../src/sarif/uri.js";

const root = new URL("file:///home/runner/work/shop/shop/");
const path = (uri: string, run: SarifRunInput = {}, uriBaseId?: string) =>
  repositoryPath({ uri, ...(uriBaseId ? { uriBaseId } : {}) }, run, root);

describe("repositoryPath", () => {
  it("keeps relative paths, percent-decoded and normalised", () => {
    expect(path("deploy/app.yaml")).toEqual({ path: "deploy/app.yaml" });
    expect(path("./deploy/my%20app%23v2.yaml")).toEqual({ path: "deploy/my app#v2.yaml" });
    expect(path("deploy/../k8s/caf%C3%A9.yaml")).toEqual({ path: "k8s/café.yaml" });
    expect(path("k8s/café.yaml")).toEqual({ path: "k8s/café.yaml" });
  });

  it("maps file URIs under the workspace and refuses those elsewhere", () => {
    expect(path("file:///home/runner/work/shop/shop/k8s/app.yaml")).toEqual({ path: "k8s/app.yaml" });
    expect(path("file:///etc/passwd")).toEqual({
      refused: '"file:///etc/passwd" is an absolute path outside the repository',
    });
    expect(path("/etc/passwd")).toMatchObject({ refused: expect.stringContaining("absolute path outside") });
    expect(path("file:///home/runner/work/shop/shop2/x.yaml")).toMatchObject({ refused: expect.any(String) });
    expect(path("file://evil.example.com/home/runner/work/shop/shop/x.yaml")).toMatchObject({
      refused: expect.any(String),
    });
  });

  it("refuses '..' escapes in every spelling", () => {
    for (const uri of ["../secrets.yaml", "k8s/../../x", "%2e%2e/x", "k8s/%2E%2E/%2e%2e/x"]) {
      expect(path(uri)).toEqual({ refused: `${JSON.stringify(uri)} leads outside the repository with ".."` });
    }
    expect(path("k8s/..%2F..%2Fx")).toEqual({ refused: '"k8s/..%2F..%2Fx" encodes a path separator' });
    expect(path("a%00b.yaml")).toMatchObject({ refused: expect.stringContaining("separator") });
  });

  it("refuses other schemes, invalid URI references and directories", () => {
    expect(path("https://example.com/x.yaml")).toMatchObject({
      refused: expect.stringContaining("not a file"),
    });
    expect(path("not a valid URI")).toEqual({ refused: '"not a valid URI" is not a valid URI reference' });
    expect(path("..\\..\\etc\\passwd")).toMatchObject({
      refused: expect.stringContaining("not a valid URI"),
    });
    expect(path("k8s/")).toMatchObject({ refused: expect.stringContaining("directory") });
    expect(path("k8s/\u202eevil.yaml")).toMatchObject({
      refused: expect.stringContaining("not a valid URI"),
    });
    expect(path("%ff.yaml")).toMatchObject({ refused: expect.stringContaining("not UTF-8") });
  });

  it("resolves uriBaseId chains and treats an unknown or foreign base as the repository root", () => {
    const run: SarifRunInput = {
      originalUriBaseIds: {
        SRC: { uri: "src/", uriBaseId: "PROJECT" },
        PROJECT: { uri: "services/api" },
        ELSEWHERE: { uri: "file:///Users/dev/shop/" },
        LOOP: { uri: "a/", uriBaseId: "LOOP" },
      },
    };
    expect(path("main.go", run, "SRC")).toEqual({ path: "services/api/src/main.go" });
    expect(path("../../x.go", run, "SRC")).toEqual({ path: "services/x.go" });
    expect(path("../../../../x.go", run, "SRC")).toMatchObject({ refused: expect.stringContaining('".."') });
    expect(path("k8s/app.yaml", run, "%SRCROOT%")).toEqual({ path: "k8s/app.yaml" });
    expect(path("k8s/app.yaml", run, "ELSEWHERE")).toEqual({ path: "k8s/app.yaml" });
    expect(path("x", run, "LOOP")).toMatchObject({ refused: expect.stringContaining("loop") });
  });

  it("follows an artifact index when the location has no URI of its own", () => {
    const run: SarifRunInput = { artifacts: [{ location: { uri: "main.js", uriBaseId: "%SRCROOT%" } }] };
    expect(repositoryPath({ index: 0 }, run, root)).toEqual({ path: "main.js" });
    expect(repositoryPath({ index: 3 }, run, root)).toEqual({ refused: "the result names no file" });
  });
});

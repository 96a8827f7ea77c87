import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type BulwarkConfig, ConfigError, DEFAULT_CONFIG } from "@bulwark/core";
import { beforeEach, describe, expect, it } from "vitest";
import { collectManifests } from "../src/collect.js";

const POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";

let root: string;
function write(path: string, content: string | Uint8Array = POD): string {
  const absolute = join(root, path);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
  return absolute;
}
const collect = (patterns: string[], config: Partial<BulwarkConfig> = {}) =>
  collectManifests(patterns, { root, config: { ...DEFAULT_CONFIG, ...config } });
const pathsOf = (files: readonly { path: string }[]) => files.map((file) => file.path);

beforeEach(() => {
  root = join(mkdtempSync(join(tmpdir(), "bulwark-collect-")), "repo");
  mkdirSync(root);
});

describe("collectManifests: finding files", () => {
  it("walks directories for .yaml, .yml and .json, sorted, relative to the root with forward slashes", async () => {
    write("k8s/b.yml");
    write("k8s/a.yaml");
    write("k8s/nested/c.json", '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"c"}}');
    write("k8s/notes.txt", "not a manifest");
    write("README.md", "# hi");
    const { files } = await collect(["."]);
    expect(pathsOf(files)).toEqual(["k8s/a.yaml", "k8s/b.yml", "k8s/nested/c.json"]);
    expect(files[0]!.text).toBe(POD);
  });

  it("skips .git and node_modules", async () => {
    write(".git/config.yaml");
    write("node_modules/pkg/chart.yaml");
    write("app/.hidden.yaml");
    expect(pathsOf((await collect(["."])).files)).toEqual(["app/.hidden.yaml"]);
  });

  it("expands globs against the root and reads a named file whatever its extension", async () => {
    write("k8s/prod/a.yaml");
    write("k8s/dev/b.yaml");
    write("k8s/prod/c.yml");
    write("rendered.out");
    const { files } = await collect(["k8s/**/*.yaml", "./rendered.out"]);
    expect(pathsOf(files)).toEqual(["k8s/dev/b.yaml", "k8s/prod/a.yaml", "rendered.out"]);
  });

  it("applies the config's include and exclude globs to what it walks, counts each file once", async () => {
    write("k8s/a.yaml");
    write("k8s/generated/b.yaml");
    write("docs/c.yaml");
    const { files } = await collect([".", "k8s"], { include: ["k8s/**"], exclude: ["**/generated/**"] });
    expect(pathsOf(files)).toEqual(["k8s/a.yaml"]);
  });

  it("reports a path that does not exist or leaves the root as the user's mistake", async () => {
    await expect(collect(["missing"])).rejects.toThrow(ConfigError);
    await expect(collect(["missing"])).rejects.toThrow("missing: no such file or directory.");
    await expect(collect(["../elsewhere"])).rejects.toThrow(/outside the workspace/);
  });
});

describe("collectManifests: untrusted files", () => {
  it("does not read a symlink that leads out of the workspace, and says so", async () => {
    const outside = join(dirname(root), "secret.yaml");
    writeFileSync(outside, POD);
    symlinkSync(outside, join(root, "escape.yaml"));
    symlinkSync("../secret.yaml", join(root, "relative-escape.yaml"));
    write("inside.yaml");
    symlinkSync("inside.yaml", join(root, "alias.yaml"));
    const result = await collect(["."]);
    expect(pathsOf(result.files)).toEqual(["alias.yaml", "inside.yaml"]);
    expect(result.unreadable).toEqual([
      { path: "escape.yaml", reason: expect.stringContaining("outside the workspace") },
      { path: "relative-escape.yaml", reason: expect.stringContaining("outside the workspace") },
    ]);
  });

  it("does not follow linked directories (no cycles), and reports broken links", async () => {
    write("app/a.yaml");
    symlinkSync("..", join(root, "app/loop"));
    symlinkSync("nowhere.yaml", join(root, "broken.yaml"));
    const result = await collect(["."]);
    expect(pathsOf(result.files)).toEqual(["app/a.yaml"]);
    expect(result.unreadable).toEqual([{ path: "broken.yaml", reason: expect.stringContaining("broken") }]);
  });

  it("reports binary, non-UTF-8 and UTF-16 files as unreadable with the reason", async () => {
    write("binary.yaml", new Uint8Array([0x61, 0x00, 0x62]));
    write("latin1.yaml", Buffer.from("name: caf\xe9\n", "latin1"));
    write("utf16.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("kind: Pod", "utf16le")]));
    write("bom.yaml", `\uFEFF${POD}`);
    const result = await collect(["."]);
    expect(pathsOf(result.files)).toEqual(["bom.yaml"]);
    expect(result.files[0]!.text).toBe(`\uFEFF${POD}`);
    expect(result.unreadable).toEqual([
      { path: "binary.yaml", reason: expect.stringContaining("binary") },
      { path: "latin1.yaml", reason: expect.stringContaining("not valid UTF-8") },
      { path: "utf16.yaml", reason: expect.stringContaining("UTF-16") },
    ]);
  });

  it("never opens a FIFO for reading (it would block), named or walked", async () => {
    execFileSync("mkfifo", [join(root, "pipe.yaml")]);
    const walked = await collect(["."]);
    const named = await collect(["pipe.yaml"]);
    for (const result of [walked, named]) {
      expect(result.files).toEqual([]);
      expect(result.unreadable).toEqual([
        { path: "pipe.yaml", reason: expect.stringContaining("regular file") },
      ]);
    }
  });

  it("reports a file over the size limit by its size, without reading it", async () => {
    const big = write("huge.yaml", "");
    truncateSync(big, 5 * 1024 * 1024 * 1024); // sparse: 5 GiB that were never written
    const result = await collect(["."], { limits: { ...DEFAULT_CONFIG.limits, maxFileBytes: 1024 } });
    expect(result.oversized).toEqual([{ path: "huge.yaml", bytes: 5 * 1024 * 1024 * 1024 }]);
    expect(result.files).toEqual([]);
  });
});

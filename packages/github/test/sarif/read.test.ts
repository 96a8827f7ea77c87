import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSarif } from "../../src/sarif/ingest.js";
import { parseByteSize } from "../../src/sarif/read.js";
import { result, sarifText } from "./sarif-log.js";

let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), "bulwark-sarif-"));
});

afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
}

describe("loadSarif", () => {
  it("reads files, directories and globs relative to the workspace, each file once", async () => {
    write({
      "reports/trivy.sarif": sarifText([result("Dockerfile", 1)], { tool: { driver: { name: "Trivy" } } }),
      "reports/nested/checkov.sarif.json": sarifText([result("k8s/a.yaml", 2)]),
      "reports/notes.txt": "not SARIF",
      "kube-linter.sarif": sarifText([result("k8s/b.yaml", 3)], {
        tool: { driver: { name: "kube-linter" } },
      }),
    });
    const ingested = await loadSarif(["reports", "*.sarif", "reports/**/*.sarif"], { workspace });
    expect(ingested.files).toEqual([
      "kube-linter.sarif",
      "reports/nested/checkov.sarif.json",
      "reports/trivy.sarif",
    ]);
    expect(ingested.findings.map((f) => f.location.path).sort()).toEqual([
      "Dockerfile",
      "k8s/a.yaml",
      "k8s/b.yaml",
    ]);
    expect(ingested.tools).toEqual(["kube-linter", "scanner", "Trivy"]);
  });

  it("maps file URIs under the workspace to repository paths", async () => {
    write({ "r.sarif": sarifText([result(`file://${workspace}/k8s/app.yaml`, 4)]) });
    const { findings } = await loadSarif(["r.sarif"], { workspace });
    expect(findings[0]!.location.path).toBe("k8s/app.yaml");
  });

  it("refuses a file over the size limit from its size, and patterns that match nothing", async () => {
    write({ "small.sarif": sarifText([]) });
    writeFileSync(join(workspace, "huge.sarif"), "");
    // Sparse: its size says 11 MiB, although nothing was written (reading it would give zeros, not JSON).
    truncateSync(join(workspace, "huge.sarif"), 11 * 1024 * 1024);
    await expect(loadSarif(["*.sarif", "missing/*.sarif"], { workspace })).rejects.toThrowError(
      [
        "Cannot use the SARIF input; nothing was reported:",
        "- missing/*.sarif no SARIF file matches it",
        "- huge.sarif is 11,534,336 bytes, over the limit of 10,485,760 bytes (max-sarif-size); it was not read",
      ].join("\n"),
    );
    await expect(loadSarif(["small.sarif"], { workspace, maxBytes: 10 })).rejects.toThrowError(
      /over the limit of 10 bytes/,
    );
    await expect(loadSarif([], { workspace })).rejects.toThrowError(/No SARIF file was given/);
  });

  it("refuses text that is not UTF-8", async () => {
    writeFileSync(join(workspace, "latin1.sarif"), Buffer.from([0x7b, 0xe9, 0x7d]));
    await expect(loadSarif(["latin1.sarif"], { workspace })).rejects.toThrowError(
      "- latin1.sarif is not UTF-8 text",
    );
  });
});

describe("parseByteSize", () => {
  it("reads sizes with units and refuses the rest", () => {
    expect(parseByteSize("10 MiB", "max-sarif-size")).toBe(10_485_760);
    expect(parseByteSize("500kB", "max-sarif-size")).toBe(500_000);
    expect(parseByteSize("1048576", "max-sarif-size")).toBe(1_048_576);
    expect(() => parseByteSize("ten", "max-sarif-size")).toThrowError(
      'Invalid max-sarif-size "ten": expected a size such as 10 MiB, 500 kB or 1048576.',
    );
    expect(() => parseByteSize("0", "max-sarif-size")).toThrowError(/Invalid/);
  });
});

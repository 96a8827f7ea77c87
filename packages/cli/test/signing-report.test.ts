import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_RULES, renderSarif } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import { signerPolicy } from "../src/signing/policy.js";
import { predicateType } from "../src/signing/predicate-types.js";
import { verificationMarkdown, verificationReport, workflowLocator } from "../src/signing/report.js";
import { pinned } from "../src/signing/sign-images.js";
import type { ImageOutcome } from "../src/signing/verify-images.js";

const HOSTILE = "<img src=x onerror=alert(1)> | [click](https://evil.example) @org/team `code`";
const failed = (image: string, reason = HOSTILE): ImageOutcome => ({
  image,
  status: "failed",
  code: "IDENTITY_MISMATCH",
  reason,
});
const verified: ImageOutcome = {
  image: "ghcr.io/acme/app:1.0",
  status: "verified",
  digest: `sha256:${"a".repeat(64)}`,
  signatures: [
    {
      format: "bundle",
      location: "x",
      identity: "https://github.com/acme/app/.github/workflows/r.yml@refs/tags/v1",
      issuer: "https://token.actions.githubusercontent.com",
      tlogIndexes: ["7"],
    },
  ],
  attestations: [],
};

describe("the verification summary", () => {
  it("escapes every cell, so text from a registry cannot forge markup, links or mentions", () => {
    const markdown = verificationMarkdown([verified, failed("ghcr.io/acme/app:2.0")], 1024 * 1024);
    expect(markdown).toContain("1 image verified, 1 failed");
    expect(markdown).not.toMatch(/[^\\]<img/);
    expect(markdown).not.toContain("](https://evil");
    expect(markdown).not.toMatch(/[^\\]\|\s*\[click/);
    expect(markdown).toContain("@\u200borg");
    // Four columns in every row: no pipe from the text split a cell.
    const rows = markdown.split("\n").filter((line) => line.startsWith("| "));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.match(/(?<!\\)\|/g)).toHaveLength(5);
  });

  it("stays within its byte budget and says how many rows it left out", () => {
    const outcomes = Array.from({ length: 200 }, (_, i) => failed(`ghcr.io/acme/app:${i}`, "x".repeat(200)));
    const markdown = verificationMarkdown(outcomes, 8 * 1024);
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(8 * 1024);
    expect(markdown).toMatch(/Not shown:\*\* \d+ images/);
  });
});

describe("the verification SARIF", () => {
  it("has one result per failed image under its rule, at the workflow line naming the image", () => {
    const workspace = mkdtempSync(join(tmpdir(), "bulwark-report-"));
    mkdirSync(join(workspace, ".github/workflows"), { recursive: true });
    writeFileSync(
      join(workspace, ".github/workflows/deploy.yml"),
      "on: push\n# images:\n#   ghcr.io/acme/app:2.0\n",
    );
    const locate = workflowLocator("acme/app/.github/workflows/deploy.yml@refs/heads/main", workspace);
    const sarif = renderSarif([verificationReport([verified, failed("ghcr.io/acme/app:2.0")], locate)]);
    const [run] = sarif.runs;
    expect(run!.results).toHaveLength(1);
    expect(run!.results[0]).toMatchObject({
      ruleId: IMAGE_RULES.IDENTITY_MISMATCH.id,
      level: "error",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: ".github/workflows/deploy.yml" },
            region: { startLine: 3, startColumn: 5 },
          },
        },
      ],
    });
    expect(run!.tool.driver.rules.map((r) => r.id)).toContain("image-signature-missing");
  });

  it("points at line 1 of the workflow when the image is not written in it", () => {
    const locate = workflowLocator("acme/app/.github/workflows/deploy.yml@refs/heads/main", tmpdir());
    expect(locate("ghcr.io/acme/app@sha256:abc")).toMatchObject({
      path: ".github/workflows/deploy.yml",
      startLine: 1,
    });
  });
});

describe("option values", () => {
  it("reads cosign's predicate type names and URIs, and refuses anything else", () => {
    expect(predicateType("slsaprovenance1")).toBe("https://slsa.dev/provenance/v1");
    expect(predicateType("slsaprovenance")).toBe("https://slsa.dev/provenance/v0.2");
    expect(predicateType("https://example.com/scan/v1")).toBe("https://example.com/scan/v1");
    expect(() => predicateType("sbom")).toThrow(/Unknown predicate type "sbom"/);
  });

  it("turns cosign's flags into one signer policy, patterns kept as patterns", () => {
    expect(
      signerPolicy({
        "certificate-identity-regexp": "https://github\\.com/acme/.*",
        "certificate-oidc-issuer": "https://token.actions.githubusercontent.com",
        github: { "certificate-github-workflow-trigger": "push", "certificate-github-workflow-sha": "" },
      }),
    ).toEqual({
      kind: "identity",
      identity: { regexp: "https://github\\.com/acme/.*" },
      issuer: "https://token.actions.githubusercontent.com",
      claims: { githubWorkflowTrigger: "push" },
    });
    expect(() =>
      signerPolicy({
        "certificate-identity": "a",
        "certificate-identity-regexp": "b",
        "certificate-oidc-issuer": "c",
      }),
    ).toThrow(/not both/);
  });

  it("pins an image by its digest, whatever names its tag", () => {
    const digest = `sha256:${"b".repeat(64)}`;
    expect(pinned("127.0.0.1:5000/app:v1", digest)).toBe(`127.0.0.1:5000/app@${digest}`);
    expect(pinned("127.0.0.1:5000/app", digest)).toBe(`127.0.0.1:5000/app@${digest}`);
    expect(pinned(`ghcr.io/a/b:1@${digest}`, digest)).toBe(`ghcr.io/a/b@${digest}`);
    expect(pinned("oci-layout:/tmp/x:v1", digest)).toBe(`oci-layout:/tmp/x@${digest}`);
  });
});

import { describe, expect, it } from "vitest";
import type { Location } from "../../../src/findings/types.js";
import { DOCKERFILE_RULES } from "../../../src/rules/base-image/check.js";
import { type ImageVerdict, imageVerificationFindings } from "../../../src/rules/image-signature/findings.js";
import {
  IMAGE_FAILURE_LABELS,
  IMAGE_RULES,
  IMAGE_SIGNATURE_RULES,
  type ImageFailureCode,
} from "../../../src/rules/image-signature/rules.js";
import { ALL_RULES } from "../../../src/rules/registry.js";

const workflow =
  (line: number) =>
  (image: string): Location => ({
    path: ".github/workflows/deploy.yml",
    startLine: line,
    startColumn: 3,
    endLine: line,
    endColumn: 3 + image.length,
  });

describe("image-verification rules", () => {
  it("have one rule per failure code, with ids no other rule family uses", () => {
    const ids = IMAGE_SIGNATURE_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(Object.keys(IMAGE_FAILURE_LABELS).length);
    const others = new Set([...ALL_RULES, ...DOCKERFILE_RULES].map((rule) => rule.id));
    expect(ids.filter((id) => others.has(id))).toEqual([]);
    for (const rule of IMAGE_SIGNATURE_RULES) {
      expect(rule).toMatchObject({ category: "image-signature", severity: "error" });
      expect(rule.description.length).toBeGreaterThan(20);
      expect(rule.remediation.length).toBeGreaterThan(20);
    }
  });

  it("turn each failed image into one finding under its failure's rule, and verified images into none", () => {
    const codes = Object.keys(IMAGE_RULES) as ImageFailureCode[];
    const verdicts: ImageVerdict[] = [
      { image: "ghcr.io/acme/ok:1", status: "verified" },
      ...codes.map((code, i) => ({
        image: `ghcr.io/acme/app:${i}`,
        status: "failed" as const,
        code,
        reason: `reason ${i}`,
      })),
    ];
    const findings = imageVerificationFindings(verdicts, workflow(7));
    expect(findings.map((f) => f.ruleId)).toEqual(codes.map((code) => IMAGE_RULES[code].id));
    expect(findings[0]).toMatchObject({
      ruleId: "image-signature-missing",
      severity: "error",
      message: "ghcr.io/acme/app:0: no signature: reason 0",
      location: { path: ".github/workflows/deploy.yml", startLine: 7, startColumn: 3, endColumn: 21 },
    });
    expect(findings.find((f) => f.ruleId === "image-unverifiable")!.message).toContain(
      ": could not be checked: ",
    );
  });

  it("fingerprint a failure by rule, file and image, not by where in the file or why", () => {
    const failed = (code: ImageFailureCode, reason: string): ImageVerdict => ({
      image: "ghcr.io/acme/app:1",
      status: "failed",
      code,
      reason,
    });
    const [a] = imageVerificationFindings([failed("IDENTITY_MISMATCH", "signed by x")], workflow(3));
    const [moved] = imageVerificationFindings([failed("IDENTITY_MISMATCH", "signed by y")], workflow(9));
    const [other] = imageVerificationFindings([failed("NO_SIGNATURE", "signed by x")], workflow(3));
    expect(moved!.fingerprint).toBe(a!.fingerprint);
    expect(other!.fingerprint).not.toBe(a!.fingerprint);
  });
});

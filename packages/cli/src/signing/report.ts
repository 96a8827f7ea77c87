import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  escapeMarkdown,
  type Finding,
  fingerprintOf,
  type Location,
  plural,
  type Report,
  type RuleMeta,
  truncateUtf8,
  utf8Length,
} from "@bulwark/core";
import { TOOL } from "../validate.js";
import { FAILURE_LABELS, type FailureCode, type ImageOutcome } from "./verify-images.js";

/** The code-scanning category of image verification results. */
export const IMAGE_VERIFICATION_CATEGORY = "bulwark-image-verification";

const COSIGN_VERIFY = {
  title: "cosign: Verifying signatures",
  url: "https://docs.sigstore.dev/cosign/verifying/verify/",
};
const SIGSTORE_BUNDLE = {
  title: "Sigstore bundle format",
  url: "https://docs.sigstore.dev/about/bundle/",
};

function imageRule(id: string, title: string, description: string, remediation: string): RuleMeta {
  return {
    id,
    title,
    category: "image-signature",
    severity: "error",
    description,
    remediation,
    references: [COSIGN_VERIFY, SIGSTORE_BUNDLE],
  };
}

/** One rule per way image verification fails, so code scanning groups the failures by cause. */
export const IMAGE_RULES: Record<FailureCode, RuleMeta> = {
  NO_SIGNATURE: imageRule(
    "image-signature-missing",
    "The image has no signature",
    "Neither a sigstore bundle referrer nor a legacy `.sig` tag is stored for the image's digest, so nothing vouches for it.",
    "Sign the image in the job that builds it (the sign-image action or `bulwark sign`), after pushing it, and sign the digest that is deployed.",
  ),
  IDENTITY_MISMATCH: imageRule(
    "image-identity-mismatch",
    "The image was signed by someone else",
    "A signature verifies, but its certificate identity, OIDC issuer, GitHub claims or key are not the ones the policy trusts.",
    "Check that the policy names the workflow that signs releases (identity, issuer, repository, ref, trigger) or the right public key; if it does, the image did not come from that workflow.",
  ),
  DIGEST_MISMATCH: imageRule(
    "image-digest-mismatch",
    "The signature is for another image",
    "A valid signature was found, but what it signs is not this image's digest: it was copied from another image or the tag now points elsewhere.",
    "Sign and deploy by digest; re-sign the image that is actually deployed.",
  ),
  CRYPTO_FAILURE: imageRule(
    "image-signature-invalid",
    "The signature does not verify",
    "The signature, certificate chain, transparency-log proof or timestamp failed cryptographic verification: the signature or the image was altered, or the signature lacks the proof the policy requires.",
    "Re-sign the image. A key-based signature made without the transparency log only verifies when the tlog check is explicitly skipped.",
  ),
  UNTRUSTED_ROOT: imageRule(
    "image-untrusted-root",
    "The signer does not chain to a trusted root",
    "The signing certificate or the trusted root itself could not be trusted: a certificate from another Sigstore instance, or a damaged or missing trusted root.",
    "Give the trusted root of the Sigstore deployment that signed (trusted_root.json), or sign with public-good Sigstore.",
  ),
  MISSING_ATTESTATION: imageRule(
    "image-attestation-missing",
    "A required attestation is missing",
    "The image is signed, but no verified attestation of a predicate type the policy requires (such as SLSA provenance) is stored for it.",
    "Attest the image in its release job (the sign-image action's provenance or attestations inputs, or `bulwark attest`).",
  ),
  UNVERIFIABLE: imageRule(
    "image-unverifiable",
    "The image could not be checked",
    "The registry (or image layout) could not be read: the image does not exist, access was refused, or the registry failed or was too slow.",
    "Check the reference and that the job has read access to the registry; the message gives the registry's answer.",
  ),
};

/** The SARIF report of a verification: one finding per image that failed, where `locate` puts it. */
export function verificationReport(
  outcomes: readonly ImageOutcome[],
  locate: (image: string) => Location,
): Report {
  const findings: Finding[] = outcomes.flatMap((outcome) => {
    if (outcome.status === "verified") return [];
    const rule = IMAGE_RULES[outcome.code];
    const location = locate(outcome.image);
    return [
      {
        ruleId: rule.id,
        severity: rule.severity,
        message: `${outcome.image}: ${FAILURE_LABELS[outcome.code]}: ${outcome.reason}`,
        location,
        fingerprint: fingerprintOf([rule.id, location.path, outcome.image]),
      },
    ];
  });
  return {
    tool: TOOL,
    category: IMAGE_VERIFICATION_CATEGORY,
    findings,
    rules: Object.values(IMAGE_RULES),
    notes: [],
  };
}

/**
 * The job-summary table: one row per image with its digest and who signed it, or why it failed.
 * Every cell is escaped (image names and messages can come from a pull request); rows that do not
 * fit in `maxBytes` are counted instead.
 */
export function verificationMarkdown(outcomes: readonly ImageOutcome[], maxBytes: number): string {
  const failed = outcomes.filter((o) => o.status === "failed").length;
  const head = `### ${failed > 0 ? "❌" : "✅"} Bulwark image verification\n\n**${plural(outcomes.length - failed, "image")} verified, ${failed} failed**\n\n| Image | Result | Digest | Signed by or reason |\n| --- | --- | --- | --- |\n`;
  const rows = outcomes.map((o) =>
    o.status === "verified"
      ? row(o.image, "✅ verified", o.digest, signers(o))
      : row(o.image, `❌ ${FAILURE_LABELS[o.code]}`, "", o.reason),
  );
  const whole = `${head}${rows.join("")}\n`;
  if (utf8Length(whole) <= maxBytes) return whole;
  let text = head;
  for (const [i, line] of rows.entries()) {
    const rest = `\n> **Not shown:** ${plural(rows.length - i, "image")}, to keep the summary within its size limit.\n`;
    if (utf8Length(text + line + rest) > maxBytes) return truncateUtf8(text + rest, maxBytes);
    text += line;
  }
  return whole;
}

function signers(outcome: Extract<ImageOutcome, { status: "verified" }>): string {
  const who = new Set(
    [...outcome.signatures, ...outcome.attestations].map((s) =>
      s.identity ? `${s.identity} (${s.issuer ?? "unknown issuer"})` : "the given key",
    ),
  );
  const attested = outcome.attestations.map((a) => a.predicateType).filter(Boolean);
  return (
    [...who].join(", ") + (attested.length > 0 ? `; attested: ${[...new Set(attested)].join(", ")}` : "")
  );
}

function row(...cells: string[]): string {
  return `| ${cells.map((cell) => escapeMarkdown(cell)).join(" | ")} |\n`;
}

/**
 * Where a workflow's image findings point: the line of the workflow file that names the image, or
 * the file's first line (images often come from an expression). GitHub names the workflow in
 * `GITHUB_WORKFLOW_REF` as `owner/repo/.github/workflows/x.yml@ref`.
 */
export function workflowLocator(
  workflowRef: string | undefined,
  workspace: string,
): (image: string) => Location {
  const path = /^[^/]+\/[^/]+\/(.+)@[^@]*$/.exec(workflowRef ?? "")?.[1];
  if (!path)
    return () => ({ path: ".github/workflows", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  let lines: string[] = [];
  try {
    lines = readFileSync(join(workspace, path), "utf8").split(/\r?\n/);
  } catch {
    // Not checked out: the findings still name the workflow.
  }
  return (image) => {
    const index = lines.findIndex((line) => line.includes(image));
    if (index < 0) return { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    const column = lines[index]!.indexOf(image) + 1;
    return {
      path,
      startLine: index + 1,
      startColumn: column,
      endLine: index + 1,
      endColumn: column + image.length,
    };
  };
}

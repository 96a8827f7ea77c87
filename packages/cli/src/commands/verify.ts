import { IMAGE_FAILURE_LABELS } from "@bulwark/core";
import {
  commandRegistryClient,
  outputFormat,
  REGISTRY_OPTIONS,
  REGISTRY_USAGE,
  reportingServiceErrors,
  requireImages,
  VERIFY_POLICY_OPTIONS,
  verifyPolicy,
} from "../signing/command-options.js";
import { predicateType } from "../signing/predicate-types.js";
import { type ImageOutcome, verifyImagesWithPolicy } from "../signing/verify-images.js";
import { type CliIo, type Command, EXIT, stringOption, terminalLogger } from "./command.js";

export const verifyCommand: Command = {
  name: "verify",
  summary: "verify container image signatures and attestations",
  usage: `Usage: bulwark verify [options] <image...>

Verifies each image's signatures in every format cosign stores (sigstore bundle referrers and the
legacy .sig/.att tags) against a signer policy, and the attestations --attestation-type requires.
Exit status: 0 every image verified, 1 a verification failed (the reason says which: no signature,
identity mismatch, digest mismatch, invalid signature, untrusted root, missing attestation),
2 a usage error, 3 an image that could not be read.

Signer policy (a key, or a keyless identity and issuer):
  --key <file>                                 PEM public key of key-based signatures
  --certificate-identity <text>                the certificate identity, exactly
  --certificate-identity-regexp <pattern>      ... or a pattern the whole identity must match
  --certificate-oidc-issuer <url>              the OIDC issuer, exactly
  --certificate-oidc-issuer-regexp <pattern>   ... or a pattern the whole issuer must match
  --certificate-github-workflow-repository <owner/repo>
  --certificate-github-workflow-ref <ref>
  --certificate-github-workflow-trigger <event>
  --certificate-github-workflow-sha <sha>
  --certificate-github-workflow-name <name>    GitHub claims the certificate must carry, exactly

Options:
  --attestation-type <type>      require a verified attestation of this predicate type (a URI or
                                 a cosign name such as slsaprovenance1); repeatable
  --trusted-root <file>          a trusted_root.json (private Sigstore); default: public-good
                                 Sigstore through TUF, falling back to the embedded root
  --offline                      use the embedded public-good root without asking TUF
  --insecure-ignore-tlog         accept signatures without a transparency-log entry or timestamp
                                 (those made with --tlog-upload=false)
  --output json                  print the results as JSON
${REGISTRY_USAGE}`,
  options: {
    ...VERIFY_POLICY_OPTIONS,
    ...REGISTRY_OPTIONS,
    "attestation-type": { type: "string", multiple: true },
    "trusted-root": { type: "string" },
    offline: { type: "boolean" },
    "insecure-ignore-tlog": { type: "boolean" },
    output: { type: "string" },
  },
  async run(values, positionals, io) {
    const images = requireImages(positionals, "verify");
    const output = outputFormat(values);
    const signer = await verifyPolicy(values, io);
    const required = ((values["attestation-type"] as string[] | undefined) ?? []).map(predicateType);
    const rootFile = stringOption(values, "trusted-root");
    const logger = terminalLogger(io);
    const client = await commandRegistryClient(values, io);
    return reportingServiceErrors(io, async () => {
      const outcomes = await verifyImagesWithPolicy({
        images,
        signer,
        trust: {
          ...(rootFile ? { file: rootFile } : {}),
          cwd: io.cwd,
          offline: values.offline === true,
          logger,
        },
        ignoreTlog: values["insecure-ignore-tlog"] === true,
        requiredAttestations: required,
        client,
        logger,
      });
      return report(outcomes, output, io);
    });
  },
};

/** Prints the outcomes; the exit status is 1 for a failed verification, else 3 for an unreadable image. */
function report(outcomes: readonly ImageOutcome[], output: "text" | "json", io: CliIo): number {
  if (output === "json") {
    const verified = outcomes.filter((o) => o.status === "verified").length;
    io.stdout(
      `${JSON.stringify({ verified, failed: outcomes.length - verified, images: outcomes }, null, 2)}\n`,
    );
  } else {
    for (const o of outcomes) {
      if (o.status === "failed") {
        io.stdout(`FAILED ${o.image}: ${IMAGE_FAILURE_LABELS[o.code]}: ${o.reason}\n`);
        continue;
      }
      const signers = [
        ...new Set(o.signatures.map((s) => (s.identity ? `${s.identity} (issuer ${s.issuer})` : "the key"))),
      ];
      const formats = [...new Set(o.signatures.map((s) => s.format))];
      const attested = o.attestations.map((a) => a.predicateType).filter((t, i, all) => all.indexOf(t) === i);
      io.stdout(
        `verified ${o.image} (${o.digest}): ${o.signatures.length} signature(s) [${formats.join(", ")}] by ${signers.join(", ")}${attested.length > 0 ? `; attested: ${attested.join(", ")}` : ""}\n`,
      );
    }
  }
  const failed = outcomes.filter((o) => o.status === "failed");
  if (failed.some((o) => o.code !== "UNVERIFIABLE")) return EXIT.findings;
  return failed.length > 0 ? EXIT.internal : EXIT.ok;
}

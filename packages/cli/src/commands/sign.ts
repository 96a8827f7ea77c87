import {
  bundleDirectory,
  commandRegistryClient,
  outputFormat,
  printSigned,
  REGISTRY_OPTIONS,
  REGISTRY_USAGE,
  reportingServiceErrors,
  requireImages,
  SIGNING_OPTIONS,
  SIGNING_USAGE,
  signingSettings,
  storageFormat,
} from "../signing/command-options.js";
import { signingMethod } from "../signing/method.js";
import { signImages } from "../signing/sign-images.js";
import type { Command } from "./command.js";
import { EXIT, terminalLogger } from "./command.js";

export const signCommand: Command = {
  name: "sign",
  summary: "sign container images the way cosign does",
  usage: `Usage: bulwark sign [options] <image...>

Signs each image as \`cosign sign\` does. An image is registry/repo:tag, registry/repo@sha256:...
or oci-layout:<dir>[:tag]; a tag is resolved to its digest first and the digest is signed.
Keyless (Fulcio and Rekor) by default when an OIDC token is available, else give --key.

Options:
${SIGNING_USAGE}${REGISTRY_USAGE}`,
  options: { ...SIGNING_OPTIONS, ...REGISTRY_OPTIONS },
  async run(values, positionals, io) {
    const images = requireImages(positionals, "sign");
    const output = outputFormat(values);
    const format = storageFormat(values);
    const method = signingMethod(await signingSettings(values, io));
    const client = await commandRegistryClient(values, io);
    return reportingServiceErrors(io, async () => {
      const signed = await signImages({
        images,
        method,
        format,
        sign: true,
        attestations: [],
        client,
        ...bundleDirectory(values, io),
        logger: terminalLogger(io),
      });
      printSigned(signed, output, io);
      return EXIT.ok;
    });
  },
};

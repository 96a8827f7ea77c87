import { resolve } from "node:path";
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
import { readPredicate } from "../signing/predicate.js";
import { predicateType } from "../signing/predicate-types.js";
import { signImages } from "../signing/sign-images.js";
import { type Command, EXIT, stringOption, terminalLogger, UsageError } from "./command.js";

export const attestCommand: Command = {
  name: "attest",
  summary: "attest an in-toto predicate about container images",
  usage: `Usage: bulwark attest --predicate <file> --type <type> [options] <image...>

Signs an in-toto statement with the predicate about each image, as \`cosign attest\` does, and
stores it beside the image. --type is a predicate type URI or one of cosign's names: slsaprovenance,
slsaprovenance02, slsaprovenance1, spdx, spdxjson, cyclonedx, link, vuln, openvex, custom.

Options:
  --predicate <file>             the predicate, a JSON document
  --type <type>                  its predicate type (default: custom)
${SIGNING_USAGE}${REGISTRY_USAGE}`,
  options: {
    ...SIGNING_OPTIONS,
    ...REGISTRY_OPTIONS,
    predicate: { type: "string" },
    type: { type: "string" },
  },
  async run(values, positionals, io) {
    const images = requireImages(positionals, "attest");
    const file = stringOption(values, "predicate");
    if (!file) throw new UsageError("attest needs --predicate <file>");
    const output = outputFormat(values);
    const format = storageFormat(values);
    const type = predicateType(stringOption(values, "type") ?? "custom");
    const predicate = await readPredicate(resolve(io.cwd, file));
    const method = signingMethod(await signingSettings(values, io));
    const client = await commandRegistryClient(values, io);
    return reportingServiceErrors(io, async () => {
      const signed = await signImages({
        images,
        method,
        format,
        sign: false,
        attestations: [{ predicateType: type, predicate, source: file }],
        client,
        ...bundleDirectory(values, io),
        logger: terminalLogger(io),
      });
      printSigned(signed, output, io);
      return EXIT.ok;
    });
  },
};

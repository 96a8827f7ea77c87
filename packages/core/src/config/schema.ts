import { SECTIONS } from "./sections.js";
import type { JsonSchema } from "./spec.js";

/**
 * The JSON Schema of `.bulwark.yaml`, built from the same specs the parser reads with, so it lists
 * every rule id of this version. `scripts/write-schema.mjs` writes it to `schema/bulwark.schema.json`.
 */
export function configSchema(): JsonSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Bulwark configuration (.bulwark.yaml)",
    description:
      "Which policy applies to a repository's Kubernetes manifests and to the base images its Dockerfiles build on, and the documented exceptions to it. One file drives every Bulwark action and the CLI.",
    type: "object",
    properties: Object.fromEntries(SECTIONS.map((section) => [section.key, section.schema])),
    additionalProperties: false,
  };
}

import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import committed from "../../schema/bulwark.schema.json" with { type: "json" };
import { parseConfig } from "../../src/config/parse.js";
import { configSchema } from "../../src/config/schema.js";
import type { JsonSchema } from "../../src/config/spec.js";
import { DOCKERFILE_RULES } from "../../src/rules/base-image/check.js";
import { ALL_RULES } from "../../src/rules/registry.js";

const schema = configSchema();
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

describe("the published JSON Schema", () => {
  it("is the committed file, so it cannot go stale", () => {
    expect(
      JSON.stringify(committed, null, 2),
      "schema/bulwark.schema.json is stale: run `pnpm --filter @bulwark/core schema`",
    ).toBe(JSON.stringify(schema, null, 2));
  });

  it("names every rule, manifest and Dockerfile, in the rules map and in exemptions", () => {
    const ids = [...ALL_RULES, ...DOCKERFILE_RULES].map((rule) => rule.id);
    expect(Object.keys(schema.properties!.rules!.properties!)).toEqual(ids);
    expect(schema.properties!.exemptions!.items!.properties!.rules!.items!.enum).toEqual([...ids, "*"]);
  });

  it("describes every property and definition (the config reference is generated from it)", () => {
    const undescribed: string[] = [];
    const walk = (node: JsonSchema, where: string) => {
      for (const [key, child] of Object.entries({ ...node.properties, ...node.definitions })) {
        if (!child.description) undescribed.push(`${where}/${key}`);
        walk(child, `${where}/${key}`);
      }
      if (node.items) walk(node.items, `${where}[]`);
      for (const [i, alternative] of (node.anyOf ?? []).entries()) walk(alternative, `${where}|${i}`);
    };
    walk(schema, "");
    expect(undescribed).toEqual([]);
  });
});

/** Configs both the parser and the schema must accept. */
const valid: Record<string, string> = {
  empty: "{}",
  "empty sections": "rules: {}\nexemptions: []\npaths: {}\n",
  "profile and version": "profile: pss-baseline\npss-version: latest\n",
  "every rule setting form": `rules:
  pss-privileged: off
  invalid-yaml: note
  unsafe-yaml: {severity: warning}
`,
  "rule settings as booleans and objects": "rules:\n  pss-privileged: {enabled: true, severity: note}\n",
  "rule enabled by boolean": "rules:\n  pss-privileged: false\n",
  "paths and exemptions": `paths:
  include: ["**/*.yaml"]
  exclude: [vendor/**]
exemptions:
  - rules: ["*"]
    paths: [legacy/**]
    objects: [{kind: Deployment, name: "web-*"}, {namespace: kube-system}]
    reason: Legacy, being replaced.
    expires: 2030-01-31
`,
  "limits in bytes and units":
    "limits:\n  max-file-size: 1048576\n  max-expanded-nodes: 5000\n  max-depth: 40\n",
  "limits with a unit": "limits: {max-file-size: 64 MiB}\n",
  "empty base-images": "base-images: {}\n",
  "every base-images key": `base-images:
  allowed-sources:
    - registry: docker.io
      repositories: ["library/*"]
    - registry: ghcr.io
  max-age-days: 90
  allowed-builders: ["https://github.com/docker/buildkit/**"]
  attestations: {provenance: required}
  build-args: {NODE_VERSION: "22", EMPTY: ""}
  signers:
    - images: [ghcr.io/acme/**]
      identity: https://github.com/acme/base/.github/workflows/release.yml@refs/heads/main
      issuer: https://token.actions.githubusercontent.com
      github: {workflow-repository: acme/base, workflow-ref: refs/heads/main}
    - images: [docker.io/library/*]
      identity-regexp: .*@vendor\\.example
      issuer-regexp: https://.*\\.vendor\\.example
    - images: [registry.internal/**]
      key: keys/internal.pub
`,
  "Dockerfile rules in rules and exemptions": `rules: {base-image-not-pinned: off, dockerfile-invalid: warning}
exemptions: [{rules: [base-image-latest-tag], reason: r}]
`,
};

/** Configs both must reject. */
const invalid: Record<string, string> = {
  "unknown top-level key": "profiles: all\n",
  "unknown profile": "profile: strict\n",
  "unknown rule": "rules: {pss-privilegd: off}\n",
  "unknown rule setting": "rules: {pss-privileged: warn}\n",
  "input rule turned off": "rules: {invalid-yaml: off}\n",
  "input rule long form with enabled": "rules: {invalid-yaml: {enabled: false}}\n",
  "empty long form": "rules: {pss-privileged: {}}\n",
  "unknown key under paths": "paths: {includes: [a]}\n",
  "empty glob list": "paths: {exclude: []}\n",
  "exemption without reason": "exemptions: [{rules: [pss-privileged]}]\n",
  "exemption with an unknown rule": "exemptions: [{rules: [nope], reason: r}]\n",
  "exemption with an empty rules list": "exemptions: [{rules: [], reason: r}]\n",
  "exemption with a badly written date": "exemptions: [{rules: ['*'], reason: r, expires: 2030/01/31}]\n",
  "empty object selector": "exemptions: [{rules: ['*'], reason: r, objects: [{}]}]\n",
  "invalid PSS version": "pss-version: v2.0\n",
  "size with an unknown unit": "limits: {max-file-size: 10 parsecs}\n",
  "zero depth": "limits: {max-depth: 0}\n",
  "unknown base-images key": "base-images: {max-age: 3}\n",
  "zero max age": "base-images: {max-age-days: 0}\n",
  "registry with a path": "base-images: {allowed-sources: [{registry: docker.io/library}]}\n",
  "source without a registry": "base-images: {allowed-sources: [{repositories: [a/*]}]}\n",
  "unknown attestation requirement": "base-images: {attestations: {provenance: always}}\n",
  "build arg that is not a string": "base-images: {build-args: {TAG: 1.20}}\n",
  "signer without images": "base-images: {signers: [{key: k.pub}]}\n",
  "signer with neither identity nor key": "base-images: {signers: [{images: [ghcr.io/*]}]}\n",
  "identity without issuer": "base-images: {signers: [{images: [ghcr.io/*], identity: a}]}\n",
  "issuer without identity": "base-images: {signers: [{images: [ghcr.io/*], issuer-regexp: a}]}\n",
  "identity in both forms":
    "base-images: {signers: [{images: [ghcr.io/*], identity: a, identity-regexp: a, issuer: b}]}\n",
  "issuer in both forms":
    "base-images: {signers: [{images: [ghcr.io/*], identity: a, issuer: b, issuer-regexp: b}]}\n",
  "key with an identity":
    "base-images: {signers: [{images: [ghcr.io/*], key: k.pub, identity: a, issuer: b}]}\n",
  "key with GitHub claims":
    "base-images: {signers: [{images: [ghcr.io/*], key: k.pub, github: {workflow-ref: r}}]}\n",
  "unknown GitHub claim":
    "base-images: {signers: [{images: [ghcr.io/*], identity: a, issuer: b, github: {ref: r}}]}\n",
  "Dockerfile input rule turned off": "rules: {dockerfile-invalid: off}\n",
};

describe("parser and schema agree", () => {
  it.each(Object.entries(valid))("both accept: %s", (_name, text) => {
    expect(() => parseConfig(text, ".bulwark.yaml")).not.toThrow();
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(Object.entries(invalid))("both reject: %s", (_name, text) => {
    expect(() => parseConfig(text, ".bulwark.yaml")).toThrow();
    expect(validate(parse(text))).toBe(false);
  });
});

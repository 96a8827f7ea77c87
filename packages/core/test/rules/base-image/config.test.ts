// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${...} for its own variables.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/parse.js";
import { parseImageReference } from "../../../src/images/reference.js";
import { baseImageTargets, checkDockerfiles, signersFor } from "../../../src/rules/base-image/index.js";
import { DIGEST_A, facts, factsMap, NOW } from "./helpers.js";

/** The findings of a Dockerfile checked with the config parsed from `yaml`, as the adapters do. */
function findingsWith(
  yaml: string,
  dockerfile: string,
  online = factsMap(),
  buildArgs?: Record<string, string>,
) {
  const config = parseConfig(yaml, ".bulwark.yaml");
  const files = [{ path: "app/Dockerfile", text: dockerfile }];
  return checkDockerfiles(files, config, online, { now: NOW, ...(buildArgs ? { buildArgs } : {}) }).findings;
}

const summary = (findings: ReturnType<typeof findingsWith>, ruleId: string) =>
  findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.severity} ${f.message}`);

describe("checkDockerfiles takes the parsed .bulwark.yaml as it is", () => {
  it("applies the allow-list", () => {
    const yaml = "base-images:\n  allowed-sources:\n    - {registry: ghcr.io, repositories: [acme/**]}\n";
    const dockerfile = "FROM ghcr.io/acme/base:1\nFROM nginx:1.27\n";
    expect(findingsWith(yaml, dockerfile).filter((f) => f.ruleId === "base-image-not-allowed")).toHaveLength(
      1,
    );
    expect(findingsWith("{}", dockerfile).some((f) => f.ruleId === "base-image-not-allowed")).toBe(false);
  });

  it("measures age against max-age-days", () => {
    const old = factsMap(
      facts("docker.io/library/nginx:1.27", { created: { time: "2025-03-01T00:00:00Z", source: "config" } }),
    );
    const dockerfile = "FROM nginx:1.27\n";
    expect(
      summary(findingsWith("base-images: {max-age-days: 30}\n", dockerfile, old), "base-image-too-old"),
    ).toEqual([
      "warning nginx:1.27 was built 106 days ago (2025-03-01, from its config); the policy allows 30.",
    ]);
    expect(summary(findingsWith("{}", dockerfile, old), "base-image-too-old")).toEqual([]);
  });

  it("switches rules off and changes their severity from rules:", () => {
    const dockerfile = "FROM nginx\n";
    const rules = (yaml: string) => findingsWith(yaml, dockerfile).map((f) => `${f.ruleId} ${f.severity}`);
    expect(rules("{}")).toContain("base-image-not-pinned warning");
    expect(rules("rules: {base-image-not-pinned: off}\n")).not.toContain("base-image-not-pinned warning");
    expect(rules("rules: {base-image-latest-tag: error}\n")).toContain("base-image-latest-tag error");
  });

  it("suppresses findings an exemption matches", () => {
    const yaml = `exemptions:
  - rules: [base-image-latest-tag]
    paths: [app/**]
    reason: Tracks upstream on purpose.
    expires: 2030-01-01
`;
    const latest = findingsWith(yaml, "FROM nginx\n").find((f) => f.ruleId === "base-image-latest-tag");
    expect(latest?.suppressed).toEqual({
      kind: "config",
      reason: "Tracks upstream on purpose.",
      expires: "2030-01-01",
    });
  });

  it("reports an expired exemption at its line in .bulwark.yaml, and stops applying it", () => {
    const yaml = `exemptions:
  - rules: [base-image-latest-tag]
    reason: Tracks upstream on purpose.
    expires: 2020-01-01
`;
    const findings = findingsWith(yaml, "FROM nginx\n");
    const expired = findings.filter((f) => f.ruleId === "expired-exemption");
    expect(expired.map((f) => [f.location.path, f.location.startLine, f.severity])).toEqual([
      [".bulwark.yaml", 2, "warning"],
    ]);
    expect(findings.find((f) => f.ruleId === "base-image-latest-tag")?.suppressed).toBeUndefined();
  });

  it("keeps the input rule on even when a hand-built config switches it off", () => {
    const config = { rules: { "dockerfile-invalid": { enabled: false } }, exemptions: [] };
    const result = checkDockerfiles([{ path: "Dockerfile", text: "RUN true\n" }], config, undefined, {
      now: NOW,
    });
    expect(result.findings.map((f) => f.ruleId)).toContain("dockerfile-invalid");
  });
});

describe("build-args", () => {
  const dockerfile = "ARG TAG\nFROM nginx:${TAG}\n";
  const yaml = 'base-images:\n  build-args: {TAG: "1.27"}\n';

  it("resolves references with the configured values, and values given to the run win", () => {
    const config = parseConfig(yaml, ".bulwark.yaml");
    const files = [{ path: "Dockerfile", text: dockerfile }];
    const names = (...args: Parameters<typeof baseImageTargets>) =>
      baseImageTargets(...args).map((target) => target.name);
    expect(names(files, {}, config)).toEqual(["docker.io/library/nginx:1.27"]);
    expect(names(files, { buildArgs: { TAG: "1.28" } }, config)).toEqual(["docker.io/library/nginx:1.28"]);
    expect(names(files)).toEqual([]);
  });

  it("reaches the rules: a configured value leaves nothing unresolved", () => {
    expect(findingsWith(yaml, dockerfile).some((f) => f.ruleId === "base-image-unresolved")).toBe(false);
    expect(findingsWith("{}", dockerfile).some((f) => f.ruleId === "base-image-unresolved")).toBe(true);
    const models = checkDockerfiles(
      [{ path: "Dockerfile", text: dockerfile }],
      parseConfig(yaml, ".bulwark.yaml"),
      undefined,
      { now: NOW, buildArgs: { TAG: "1.28" } },
    ).dockerfiles;
    expect(models[0]?.images.map((use) => (use.status === "resolved" ? use.name : use.status))).toEqual([
      "docker.io/library/nginx:1.28",
    ]);
  });
});

describe("attestations.provenance", () => {
  const noProvenance = factsMap(facts("docker.io/library/nginx:1.27"));
  const run = (yaml: string) =>
    summary(findingsWith(yaml, "FROM nginx:1.27\n", noProvenance), "base-image-provenance-missing");

  it("makes a missing provenance an error when required, a note otherwise", () => {
    expect(run("base-images: {attestations: {provenance: required}}\n")).toEqual([
      "error nginx:1.27 has no SLSA provenance attestation, which the policy requires.",
    ]);
    expect(run("base-images: {attestations: {provenance: optional}}\n")).toEqual([
      "note nginx:1.27 has no SLSA provenance attestation.",
    ]);
    expect(run("{}")).toEqual(["note nginx:1.27 has no SLSA provenance attestation."]);
  });

  it("leaves the last word on severity to rules:", () => {
    const yaml =
      "base-images: {attestations: {provenance: required}}\nrules: {base-image-provenance-missing: warning}\n";
    expect(run(yaml)).toEqual([
      "warning nginx:1.27 has no SLSA provenance attestation, which the policy requires.",
    ]);
  });
});

describe("signersFor", () => {
  const policy = parseConfig(
    `base-images:
  signers:
    - images: [ghcr.io/acme/**]
      identity: https://github.com/acme/base/.github/workflows/release.yml@refs/heads/main
      issuer: https://token.actions.githubusercontent.com
    - images: [docker.io/library/*, ghcr.io/acme/tools/*]
      key: keys/vendor.pub
`,
    ".bulwark.yaml",
  ).baseImages;
  const kinds = (reference: string) => signersFor(policy, parseImageReference(reference)).map((s) => s.kind);

  it("gives every signer whose patterns match the normalised name, whatever the tag or digest", () => {
    expect(kinds("ghcr.io/acme/app:1.0")).toEqual(["identity"]);
    expect(kinds(`ghcr.io/acme/tools/lint@${DIGEST_A}`)).toEqual(["identity", "key"]);
    expect(kinds("nginx:1.27")).toEqual(["key"]);
  });

  it("gives none for an image the policy names no signer for", () => {
    expect(kinds("docker.io/bitnami/nginx:1.27")).toEqual([]);
    expect(kinds("quay.io/acme/app")).toEqual([]);
    expect(signersFor({}, parseImageReference("ghcr.io/acme/app"))).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import {
  type AttestationFacts,
  isPlaceholderTime,
  type SignatureFacts,
} from "../../../src/rules/base-image/index.js";
import { check, DIGEST_A, DIGEST_B, DIGEST_C, facts, factsMap, hits } from "./helpers.js";

const NGINX = "docker.io/library/nginx:1.27";

describe("base-image-unverifiable", () => {
  it("reports registry errors and images without facts, only online", () => {
    const text = "FROM nginx:1.27\nFROM alpine:3.20\n";
    const online = { facts: factsMap(facts(NGINX, { error: "registry unreachable: connection refused" })) };
    expect(hits(text, "base-image-unverifiable", online)).toEqual([
      "1:6 Could not check docker.io/library/nginx:1.27: registry unreachable: connection refused.",
      "2:6 Could not check docker.io/library/alpine:3.20: no registry facts were gathered for it.",
    ]);
    expect(hits(text, "base-image-unverifiable")).toEqual([]);
  });

  it("keeps the other registry rules quiet about an image whose facts failed", () => {
    const result = check(`FROM nginx:1.27@${DIGEST_A}\n`, {
      facts: factsMap(facts(`${NGINX}@${DIGEST_A}`, { error: "timeout", pinnedDigestExists: false })),
    });
    expect(result.findings.map((f) => f.ruleId)).toEqual(["dockerfile-root-user", "base-image-unverifiable"]);
  });
});

describe("base-image-digest-missing and base-image-stale-digest", () => {
  const pinned = `FROM nginx:1.27@${DIGEST_A}\n`;
  const key = `${NGINX}@${DIGEST_A}`;

  it("reports a pinned digest the registry does not have, with the tag's digest as the fix", () => {
    const result = check(pinned, {
      facts: factsMap(facts(key, { pinnedDigestExists: false, tagDigest: DIGEST_B })),
    });
    const finding = result.findings.find((f) => f.ruleId === "base-image-digest-missing");
    expect(finding?.message).toBe(`${DIGEST_A} is not in docker.io/library/nginx.`);
    expect(finding?.fix?.replacements).toEqual([
      { region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 88 }, text: `nginx:1.27@${DIGEST_B}` },
    ]);
  });

  it("reports a tag that moved on from the pin, with the new digest", () => {
    const result = check(pinned, {
      facts: factsMap(facts(key, { pinnedDigestExists: true, tagDigest: DIGEST_B })),
    });
    const finding = result.findings.find((f) => f.ruleId === "base-image-stale-digest");
    expect(finding?.message).toBe(
      `nginx:1.27 has moved on: it points at ${DIGEST_B} now, the pin is ${DIGEST_A}.`,
    );
    expect(finding?.fix?.replacements[0]?.text).toBe(`nginx:1.27@${DIGEST_B}`);
    expect(result.findings.some((f) => f.ruleId === "base-image-digest-missing")).toBe(false);
  });

  it("accepts a pin to the tag's index or to one of its platform manifests", () => {
    const current = { pinnedDigestExists: true, tagDigest: DIGEST_A };
    expect(hits(pinned, "base-image-stale-digest", { facts: factsMap(facts(key, current)) })).toEqual([]);
    const platform = { pinnedDigestExists: true, tagDigest: DIGEST_C, tagManifests: [DIGEST_B, DIGEST_A] };
    expect(hits(pinned, "base-image-stale-digest", { facts: factsMap(facts(key, platform)) })).toEqual([]);
  });

  it("has no tag to compare for a digest-only reference", () => {
    const text = `FROM nginx@${DIGEST_A}\n`;
    const map = factsMap(
      facts(`docker.io/library/nginx@${DIGEST_A}`, { pinnedDigestExists: true, tagDigest: DIGEST_B }),
    );
    expect(hits(text, "base-image-stale-digest", { facts: map })).toEqual([]);
  });
});

describe("base-image-too-old", () => {
  const text = "FROM nginx:1.27\n";
  const built = (time: string, source: "provenance" | "config" = "config") =>
    factsMap(facts(NGINX, { created: { time, source } }));

  it("compares the build time with the maximum age (180 days by default)", () => {
    expect(hits(text, "base-image-too-old", { facts: built("2024-06-15T12:00:00Z", "provenance") })).toEqual([
      "1:6 nginx:1.27 was built 365 days ago (2024-06-15, from its provenance); the policy allows 180.",
    ]);
    expect(hits(text, "base-image-too-old", { facts: built("2025-01-01T00:00:00Z") })).toEqual([]);
    const strict = { config: { baseImages: { maxAgeDays: 30 } }, facts: built("2025-04-01T00:00:00Z") };
    expect(hits(text, "base-image-too-old", strict)).toEqual([
      "1:6 nginx:1.27 was built 75 days ago (2025-04-01, from its config); the policy allows 30.",
    ]);
  });

  it.each([
    "1970-01-01T00:00:00Z",
    "1970-01-01T00:00:01Z",
    "0001-01-01T00:00:00Z",
    "1980-01-01T00:00:00Z",
    "garbage",
  ])("treats %s as unknown", (time) => {
    expect(isPlaceholderTime(time)).toBe(true);
    expect(hits(text, "base-image-too-old", { facts: built(time) })).toEqual([]);
  });
});

describe("provenance", () => {
  const text = "FROM nginx:1.27\n";
  const provenance = (builderId?: string) =>
    facts(NGINX, {
      attestations: [
        {
          form: "buildkit-annotation",
          digest: DIGEST_C,
          subject: DIGEST_B,
          predicateTypes: ["https://slsa.dev/provenance/v0.2", "https://spdx.dev/Document"],
        },
      ],
      provenance: { predicateType: "https://slsa.dev/provenance/v0.2", ...(builderId ? { builderId } : {}) },
    });

  it("notes an image without SLSA provenance (an SBOM alone is not provenance)", () => {
    const sbomOnly = facts(NGINX, {
      attestations: [
        { form: "oci-artifact", digest: DIGEST_C, predicateTypes: ["https://spdx.dev/Document"] },
      ],
    });
    expect(hits(text, "base-image-provenance-missing", { facts: factsMap(sbomOnly) })).toEqual([
      "1:6 nginx:1.27 has no SLSA provenance attestation.",
    ]);
    expect(hits(text, "base-image-provenance-missing", { facts: factsMap(provenance()) })).toEqual([]);
  });

  it("checks the builder id against the allowed builders, when the policy lists them", () => {
    const baseImages = {
      allowedBuilders: ["https://github.com/docker/buildkit/**", "https://github.com/acme/*"],
    };
    const run = (f = provenance()) =>
      hits(text, "base-image-builder-not-allowed", { config: { baseImages }, facts: factsMap(f) });
    expect(run(provenance("https://github.com/docker/buildkit/commit/abc"))).toEqual([]);
    expect(run(provenance("https://ci.example.com/builder"))).toEqual([
      "1:6 nginx:1.27 was built by https://ci.example.com/builder, which is not an allowed builder.",
    ]);
    expect(run(provenance())).toEqual([
      "1:6 nginx:1.27 has no readable SLSA builder id, and the policy allows only https://github.com/docker/buildkit/**, https://github.com/acme/*.",
    ]);
    expect(hits(text, "base-image-builder-not-allowed", { facts: factsMap(provenance("x")) })).toEqual([]);
  });
});

describe("signatures (the slot the verifier fills)", () => {
  const text = "FROM nginx:1.27\n";
  const signed = (signature?: SignatureFacts) => factsMap(facts(NGINX, signature ? { signature } : {}));

  it("reports unsigned and untrusted images, and nothing before verification ran", () => {
    expect(hits(text, "base-image-unsigned", { facts: signed({ status: "unsigned" }) })).toEqual([
      "1:6 nginx:1.27 is not signed.",
    ]);
    const untrusted = signed({
      status: "untrusted",
      identity: "https://github.com/evil/x/.github/workflows/r.yml@refs/heads/main",
      detail: "not a trusted identity for docker.io/library/*",
    });
    expect(hits(text, "base-image-signature-untrusted", { facts: untrusted })).toEqual([
      "1:6 nginx:1.27's signature is not trusted (signed by https://github.com/evil/x/.github/workflows/r.yml@refs/heads/main): not a trusted identity for docker.io/library/*.",
    ]);
    for (const status of [undefined, { status: "verified" as const }]) {
      const result = check(text, { facts: signed(status) });
      expect(result.findings.filter((f) => f.ruleId.includes("sign"))).toEqual([]);
    }
  });
});

describe("provenance from sigstore bundles stored as referrers", () => {
  const text = "FROM nginx:1.27\n";
  const SLSA_V1 = "https://slsa.dev/provenance/v1";
  const WORKFLOW = "https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main";
  const ISSUER = "https://token.actions.githubusercontent.com";
  const RUNNER = "https://github.com/actions/runner/github-hosted";
  const bundle = (verification: AttestationFacts["verification"]): AttestationFacts => ({
    form: "sigstore-bundle",
    digest: DIGEST_C,
    subject: DIGEST_B,
    predicateTypes: [SLSA_V1],
    ...(verification ? { verification } : {}),
  });
  const verified = facts(NGINX, {
    attestations: [bundle({ status: "verified", identity: WORKFLOW, issuer: ISSUER })],
    provenance: { predicateType: SLSA_V1, builderId: RUNNER, signer: { identity: WORKFLOW, issuer: ISSUER } },
  });
  const rejected = facts(NGINX, {
    attestations: [bundle({ status: "rejected", detail: "DSSE payload hash mismatch (TLOG_BODY_ERROR)" })],
  });

  it("counts a verified bundle as provenance, and never a rejected or unchecked one", () => {
    expect(hits(text, "base-image-provenance-missing", { facts: factsMap(verified) })).toEqual([]);
    const required = { config: { baseImages: { attestations: { provenance: "required" as const } } } };
    expect(hits(text, "base-image-provenance-missing", { ...required, facts: factsMap(rejected) })).toEqual([
      "1:6 nginx:1.27 has no SLSA provenance attestation, which the policy requires.",
    ]);
    const unchecked = facts(NGINX, { attestations: [bundle(undefined)] });
    expect(hits(text, "base-image-provenance-missing", { facts: factsMap(unchecked) })).toHaveLength(1);
  });

  it("matches the allowed builders against the verified signer, not the builder id it wrote", () => {
    const run = (allowedBuilders: string[]) =>
      hits(text, "base-image-builder-not-allowed", {
        config: { baseImages: { allowedBuilders } },
        facts: factsMap(verified),
      });
    expect(run(["https://github.com/acme/*/.github/workflows/release.yml@refs/heads/*"])).toEqual([]);
    expect(run([RUNNER])).toEqual([
      `1:6 nginx:1.27's provenance is signed by ${WORKFLOW}, which is not an allowed builder.`,
    ]);
  });

  it("reports rejected bundles and unlistable referrers with their reasons", () => {
    expect(hits(text, "base-image-attestation-rejected", { facts: factsMap(rejected) })).toEqual([
      `1:6 nginx:1.27 has attestations that were not counted: ${DIGEST_C}: DSSE payload hash mismatch (TLOG_BODY_ERROR).`,
    ]);
    const unlisted = facts(NGINX, {
      referrersError: "the tag sha256-ab is not an index, so it cannot list referrers",
    });
    expect(hits(text, "base-image-attestation-rejected", { facts: factsMap(unlisted) })).toEqual([
      "1:6 nginx:1.27 has attestations that were not counted: its referrers could not be listed: the tag sha256-ab is not an index, so it cannot list referrers.",
    ]);
    expect(hits(text, "base-image-attestation-rejected", { facts: factsMap(verified) })).toEqual([]);
  });

  it("surfaces who signed the provenance in the origin note", () => {
    expect(hits(text, "base-image-origin", { facts: factsMap(verified) })).toEqual([
      `1:6 nginx:1.27: provenance signed by ${WORKFLOW} (issuer ${ISSUER}).`,
    ]);
  });
});

describe("base-image-origin", () => {
  it("surfaces the OCI origin annotations as a note", () => {
    const annotations = {
      "org.opencontainers.image.base.name": "docker.io/library/debian:bookworm-slim",
      "org.opencontainers.image.source": "https://github.com/nginxinc/docker-nginx",
      "org.opencontainers.image.revision": "1a2b3c",
      "org.opencontainers.image.title": "ignored",
    };
    const result = check("FROM nginx:1.27\n", { facts: factsMap(facts(NGINX, { annotations })) });
    const origin = result.findings.filter((f) => f.ruleId === "base-image-origin");
    expect(origin.map((f) => [f.severity, f.message])).toEqual([
      [
        "note",
        "nginx:1.27: base.name=docker.io/library/debian:bookworm-slim, source=https://github.com/nginxinc/docker-nginx, revision=1a2b3c.",
      ],
    ]);
  });
});

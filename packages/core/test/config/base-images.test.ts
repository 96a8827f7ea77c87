import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { ConfigError } from "../../src/errors.js";

const PATH = ".bulwark.yaml";

const policyOf = (text: string) => parseConfig(text, PATH).baseImages;

function errorOf(text: string): string {
  try {
    parseConfig(text, PATH);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("base-images: valid sections", () => {
  it("maps every key onto the policy", () => {
    const text = `base-images:
  allowed-sources:
    - registry: docker.io
      repositories: ["library/*"]
    - registry: "*.dkr.ecr.*.amazonaws.com"
  max-age-days: 90
  allowed-builders: ["https://github.com/docker/buildkit/**"]
  attestations:
    provenance: required
  signers:
    - images: ["ghcr.io/acme/**"]
      identity-regexp: ^https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/tags/v.*$
      issuer: https://token.actions.githubusercontent.com
      github:
        workflow-repository: acme/base-images
        workflow-ref: refs/heads/main
        workflow-trigger: push
        workflow-sha: 0123456789abcdef0123456789abcdef01234567
        workflow-name: release
    - images: ["registry.acme.internal/**", "localhost:5000/*"]
      key: keys/base-images.pub
    - images: ["docker.io/library/*"]
      identity: release@vendor.example
      issuer-regexp: https://accounts\\.(google|vendor)\\.example
  build-args:
    NODE_VERSION: "22.11"
    EMPTY: ""
`;
    expect(policyOf(text)).toEqual({
      allowedSources: [
        { registry: "docker.io", repositories: ["library/*"] },
        { registry: "*.dkr.ecr.*.amazonaws.com" },
      ],
      maxAgeDays: 90,
      allowedBuilders: ["https://github.com/docker/buildkit/**"],
      attestations: { provenance: "required" },
      signers: [
        {
          kind: "identity",
          images: ["ghcr.io/acme/**"],
          identity: {
            regexp: "^https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/tags/v.*$",
          },
          issuer: "https://token.actions.githubusercontent.com",
          claims: {
            githubWorkflowRepository: "acme/base-images",
            githubWorkflowRef: "refs/heads/main",
            githubWorkflowTrigger: "push",
            githubWorkflowSha: "0123456789abcdef0123456789abcdef01234567",
            githubWorkflowName: "release",
          },
        },
        {
          kind: "key",
          images: ["registry.acme.internal/**", "localhost:5000/*"],
          key: "keys/base-images.pub",
        },
        {
          kind: "identity",
          images: ["docker.io/library/*"],
          identity: "release@vendor.example",
          issuer: { regexp: "https://accounts\\.(google|vendor)\\.example" },
        },
      ],
      buildArgs: { NODE_VERSION: "22.11", EMPTY: "" },
    });
  });

  it("is an empty policy when absent or empty, and optional attestations stay as written", () => {
    expect(policyOf("profile: all\n")).toEqual({});
    expect(policyOf("base-images: {}\n")).toEqual({});
    expect(policyOf("base-images:\n  attestations: {provenance: optional}\n")).toEqual({
      attestations: { provenance: "optional" },
    });
  });

  it("accepts every image pattern form that can match a normalised name", () => {
    const patterns = [
      "**",
      "*/acme/**",
      "ghcr.io/acme/app",
      "localhost:5000/app",
      "{ghcr.io,quay.io}/acme/*",
    ];
    const text = `base-images:\n  signers:\n    - images: ${JSON.stringify(patterns)}\n      key: k.pub\n`;
    expect(policyOf(text).signers?.[0]?.images).toEqual(patterns);
  });

  it("lets rules and exemptions name the Dockerfile rules", () => {
    const config = parseConfig(
      `rules:
  base-image-not-pinned: off
  base-image-origin: warning
  dockerfile-invalid: warning
exemptions:
  - rules: [base-image-latest-tag, dockerfile-root-user]
    paths: [legacy/**]
    reason: Frozen images.
`,
      PATH,
    );
    expect(config.rules).toEqual({
      "base-image-not-pinned": { enabled: false },
      "base-image-origin": { enabled: true, severity: "warning" },
      "dockerfile-invalid": { severity: "warning" },
    });
    expect(config.exemptions[0]?.rules).toEqual(["base-image-latest-tag", "dockerfile-root-user"]);
  });
});

describe("base-images: mistakes are ConfigErrors at their line and column", () => {
  const signer = (lines: string) => `base-images:\n  signers:\n    - images: [ghcr.io/acme/*]\n${lines}`;
  const cases: [string, string, string][] = [
    [
      "an unknown key",
      "base-images:\n  max-age: 30\n",
      '2:3: unknown key "max-age" in base-images; did you mean "max-age-days"?',
    ],
    [
      "a zero maximum age",
      "base-images:\n  max-age-days: 0\n",
      "2:17: base-images.max-age-days: expected a whole number of at least 1, found number 0",
    ],
    [
      "a registry written with a path",
      "base-images:\n  allowed-sources:\n    - registry: docker.io/library\n",
      '3:17: base-images.allowed-sources[0].registry: "docker.io/library" is not a registry host; put the path under repositories, e.g. registry: docker.io, repositories: [library]',
    ],
    [
      "a source without a registry",
      "base-images:\n  allowed-sources:\n    - repositories: [acme/*]\n",
      '3:7: base-images.allowed-sources[0]: missing required key "registry": A glob on the registry host (with its port, if any): `ghcr.io`, `*.dkr.ecr.*.amazonaws.com`, `localhost:5000`. Docker Hub is `docker.io`.',
    ],
    [
      "a repository glob with a tag",
      "base-images:\n  allowed-sources:\n    - registry: docker.io\n      repositories: [library/nginx:1.27]\n",
      '4:22: base-images.allowed-sources[0].repositories[0]: "library/nginx:1.27" names a tag or digest; repository globs match the name without them, e.g. library/nginx',
    ],
    [
      "an unknown attestation requirement",
      "base-images:\n  attestations:\n    provenance: require\n",
      '3:17: base-images.attestations.provenance: unknown requirement "require"; did you mean "required"?',
    ],
    [
      "an unknown attestation kind",
      "base-images:\n  attestations:\n    sbom: required\n",
      '3:5: unknown key "sbom" in base-images.attestations; valid keys: provenance',
    ],
    [
      "an unquoted number as a build arg",
      "base-images:\n  build-args:\n    NODE_VERSION: 22.10\n",
      '3:19: base-images.build-args.NODE_VERSION: expected a string, found number 22.1; quote it: "22.10"',
    ],
    [
      "an empty build arg value",
      "base-images:\n  build-args:\n    TAG:\n",
      "3:9: base-images.build-args.TAG: expected a string, found nothing",
    ],
    [
      "build args as a list",
      "base-images:\n  build-args: [TAG=1]\n",
      "2:15: base-images.build-args: expected a mapping, found a list",
    ],
    [
      "a signer without images",
      "base-images:\n  signers:\n    - key: k.pub\n",
      '3:7: base-images.signers[0]: missing required key "images": The images this signer vouches for, as globs on their normalised names.',
    ],
    [
      "a signer with neither identity nor key",
      signer(""),
      "3:7: base-images.signers[0]: give identity or identity-regexp and issuer or issuer-regexp for keyless signatures, or key for a public key",
    ],
    [
      "an identity without an issuer",
      signer("      identity: https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main\n"),
      "3:7: base-images.signers[0]: give issuer or issuer-regexp too: the OIDC issuer of the identity, e.g. https://token.actions.githubusercontent.com",
    ],
    [
      "an issuer without an identity",
      signer("      issuer: https://token.actions.githubusercontent.com\n"),
      "3:7: base-images.signers[0]: give identity or identity-regexp too: the certificate identity a keyless signature must have",
    ],
    [
      "GitHub claims alone",
      signer("      github: {workflow-repository: acme/app}\n"),
      "3:7: base-images.signers[0]: give identity or identity-regexp too: the certificate identity a keyless signature must have",
    ],
    [
      "identity in both forms",
      signer(
        "      identity: a@b.example\n      identity-regexp: .*@b\\.example\n      issuer: https://b.example\n",
      ),
      "5:7: base-images.signers[0]: give identity or identity-regexp, not both",
    ],
    [
      "issuer in both forms",
      signer(
        "      identity: a@b.example\n      issuer: https://b.example\n      issuer-regexp: https://.*\n",
      ),
      "6:7: base-images.signers[0]: give issuer or issuer-regexp, not both",
    ],
    [
      "a key together with a keyless identity",
      signer("      key: k.pub\n      issuer: https://token.actions.githubusercontent.com\n"),
      '5:7: base-images.signers[0]: "issuer" is for keyless signatures and this entry has a key; give each kind of signer its own entry',
    ],
    [
      "a key together with GitHub claims",
      signer("      github: {workflow-ref: refs/heads/main}\n      key: k.pub\n"),
      '4:7: base-images.signers[0]: "github" is for keyless signatures and this entry has a key; give each kind of signer its own entry',
    ],
    [
      "a key URI",
      signer("      key: awskms:///alias/base-images\n"),
      '4:12: base-images.signers[0].key: "awskms:///alias/base-images" is a key URI; only public key files are supported, so give the path of a PEM public key',
    ],
    [
      "an invalid identity pattern",
      signer(
        "      identity-regexp: https://github.com/(acme\n      issuer: https://token.actions.githubusercontent.com\n",
      ),
      '4:24: base-images.signers[0].identity-regexp: "https://github.com/(acme" is not a valid regular expression: Unterminated group',
    ],
    [
      "a pattern only valid without the u flag",
      signer("      identity: a\n      issuer-regexp: https://\\-x\n"),
      '5:22: base-images.signers[0].issuer-regexp: "https://\\-x" is not a valid regular expression: Invalid escape',
    ],
    [
      "an unknown GitHub claim",
      signer("      identity: a\n      issuer: b\n      github: {repository: acme/app}\n"),
      '6:16: unknown key "repository" in base-images.signers[0].github; did you mean "workflow-repository"?',
    ],
    [
      "empty GitHub claims",
      signer("      identity: a\n      issuer: b\n      github: {}\n"),
      "6:15: base-images.signers[0].github: give at least one of workflow-repository, workflow-ref, workflow-trigger, workflow-sha, workflow-name",
    ],
    [
      "an image pattern without a registry",
      "base-images:\n  signers:\n    - images: [nginx]\n      key: k.pub\n",
      '3:16: base-images.signers[0].images[0]: "nginx" does not start with a registry; patterns match normalised names, e.g. docker.io/library/nginx for Docker Hub',
    ],
    [
      "a Docker Hub user's image without the registry",
      "base-images:\n  signers:\n    - images: [acme/*]\n      key: k.pub\n",
      '3:16: base-images.signers[0].images[0]: "acme/*" does not start with a registry; patterns match normalised names, e.g. docker.io/acme/* for Docker Hub',
    ],
    [
      "an image pattern that is only a registry",
      "base-images:\n  signers:\n    - images: [ghcr.io]\n      key: k.pub\n",
      '3:16: base-images.signers[0].images[0]: "ghcr.io" names no repository; patterns match registry/repository, e.g. ghcr.io/**',
    ],
    [
      "an image pattern with a digest",
      `base-images:\n  signers:\n    - images: ["ghcr.io/acme/app@sha256:${"a".repeat(64)}"]\n      key: k.pub\n`,
      `3:16: base-images.signers[0].images[0]: "ghcr.io/acme/app@sha256:${"a".repeat(64)}" names a tag or digest; image patterns match the name without them, e.g. ghcr.io/acme/app`,
    ],
    [
      "an image pattern with a tag, on a registry with a port",
      "base-images:\n  signers:\n    - images: [localhost:5000/app:1]\n      key: k.pub\n",
      '3:16: base-images.signers[0].images[0]: "localhost:5000/app:1" names a tag or digest; image patterns match the name without them, e.g. localhost:5000/app',
    ],
    [
      "signers as a mapping",
      "base-images:\n  signers:\n    images: [ghcr.io/*]\n",
      "3:5: base-images.signers: expected a non-empty list, found a mapping",
    ],
  ];

  it.each(cases)("%s", (_name, text, message) => {
    expect(errorOf(text)).toBe(`${PATH}:${message}`);
  });
});

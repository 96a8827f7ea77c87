import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import {
  BundleVerifier,
  embeddedTrustedRoot,
  isVerificationFailure,
  parseBundle,
  type SignerPolicy,
  trustedRootFromJSON,
  verifyArtifactBundle,
} from "../src/index.js";
import { CONFORMANCE, present } from "./support/testdata.js";

const DEFAULT_IDENTITY =
  "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
const DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";

const optional = (dir: string, file: string): string | undefined =>
  existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : undefined;

/** Verifies one case as its README says; `policy` replaces the case's own identity policy. */
function verifyCase(name: string, policy?: SignerPolicy) {
  const dir = join(CASES, name);
  const key = optional(dir, "key.pub");
  const signer: SignerPolicy =
    policy ??
    (key
      ? { kind: "key", publicKey: key }
      : {
          kind: "identity",
          identity: optional(dir, "identity")?.trim() ?? DEFAULT_IDENTITY,
          issuer: optional(dir, "issuer")?.trim() ?? DEFAULT_ISSUER,
        });
  const root = optional(dir, "trusted_root.json");
  const trustedRoot = root ? trustedRootFromJSON(root) : embeddedTrustedRoot();
  const artifact = readFileSync(
    existsSync(join(dir, "artifact")) ? join(dir, "artifact") : join(CASES, "../a.txt"),
  );
  const bundle = parseBundle(readFileSync(join(dir, "bundle.sigstore.json")));
  return verifyArtifactBundle(new BundleVerifier({ trustedRoot, signer }), bundle, artifact);
}

const CASES = CONFORMANCE;
const found = present(CASES);

describe.skipIf(!found)("sigstore-conformance bundle-verify", () => {
  const names = found
    ? readdirSync(CASES, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];

  it("has the cases the README describes", () => {
    expect(names.length).toBeGreaterThan(50);
  });

  for (const name of names.filter((n) => n.endsWith("_fail"))) {
    it(`rejects ${name}`, () => {
      let failure: unknown;
      try {
        verifyCase(name);
      } catch (error) {
        failure = error;
      }
      // A malformed key or root is the user's mistake (ConfigError); anything else must say why it failed.
      expect(isVerificationFailure(failure) || failure instanceof ConfigError, String(failure)).toBe(true);
    });
  }
  for (const name of names.filter((n) => !n.endsWith("_fail"))) {
    it(`accepts ${name}`, () => {
      expect(() => verifyCase(name)).not.toThrow();
    });
  }
});

/** The reason a verification failed, or "verified". */
function outcome(run: () => unknown): string {
  try {
    run();
    return "verified";
  } catch (error) {
    return isVerificationFailure(error) ? error.code : String(error);
  }
}

describe.skipIf(!found)("failure codes on conformance cases", () => {
  it.each([
    ["message-digest-mismatch_fail", "DIGEST_MISMATCH"],
    ["wrong-material_fail", "DIGEST_MISMATCH"],
    ["managed-key-no-key_fail", "IDENTITY_MISMATCH"],
    ["bundle-from-wrong-instance_fail", "UNTRUSTED_ROOT"],
    ["bundle-with-root-cert_fail", "UNTRUSTED_ROOT"],
    ["trust-root-tlog-missing-validity-start_fail", "UNTRUSTED_ROOT"],
    ["signature-mismatch_fail", "CRYPTO_FAILURE"],
    ["set-invalid-signature_fail", "CRYPTO_FAILURE"],
  ])("%s fails with %s", (name, code) => {
    expect(outcome(() => verifyCase(name))).toBe(code);
  });
});

describe.skipIf(!found)("identity policy on a GitHub Actions certificate (happy-path-v0.3)", () => {
  const WORKFLOW = DEFAULT_IDENTITY;
  const REPO = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon";
  const check = (policy: Omit<Extract<SignerPolicy, { kind: "identity" }>, "kind">) =>
    outcome(() => verifyCase("happy-path-v0.3", { kind: "identity", ...policy }));

  it("returns the decoded claims Fulcio put in the certificate", () => {
    const { identity } = verifyCase("happy-path-v0.3");
    expect(identity?.subject).toBe(WORKFLOW);
    expect(identity?.claims).toMatchObject({
      issuer: DEFAULT_ISSUER,
      sourceRepositoryURI: REPO,
      sourceRepositoryRef: "refs/heads/main",
      sourceRepositoryDigest: "c7b3dfb335f051e1c86bda4c716fac97df62ad81",
      buildTrigger: "workflow_dispatch",
      runnerEnvironment: "github-hosted",
      buildConfigURI: WORKFLOW,
      githubWorkflowRepository: "sigstore-conformance/extremely-dangerous-public-oidc-beacon",
      githubWorkflowRef: "refs/heads/main",
    });
  });

  it("accepts an exact identity, or a pattern that matches all of it", () => {
    expect(check({ identity: WORKFLOW, issuer: DEFAULT_ISSUER })).toBe("verified");
    expect(
      check({
        identity: { regexp: "https://github\\.com/sigstore-conformance/.+@refs/heads/main" },
        issuer: { regexp: "https://token\\.actions\\.githubusercontent\\.com" },
      }),
    ).toBe("verified");
  });

  it("anchors patterns: one that matches only part of the identity or issuer is refused", () => {
    expect(
      check({ identity: { regexp: "https://github\\.com/sigstore-conformance/" }, issuer: DEFAULT_ISSUER }),
    ).toBe("IDENTITY_MISMATCH");
    expect(check({ identity: { regexp: "refs/heads/main" }, issuer: DEFAULT_ISSUER })).toBe(
      "IDENTITY_MISMATCH",
    );
    expect(check({ identity: WORKFLOW, issuer: { regexp: "https://token" } })).toBe("IDENTITY_MISMATCH");
    // An alternation cannot escape the anchors either.
    expect(check({ identity: { regexp: "nothing|https://github" }, issuer: DEFAULT_ISSUER })).toBe(
      "IDENTITY_MISMATCH",
    );
  });

  it("refuses another identity or issuer", () => {
    expect(check({ identity: `${WORKFLOW}x`, issuer: DEFAULT_ISSUER })).toBe("IDENTITY_MISMATCH");
    expect(check({ identity: WORKFLOW, issuer: "https://accounts.google.com" })).toBe("IDENTITY_MISMATCH");
  });

  it("compares GitHub claims decoded, and fails when one differs", () => {
    const base = { identity: WORKFLOW, issuer: DEFAULT_ISSUER };
    expect(
      check({
        ...base,
        claims: {
          sourceRepositoryURI: REPO,
          sourceRepositoryRef: "refs/heads/main",
          sourceRepositoryDigest: "c7b3dfb335f051e1c86bda4c716fac97df62ad81",
          buildTrigger: "workflow_dispatch",
          runnerEnvironment: "github-hosted",
          buildSignerURI: {
            regexp: ".*/\\.github/workflows/extremely-dangerous-oidc-beacon\\.yml@refs/heads/main",
          },
        },
      }),
    ).toBe("verified");
    expect(check({ ...base, claims: { buildTrigger: "push" } })).toBe("IDENTITY_MISMATCH");
    expect(check({ ...base, claims: { runnerEnvironment: "self-hosted" } })).toBe("IDENTITY_MISMATCH");
    expect(check({ ...base, claims: { sourceRepositoryRef: "refs/heads/main2" } })).toBe("IDENTITY_MISMATCH");
  });

  it("treats a bad pattern or an unknown claim as the user's mistake", () => {
    expect(() =>
      verifyCase("happy-path-v0.3", { kind: "identity", identity: { regexp: "(" }, issuer: DEFAULT_ISSUER }),
    ).toThrow(ConfigError);
    expect(() =>
      verifyCase("happy-path-v0.3", {
        kind: "identity",
        identity: WORKFLOW,
        issuer: DEFAULT_ISSUER,
        claims: { repository: "x" } as never,
      }),
    ).toThrow(ConfigError);
  });
});

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage, skopeoCopy } from "../../oci/test/support/images.js";
import { startRegistry, type TestRegistry } from "../../oci/test/support/registry.js";
import { EXIT } from "../src/commands/command.js";
import { cli, cosignKeys, PASSWORD, workDir } from "./support/signing-cli.js";

/**
 * `bulwark sign`, `attest` and `verify` end to end: real images in Debian's distribution registry and
 * in OCI layouts, a cosign-format encrypted key. Rekor is not reachable here, so key-based signing
 * runs with --tlog-upload=false and verification with --insecure-ignore-tlog (and the embedded root).
 */

const signer = cosignKeys("cosign");
const stranger = cosignKeys("stranger");
const dir = workDir;

const signWithKey = ["--key", signer.key, "--tlog-upload=false"];
const verifyWithKey = (pub = signer.pub) => ["--key", pub, "--insecure-ignore-tlog", "--offline"];

describe("bulwark sign and verify with a cosign key", () => {
  let registry: TestRegistry;
  let n = 0;
  const images = {
    registry: async () => {
      const tag = `v${++n}`;
      await skopeoCopy(
        await buildImage(tag, "app.txt", `image ${n}\n`),
        tag,
        `${registry.host}/demo/app:${tag}`,
      );
      return `${registry.host}/demo/app:${tag}`;
    },
    layout: async () => {
      const tag = `v${++n}`;
      return `oci-layout:${await buildImage(tag, "app.txt", `image ${n}\n`)}:${tag}`;
    },
  };

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => registry?.stop());

  for (const where of ["registry", "layout"] as const) {
    for (const format of ["bundle", "legacy", "both"]) {
      it(`${where}, ${format}: signs, verifies with the public key, refuses another key`, async () => {
        const image = await images[where]();
        const unsigned = await cli(["verify", image, ...verifyWithKey()]);
        expect(unsigned.status).toBe(EXIT.findings);
        expect(unsigned.stdout).toMatch(/^FAILED .*: no signature: /);

        const signed = await cli(["sign", image, ...signWithKey, "--format", format]);
        expect(signed.stderr).toMatch(/tag v\d+ is sha256:[0-9a-f]{64}; signed the digest/);
        expect(signed.status).toBe(EXIT.ok);
        expect(signed.stdout.trim().split("\n")).toHaveLength(format === "both" ? 2 : 1);

        const verified = await cli(["verify", image, ...verifyWithKey(), "--output", "json"]);
        expect(verified.status).toBe(EXIT.ok);
        const result = JSON.parse(verified.stdout);
        expect(result).toMatchObject({ verified: 1, failed: 0 });
        expect(result.images[0].signatures.map((s: { format: string }) => s.format).sort()).toEqual(
          format === "both" ? ["bundle", "legacy"] : [format],
        );

        const wrongKey = await cli(["verify", image, ...verifyWithKey(stranger.pub)]);
        expect(wrongKey.status).toBe(EXIT.findings);
        expect(wrongKey.stdout).toMatch(/^FAILED .*: invalid signature: /);

        // Signed without Rekor: only accepted when the tlog is explicitly ignored.
        const strict = await cli(["verify", image, "--key", signer.pub, "--offline"]);
        expect(strict.status).toBe(EXIT.findings);
      });
    }
  }

  it("signs the digest a tag names, verifies it by digest, and writes the bundles", async () => {
    const image = await images.registry();
    const bundles = join(dir, "bundles");
    const signed = await cli(["sign", image, ...signWithKey, "--bundle-dir", bundles, "--output", "json"]);
    expect(signed.status).toBe(EXIT.ok);
    const [entry] = JSON.parse(signed.stdout).images;
    expect(entry.reference).toBe(`${image.replace(/:v\d+$/, "")}@${entry.digest}`);
    expect(entry.tag).toBe(image.split(":").pop());
    const bundle = JSON.parse(readFileSync(entry.entries[0].bundlePath, "utf8"));
    expect(bundle.mediaType).toBe("application/vnd.dev.sigstore.bundle.v0.3+json");
    expect(readdirSync(bundles)).toContain(`${entry.digest.slice("sha256:".length)}-1.sigstore.json`);
    expect((await cli(["verify", entry.reference, ...verifyWithKey()])).status).toBe(EXIT.ok);
  });

  it("attests a predicate and verifies the attestation type the policy requires", async () => {
    const image = await images.registry();
    const predicate = join(dir, "provenance.json");
    writeFileSync(predicate, JSON.stringify({ buildDefinition: { buildType: "https://example.com/b" } }));
    expect((await cli(["sign", image, ...signWithKey])).status).toBe(EXIT.ok);
    const attested = await cli([
      "attest",
      image,
      ...signWithKey,
      "--predicate",
      predicate,
      "--type",
      "slsaprovenance1",
      "--format",
      "both",
    ]);
    expect(attested.stdout).toContain("attested https://slsa.dev/provenance/v1 for");
    expect(attested.status).toBe(EXIT.ok);

    const required = await cli([
      "verify",
      image,
      ...verifyWithKey(),
      "--attestation-type",
      "slsaprovenance1",
    ]);
    expect(required.stdout).toContain("attested: https://slsa.dev/provenance/v1");
    expect(required.status).toBe(EXIT.ok);
    const missing = await cli([
      "verify",
      image,
      ...verifyWithKey(),
      "--attestation-type",
      "slsaprovenance1",
      "--attestation-type",
      "https://spdx.dev/Document",
    ]);
    expect(missing.status).toBe(EXIT.findings);
    expect(missing.stdout).toMatch(/missing attestation: .*https:\/\/spdx\.dev\/Document/);
  });

  it("reports every image, and exits 1 when any fails", async () => {
    const [good, bad] = [await images.registry(), await images.registry()];
    await cli(["sign", good, ...signWithKey]);
    const run = await cli(["verify", good, bad, ...verifyWithKey(), "--output", "json"]);
    expect(run.status).toBe(EXIT.findings);
    const result = JSON.parse(run.stdout);
    expect(result.images.map((i: { status: string }) => i.status)).toEqual(["verified", "failed"]);
    expect(result.images[1].code).toBe("NO_SIGNATURE");
  });

  it("never shows the key's password, and says where it is looked up", async () => {
    const image = await images.layout();
    const wrong = await cli(["sign", image, ...signWithKey], { COSIGN_PASSWORD: "hunter2-wrong" });
    expect(wrong.status).toBe(EXIT.usage);
    expect(wrong.stderr).toContain("wrong password");
    expect(wrong.stderr).not.toContain("hunter2-wrong");
    const none = await cli(["sign", image, ...signWithKey], { COSIGN_PASSWORD: "" });
    expect(none.status).toBe(EXIT.usage);
    const other = await cli(["sign", image, ...signWithKey, "--key-password-env", "RELEASE_KEY_PASSWORD"], {
      RELEASE_KEY_PASSWORD: PASSWORD,
    });
    expect(other.status).toBe(EXIT.ok);
    const unset = await cli(["sign", image, ...signWithKey, "--key-password-env", "NOT_SET"]);
    expect(unset.stderr).toContain("Set NOT_SET");
    expect(unset.status).toBe(EXIT.usage);
  });

  it.each([
    [["sign"], "needs at least one image"],
    [["verify", "example.com/a:b"], "Say who must have signed"],
    [["verify", "example.com/a:b", "--key", "cosign.pub", "--certificate-identity", "me"], "not both"],
    [["sign", "example.com/a:b", "--key", "x.key", "--format", "zip"], 'Invalid format "zip"'],
    [["sign", "example.com/a:b", "--key", "cosign.key", "--tlog-upload=maybe"], "expected true or false"],
    [["attest", "example.com/a:b", "--key", "x.key"], "needs --predicate"],
    [["verify", "example.com/a:b", "--key", "missing.pub"], "Cannot read the public key"],
    [["verify", "NOT A REFERENCE", "--key", "cosign.pub", "--offline"], "Invalid image reference"],
  ])("%j is a usage error", async (args, message) => {
    const run = await cli(args);
    expect(run.stderr).toContain(message);
    expect(run.status).toBe(EXIT.usage);
  });

  it("without a key or an OIDC token, says how to sign", async () => {
    const run = await cli(["sign", await images.layout()]);
    expect(run.status).toBe(EXIT.usage);
    expect(run.stderr).toContain("id-token: write");
  });
});

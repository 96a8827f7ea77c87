import { generateKeyPairSync } from "node:crypto";
import { ConfigError } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import {
  encryptCosignKey,
  generateCosignKeyPair,
  keyHint,
  loadPrivateKey,
  publicKeyPem,
} from "../src/index.js";

const PASSWORD = "correct horse battery staple";

describe("signing keys", () => {
  it("opens cosign's encrypted key with its password, and the public key matches", () => {
    const pair = generateCosignKeyPair(PASSWORD);
    expect(pair.privateKey).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/);
    const key = loadPrivateKey(pair.privateKey, PASSWORD);
    expect(publicKeyPem(key)).toBe(pair.publicKey);
  });

  it("reads the older ENCRYPTED COSIGN PRIVATE KEY label", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const old = encryptCosignKey(privateKey, PASSWORD).replaceAll("SIGSTORE", "COSIGN");
    expect(keyHint(loadPrivateKey(old, PASSWORD))).toBe(keyHint(privateKey));
  });

  it("refuses a wrong or missing password without echoing it", () => {
    const { privateKey } = generateCosignKeyPair(PASSWORD);
    const wrong = "hunter2-not-it";
    let error: unknown;
    try {
      loadPrivateKey(privateKey, wrong);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/wrong password/);
    expect(String(error)).not.toContain(wrong);
    expect(() => loadPrivateKey(privateKey)).toThrow(/give its password/);
  });

  it("refuses a key file whose scrypt parameters would exhaust memory", () => {
    const { privateKey } = generateCosignKeyPair(PASSWORD);
    const body = privateKey.split("\n").slice(1, -2).join("");
    const doc = JSON.parse(Buffer.from(body, "base64").toString());
    doc.kdf.params.N = 2 ** 30;
    const crafted = `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from(JSON.stringify(doc)).toString("base64")}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`;
    expect(() => loadPrivateKey(crafted, PASSWORD)).toThrow(/scrypt parameters out of range/);
  });

  it("reads PKCS#8, SEC1 and passphrase-protected PKCS#8 P-256 keys", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const hint = keyHint(privateKey);
    const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const sec1 = privateKey.export({ type: "sec1", format: "pem" }).toString();
    const encrypted = privateKey
      .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSWORD })
      .toString();
    expect(keyHint(loadPrivateKey(pkcs8))).toBe(hint);
    expect(keyHint(loadPrivateKey(sec1))).toBe(hint);
    expect(keyHint(loadPrivateKey(encrypted, PASSWORD))).toBe(hint);
    expect(() => loadPrivateKey(encrypted)).toThrow(ConfigError);
  });

  it("refuses keys that are not P-256, and text that is not a key, without printing it", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    expect(() => loadPrivateKey(privateKey.export({ type: "pkcs8", format: "pem" }).toString())).toThrow(
      /P-256/,
    );
    const ed = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => loadPrivateKey(ed)).toThrow(/ed25519/);
    const secret = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----\n";
    let error: unknown;
    try {
      loadPrivateKey(secret);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).not.toContain("c2VjcmV0");
  });
});

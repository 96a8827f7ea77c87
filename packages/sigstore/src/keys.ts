import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  scryptSync,
} from "node:crypto";
import { ConfigError } from "@bulwark/core";
import nacl from "tweetnacl";

/**
 * Signing keys: ECDSA P-256 in PEM (PKCS#8 `PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, passphrase-protected
 * `ENCRYPTED PRIVATE KEY`) and cosign's own `cosign.key` format. No message here ever contains key
 * material or a password.
 */

const COSIGN_LABELS = ["ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY"];

/**
 * cosign's `cosign.key` body (go-securesystemslib's `encrypted` package): scrypt derives a 32-byte
 * key from the password, NaCl secretbox (XSalsa20-Poly1305) seals the PKCS#8 DER key.
 */
interface EncryptedKeyDocument {
  kdf: { name: "scrypt"; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: "nacl/secretbox"; nonce: string };
  ciphertext: string;
}

/** cosign's scrypt parameters; `generate-key-pair` writes these. */
const SCRYPT = { N: 32768, r: 8, p: 1 };
/** Bound on what a key file may ask scrypt for (N * r * 128 bytes), so a crafted file cannot exhaust memory. */
const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024;

/** Reads a P-256 private key; `password` opens encrypted keys. Throws ConfigError without echoing either. */
export function loadPrivateKey(pem: string, password?: string): KeyObject {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  if (!label)
    throw new ConfigError("The signing key is not PEM: expected a -----BEGIN ... PRIVATE KEY----- block.");
  let key: KeyObject;
  if (COSIGN_LABELS.includes(label)) {
    key = createPrivateKey({
      key: decryptCosignKey(pemBody(pem, label), password),
      format: "der",
      type: "pkcs8",
    });
  } else {
    if (label === "ENCRYPTED PRIVATE KEY" && password === undefined)
      throw new ConfigError("The signing key is encrypted: give its password.");
    try {
      key = createPrivateKey(password === undefined ? pem : { key: pem, passphrase: password });
    } catch {
      throw new ConfigError(`The signing key (${label}) could not be read; check the file and its password.`);
    }
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || curve !== "prime256v1") {
    throw new ConfigError(
      `The signing key is ${key.asymmetricKeyType}${curve ? ` (${curve})` : ""}; Bulwark signs with ECDSA P-256 keys.`,
    );
  }
  return key;
}

/** The PEM SPKI public key of a key, as cosign writes `cosign.pub`. */
export function publicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: "spki", format: "pem" }).toString();
}

/** The key hint a bundle carries: base64 of the SHA-256 of the DER public key, as cosign computes it. */
export function keyHint(key: KeyObject): string {
  return createHash("sha256")
    .update(createPublicKey(key).export({ type: "spki", format: "der" }))
    .digest("base64");
}

/** A new P-256 key pair in cosign's format (`cosign generate-key-pair`): encrypted private key and PEM public key. */
export function generateCosignKeyPair(password: string): { privateKey: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return { privateKey: encryptCosignKey(privateKey, password), publicKey: publicKeyPem(privateKey) };
}

/** Seals a private key in cosign's encrypted format. */
export function encryptCosignKey(key: KeyObject, password: string): string {
  const salt = randomBytes(32);
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const der = key.export({ type: "pkcs8", format: "der" });
  const ciphertext = nacl.secretbox(der, nonce, deriveKey(password, salt, SCRYPT));
  const doc: EncryptedKeyDocument = {
    kdf: { name: "scrypt", params: SCRYPT, salt: salt.toString("base64") },
    cipher: { name: "nacl/secretbox", nonce: nonce.toString("base64") },
    ciphertext: Buffer.from(ciphertext).toString("base64"),
  };
  const body = Buffer.from(JSON.stringify(doc))
    .toString("base64")
    .replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN ${COSIGN_LABELS[0]}-----\n${body}-----END ${COSIGN_LABELS[0]}-----\n`;
}

function decryptCosignKey(body: Buffer, password: string | undefined): Buffer {
  if (password === undefined) throw new ConfigError("The cosign key is encrypted: give its password.");
  let doc: EncryptedKeyDocument;
  try {
    doc = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ConfigError("The cosign key is damaged: its body is not the encrypted-key JSON.");
  }
  if (doc?.kdf?.name !== "scrypt" || doc.cipher?.name !== "nacl/secretbox") {
    throw new ConfigError(
      "The cosign key uses a key derivation or cipher other than scrypt and nacl/secretbox.",
    );
  }
  const { N, r, p } = doc.kdf.params ?? {};
  if (
    ![N, r, p].every((n) => Number.isSafeInteger(n) && (n as number) > 0) ||
    N * r * 128 > SCRYPT_MAX_MEMORY
  ) {
    throw new ConfigError("The cosign key has scrypt parameters out of range.");
  }
  const opened = nacl.secretbox.open(
    Buffer.from(doc.ciphertext ?? "", "base64"),
    Buffer.from(doc.cipher.nonce ?? "", "base64"),
    deriveKey(password, Buffer.from(doc.kdf.salt ?? "", "base64"), { N, r, p }),
  );
  if (!opened) throw new ConfigError("The cosign key could not be decrypted: wrong password or damaged key.");
  return Buffer.from(opened);
}

function deriveKey(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Uint8Array {
  return scryptSync(password, salt, nacl.secretbox.keyLength, {
    ...params,
    maxmem: params.N * params.r * 256,
  });
}

function pemBody(pem: string, label: string): Buffer {
  const start = pem.indexOf(`-----BEGIN ${label}-----`) + `-----BEGIN ${label}-----`.length;
  const end = pem.indexOf(`-----END ${label}-----`, start);
  if (end < 0) throw new ConfigError(`The key has no -----END ${label}----- line.`);
  return Buffer.from(pem.slice(start, end).replace(/\s+/g, ""), "base64");
}

import { ConfigError } from "@bulwark/core";
import {
  keylessSigning,
  keySigning,
  loadPrivateKey,
  type SigningMethod,
  type StorageFormat,
} from "@bulwark/sigstore";

export const STORAGE_FORMATS: readonly StorageFormat[] = ["bundle", "legacy", "both"];

export interface SigningSettings {
  /** The private key (PEM or cosign.key text); keyless when absent. */
  key?: string;
  /** Opens an encrypted key. */
  keyPassword?: string;
  /** Says where a missing password should come from, for the message. */
  passwordHint: string;
  /** The OIDC token for keyless signing. */
  identityToken?: () => Promise<string>;
  tlogUpload: boolean;
  fulcioURL?: string;
  rekorURL?: string;
  tsaURL?: string;
}

/** A key when one is given, else keyless with the OIDC token; neither is the user's mistake to fix. */
export function signingMethod(settings: SigningSettings): SigningMethod {
  const transparency = {
    tlog: settings.tlogUpload,
    ...(settings.rekorURL ? { rekorURL: settings.rekorURL } : {}),
    ...(settings.tsaURL ? { tsaURL: settings.tsaURL } : {}),
  };
  if (settings.key !== undefined) {
    let key: ReturnType<typeof loadPrivateKey>;
    try {
      key = loadPrivateKey(settings.key, settings.keyPassword);
    } catch (error) {
      if (
        error instanceof ConfigError &&
        settings.keyPassword === undefined &&
        /password/.test(error.message)
      ) {
        throw new ConfigError(`${error.message} ${settings.passwordHint}`);
      }
      throw error;
    }
    return keySigning(key, transparency);
  }
  if (!settings.identityToken) {
    throw new ConfigError(
      "Nothing to sign with: give a key, or sign keyless with an OIDC token (on GitHub Actions: `permissions: id-token: write`; elsewhere SIGSTORE_ID_TOKEN or --identity-token).",
    );
  }
  if (!settings.tlogUpload && !settings.tsaURL) {
    throw new ConfigError(
      "Keyless signatures need the transparency log or a timestamp authority to prove when the short-lived certificate was valid: keep the tlog upload or give a timestamp server URL.",
    );
  }
  return keylessSigning({
    identityToken: settings.identityToken,
    ...(settings.fulcioURL ? { fulcioURL: settings.fulcioURL } : {}),
    ...transparency,
  });
}

export function parseStorageFormat(text: string): StorageFormat {
  if ((STORAGE_FORMATS as readonly string[]).includes(text)) return text as StorageFormat;
  throw new ConfigError(`Invalid format "${text}": expected one of ${STORAGE_FORMATS.join(", ")}.`);
}

/** `true` or `false`, as cosign's boolean flags take them (`--tlog-upload=false`). */
export function parseBoolean(name: string, text: string): boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  throw new ConfigError(`Invalid ${name} "${text}": expected true or false.`);
}

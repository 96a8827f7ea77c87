import { containersOf, isObject } from "../../manifests/workloads.js";
import { k8sDocs, podRule } from "./define.js";

/** Name words that on their own mark a credential. */
const SECRET_WORDS = new Set([
  "PASSWORD",
  "PASSWD",
  "PASSPHRASE",
  "PASS",
  "PWD",
  "SECRET",
  "TOKEN",
  "CREDENTIAL",
  "CREDENTIALS",
  "APIKEY",
  "PRIVATEKEY",
]);

/** Words that make the following KEY a credential (`API_KEY`, `ACCESS_KEY`), unlike `CACHE_KEY`. */
const KEY_QUALIFIERS = new Set([
  "API",
  "ACCESS",
  "PRIVATE",
  "SIGNING",
  "ENCRYPTION",
  "MASTER",
  "ACCOUNT",
  "AUTH",
]);

/** A last word that makes the variable about a credential rather than the credential itself. */
const NOT_THE_SECRET = new Set([
  "FILE",
  "PATH",
  "DIR",
  "NAME",
  "ID",
  "URL",
  "URI",
  "ENDPOINT",
  "HOST",
  "PORT",
  "TTL",
  "EXPIRY",
  "EXPIRATION",
  "TIMEOUT",
  "LENGTH",
  "ENABLED",
  "HEADER",
  "TYPE",
  "MODE",
  "POLICY",
  "ISSUER",
  "AUDIENCE",
  "SCOPE",
  "USER",
  "USERNAME",
]);

/** `dbPassword`, `DB_PASSWORD` and `db.password` all become DB, PASSWORD. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((word) => word !== "");
}

/** Every credential name holds one of these in upper case: most names are let go without splitting. */
const MAYBE_CREDENTIAL = new RegExp([...SECRET_WORDS, "KEY"].join("|"));

export function isCredentialName(name: string): boolean {
  if (!MAYBE_CREDENTIAL.test(name.toUpperCase())) return false;
  const words = wordsOf(name);
  // A lone PWD is the shell's working directory.
  if (words.length === 0 || (words.length === 1 && words[0] === "PWD")) return false;
  if (NOT_THE_SECRET.has(words.at(-1)!)) return false;
  return words.some(
    (word, i) => SECRET_WORDS.has(word) || (word === "KEY" && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)),
  );
}

/** Values that are not a secret even under a credential-like name. */
function isHarmlessValue(value: string): boolean {
  const text = value.trim();
  return (
    text === "" ||
    /^(\$\([A-Za-z_][A-Za-z0-9_]*\))+$/.test(text) || // only references to other variables
    /^\/[\w.\-/]*$/.test(text) || // a file path, as in GOOGLE_APPLICATION_CREDENTIALS
    /^(true|false|yes|no|on|off|enabled|disabled|0|1)$/i.test(text) // a switch, as in USE_TOKEN_AUTH: "true"
  );
}

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
// scheme://user:password@host, unless the password is itself a $(VARIABLE) reference. The scheme
// starts where a run of scheme characters starts: trying every letter of a long run is quadratic.
const URL_WITH_PASSWORD = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:(?!\$\()[^/\s@]+@/i;

/** Why a literal env value looks like a secret, in words that never repeat the value. */
function secretReason(name: string, value: string): string | undefined {
  if (PRIVATE_KEY.test(value)) return "holds a private key";
  if (value.includes("://") && URL_WITH_PASSWORD.test(value)) return "holds a URL with an embedded password";
  if (isCredentialName(name) && !isHarmlessValue(value)) return "has a credential-like name";
  return undefined;
}

export const plaintextEnvSecret = podRule({
  id: "plaintext-env-secret",
  title: "Secret written as a literal env value",
  severity: "error",
  description:
    "An environment variable with a literal `value` is part of the manifest: it sits in the repository and " +
    "its history, in rendered charts, in the pod spec readable by anyone who may get pods, and in CI logs. " +
    "Reported when the variable's name reads like a credential (PASSWORD, SECRET, TOKEN, API_KEY, ... but " +
    "not PASSWORD_FILE or TOKEN_URL) or the value holds a private key or a URL with a password; values " +
    'that only reference other variables (`$(DB_PASSWORD)`), are file paths or are switches (`"true"`, `"1"`, ' +
    '`"disabled"`) are not. Findings name the ' +
    "variable, never its value.",
  remediation:
    "Store the value in a Secret and use `valueFrom.secretKeyRef`, or mount the Secret as a file. Then " +
    "rotate the credential: it has already been exposed.",
  references: [
    k8sDocs(
      "Secrets as environment variables",
      "concepts/configuration/secret/#using-secrets-as-environment-variables",
    ),
    k8sDocs("Good practices for Kubernetes Secrets", "concepts/security/secrets-good-practices/"),
  ],
  check(pod) {
    return containersOf(pod).flatMap((container) => {
      const env = container.value.env;
      if (!Array.isArray(env)) return [];
      return env.flatMap((entry, index) => {
        if (!isObject(entry)) return [];
        const { name, value } = entry;
        if (typeof name !== "string" || typeof value !== "string") return [];
        const reason = secretReason(name, value);
        return reason
          ? [
              {
                path: [...container.path, "env", index, "value"],
                message: `Container "${container.name}" sets "${name}" to a literal value that ${reason}; take it from a Secret.`,
              },
            ]
          : [];
      });
    });
  },
});

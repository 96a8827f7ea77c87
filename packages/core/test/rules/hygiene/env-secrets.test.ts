import { describe, expect, it } from "vitest";
import { isCredentialName } from "../../../src/rules/hygiene/env-secrets.js";
import { findingsOf, ruleHits } from "../../helpers/validate.js";

describe("isCredentialName", () => {
  it("recognises credential names in any case style", () => {
    for (const name of [
      "DB_PASSWORD",
      "dbPassword",
      "smtp.pass",
      "GITHUB_TOKEN",
      "AWS_SECRET_ACCESS_KEY",
      "STRIPE_API_KEY",
      "apiKey",
      "OAUTH_CLIENT_SECRET",
      "REDIS_PWD",
      "GOOGLE_APPLICATION_CREDENTIALS",
    ]) {
      expect(isCredentialName(name), name).toBe(true);
    }
  });

  it("does not mistake names about credentials, or other keys, for credentials", () => {
    for (const name of [
      "PWD",
      "PASSWORD_FILE",
      "TOKEN_URL",
      "SECRET_NAME",
      "AWS_ACCESS_KEY_ID",
      "CACHE_KEY",
      "BYPASS",
      "LOG_LEVEL",
    ]) {
      expect(isCredentialName(name), name).toBe(false);
    }
  });
});

describe("plaintext-env-secret", () => {
  it("flags literal credentials at the value, in a StatefulSet, without repeating the value", () => {
    const yaml = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      containers:
      - name: db
        env:
        - name: POSTGRES_PASSWORD
          value: hunter2-s3cr3t
        - name: LOG_LEVEL
          value: debug
        - name: DATABASE_URL
          value: postgres://app:Tr0ub4dor@db:5432/app
`;
    expect(ruleHits(yaml, "plaintext-env-secret")).toEqual([
      '11:11 Container "db" sets "POSTGRES_PASSWORD" to a literal value that has a credential-like name; take it from a Secret.',
      '15:11 Container "db" sets "DATABASE_URL" to a literal value that holds a URL with an embedded password; take it from a Secret.',
    ]);
  });

  it("flags a private key under any name, in an init container", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    env:
    - name: TLS_MATERIAL
      value: |
        -----BEGIN RSA PRIVATE KEY-----
        MIIEow
        -----END RSA PRIVATE KEY-----
  containers:
  - name: app
`;
    expect(ruleHits(yaml, "plaintext-env-secret")).toEqual([
      '9:7 Container "init" sets "TLS_MATERIAL" to a literal value that holds a private key; take it from a Secret.',
    ]);
  });

  it("passes valueFrom, empty values, variable references, file paths, switches and URLs without a password", () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    env:
    - name: DB_PASSWORD
      valueFrom: {secretKeyRef: {name: db, key: password}}
    - name: API_TOKEN
      value: ""
    - name: APP_PASSWORD
      value: $(DB_PASSWORD)
    - name: GOOGLE_APPLICATION_CREDENTIALS
      value: /var/secrets/google/key.json
    - name: DATABASE_URL
      value: postgres://app:$(DB_PASSWORD)@db:5432/app
    - name: UPSTREAM
      value: https://user@example.com/
    - name: VAULT_TOKEN_AUTH
      value: "true"
    - name: REDIS_PASSWORD_REQUIRED
      value: "No"
    - name: SMTP_SECRET
      value: " disabled "
    - name: MYSQL_ALLOW_EMPTY_PASSWORD
      value: "1"
`;
    expect(ruleHits(yaml, "plaintext-env-secret")).toEqual([]);
  });

  it("checks a long value in one pass (a 300 KB run of letters used to stall the run for minutes)", () => {
    const pod = (name: string, value: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    env:\n    - {name: ${name}, value: "${value}"}\n`;
    // The URL pattern must not restart at every letter of the run: that is quadratic, and it hangs the suite.
    expect(ruleHits(pod("BLOB", "a".repeat(300_000)), "plaintext-env-secret")).toEqual([]);
    expect(ruleHits(pod("BLOB", `x${"a".repeat(300_000)}://host/`), "plaintext-env-secret")).toEqual([]);
    // Still found where a scheme starts after punctuation.
    expect(ruleHits(pod("DSN", "jdbc:postgresql://app:hunter2@db/app"), "plaintext-env-secret")).toHaveLength(
      1,
    );
  });

  it("never puts a planted secret value into any field of any finding", () => {
    const planted = "pl4nted-S3cret-value-9f2c";
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: leak}
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1
        env:
        - name: API_TOKEN
          value: ${planted}
        - name: ADMIN_URL
          value: https://admin:${planted}@example.com/
        - name: KEY
          value: "-----BEGIN PRIVATE KEY-----${planted}-----END PRIVATE KEY-----"
`;
    const findings = findingsOf(yaml, { profile: "all" });
    expect(findings.filter((f) => f.ruleId === "plaintext-env-secret")).toHaveLength(3);
    expect(JSON.stringify(findings)).not.toContain(planted);
    expect(JSON.stringify(findings)).not.toContain(planted.slice(0, 12));
  });
});

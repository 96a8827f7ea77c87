import { existsSync, readFileSync } from "node:fs";
import { Ajv, type ErrorObject } from "ajv";

/** The OASIS SARIF 2.1.0 schema, kept beside the repository (see ../shared/testdata/README.md). */
const SCHEMA_URL = new URL("../../../../../shared/testdata/sarif/sarif-schema-2.1.0.json", import.meta.url);

export const SARIF_SCHEMA_PRESENT = existsSync(SCHEMA_URL);

let validate: ((log: unknown) => ErrorObject[]) | undefined;

/** Schema errors of a SARIF log, as "path message" strings; empty when it conforms. */
export function sarifSchemaErrors(log: unknown): string[] {
  validate ??= compileSchema();
  return validate(log).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

function compileSchema(): (log: unknown) => ErrorObject[] {
  // The file is draft-04, which Ajv 8 does not ship; the only draft-04 spelling it uses is the root
  // `id`, so it reads as draft-07 once that becomes `$id` (in memory; the file stays as it is).
  const {
    $schema: _draft,
    id,
    ...schema
  } = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as { $schema: string; id: string } & Record<
    string,
    unknown
  >;
  // Its `language` pattern has a stray "]", legal only in a non-Unicode regular expression.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  ajv.addFormat("uri-reference", (value: string) => URL.canParse(value, "file:///root/"));
  ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)));
  const check = ajv.compile({ ...schema, $id: id });
  return (log) => (check(log) ? [] : (check.errors ?? []));
}

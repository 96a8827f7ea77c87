import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/**
 * GitHub's own OpenAPI description of api.github.com (from `@octokit/openapi`), used to check every
 * request the code under test sends and every response the fake GitHub answers with.
 */

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: Json;
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  pattern: RegExp;
  /** How many `{placeholders}`: among templates matching one path, the most literal one wins. */
  placeholders: number;
  parameters: Parameter[];
  body?: ValidateFunction;
  raw: Json;
}

export interface CheckedRequest {
  operation: Operation;
  pathParams: Record<string, string>;
}

const require = createRequire(import.meta.url);
const SPEC_ID = "api.github.com";

export class OpenApiDescription {
  private readonly spec: Json & { paths: Record<string, Record<string, Json>>; components: Json };
  private readonly ajv: Ajv;
  /** Path and query values arrive as strings: this instance coerces them to the declared types. */
  private readonly paramAjv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly responseValidators = new Map<string, ValidateFunction>();
  private readonly paramValidators = new Map<string, ValidateFunction>();

  constructor() {
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    this.spec = JSON.parse(readFileSync(file, "utf8"), (_key, value) => allowNullInNullableEnums(value));
    // OpenAPI 3.0 schemas: `nullable` is understood by Ajv, the rest (examples, x-github) is ignored.
    const options = { strict: false, allErrors: true, validateFormats: false, validateSchema: false };
    this.ajv = new Ajv(options);
    this.paramAjv = new Ajv({ ...options, coerceTypes: true });
    const components = { $id: SPEC_ID, components: this.spec.components };
    this.ajv.addSchema(components);
    this.paramAjv.addSchema(structuredClone(components));
    for (const [template, methods] of Object.entries(this.spec.paths)) {
      for (const [method, raw] of Object.entries(methods)) {
        if (typeof raw !== "object" || !("operationId" in raw)) continue;
        const placeholders = template.match(/\{\w+\}/g)?.length ?? 0;
        const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, "([^/]+)")}$`);
        this.operations.push({
          operationId: String(raw.operationId),
          method: method.toUpperCase(),
          template,
          pattern,
          placeholders,
          parameters: [
            ...((methods.parameters as unknown as Json[]) ?? []),
            ...((raw.parameters as Json[]) ?? []),
          ].map((p) => this.deref(p) as unknown as Parameter),
          raw,
        });
      }
    }
    this.operations.sort((a, b) => a.placeholders - b.placeholders);
  }

  /**
   * The operation a request is, with its path, query and JSON body checked against it. Throws with
   * every problem found: an unknown route, a bad or missing parameter, an unknown query parameter,
   * a body the schema refuses (including properties it does not declare, which GitHub would ignore
   * silently and which are therefore always a bug).
   */
  checkRequest(method: string, path: string, query: URLSearchParams, body: unknown): CheckedRequest {
    const operation = this.operations.find((op) => op.method === method && op.pattern.test(path));
    if (!operation) throw new Error(`${method} ${path} is not an operation of api.github.com`);
    const problems: string[] = [];
    const names = operation.template.match(/\{(\w+)\}/g)!.map((n) => n.slice(1, -1));
    const values = operation.pattern.exec(path)!.slice(1).map(decodeURIComponent);
    const pathParams = Object.fromEntries(names.map((n, i) => [n, values[i]!]));
    for (const param of operation.parameters) {
      const value =
        param.in === "path"
          ? pathParams[param.name]
          : param.in === "query"
            ? query.get(param.name)
            : undefined;
      if (param.in !== "path" && param.in !== "query") continue;
      if (value === undefined || value === null) {
        if (param.required) problems.push(`missing ${param.in} parameter ${param.name}`);
        continue;
      }
      const holder = { value };
      const check = this.paramValidator(param);
      if (!check(holder))
        problems.push(`${param.in} parameter ${param.name}=${value}: ${describe(check.errors)}`);
    }
    const declared = new Set(operation.parameters.filter((p) => p.in === "query").map((p) => p.name));
    for (const key of query.keys()) if (!declared.has(key)) problems.push(`unknown query parameter ${key}`);
    const requestBody = operation.raw.requestBody as Json | undefined;
    if (requestBody) {
      const schema = ((requestBody.content as Json)["application/json"] as Json | undefined)?.schema as Json;
      operation.body ??= this.ajv.compile(closeObjects(this.localize(schema)) as Json);
      if (body === undefined && requestBody.required) problems.push("missing request body");
      else if (body !== undefined && !operation.body(body))
        problems.push(`body: ${describe(operation.body.errors)}`);
    } else if (body !== undefined) {
      problems.push("a body the operation does not take");
    }
    if (problems.length > 0)
      throw new Error(`${operation.operationId} (${method} ${path}): ${problems.join("; ")}`);
    return { operation, pathParams };
  }

  private paramValidator(param: Parameter): ValidateFunction {
    const key = JSON.stringify(param.schema);
    let validate = this.paramValidators.get(key);
    if (!validate) {
      validate = this.paramAjv.compile({
        type: "object",
        properties: { value: this.localize(param.schema) },
      });
      this.paramValidators.set(key, validate);
    }
    return validate;
  }

  /** Throws when a response the fake is about to send does not match the description. */
  checkResponse(operation: Operation, status: number, body: unknown): void {
    const key = `${operation.operationId} ${status}`;
    let validate = this.responseValidators.get(key);
    if (!validate) {
      const response = this.deref((operation.raw.responses as Json)[String(status)] as Json);
      if (!response) {
        // GitHub answers any operation with errors like 403 or 429 that its description omits.
        if (status >= 400) return;
        throw new Error(`${operation.operationId} has no ${status} response`);
      }
      const schema = ((response.content as Json | undefined)?.["application/json"] as Json | undefined)
        ?.schema;
      if (!schema) return;
      validate = this.ajv.compile(this.localize(schema as Json));
      this.responseValidators.set(key, validate);
    }
    if (!validate(body)) throw new Error(`response ${key}: ${describe(validate.errors)}`);
  }

  /** A copy of one of the description's named examples, to shape fake responses like GitHub's. */
  example<T>(name: string): T {
    const example = (this.spec.components.examples as Record<string, { value: T }>)[name];
    if (!example) throw new Error(`no example ${name}`);
    return structuredClone(example.value);
  }

  private deref(value: Json): Json {
    const ref = value?.$ref;
    if (typeof ref !== "string") return value;
    let target: unknown = this.spec;
    for (const part of ref.slice(2).split("/")) target = (target as Json)[part];
    return this.deref(target as Json);
  }

  /** An operation's inline schema with its references pointed at the registered description. */
  private localize(schema: Json): Json {
    return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SPEC_ID}#/`));
  }
}

/**
 * OpenAPI 3.0 lets `nullable: true` admit null past an `enum` that does not list it; Ajv applies the
 * enum to null too, so null is added to such enums (a check run's `conclusion` is null until it ends).
 */
function allowNullInNullableEnums(value: unknown): unknown {
  const schema = value as Json | null;
  if (schema?.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum.push(null);
  }
  return value;
}

/** Inline object schemas that list their properties allow no others. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== "object" || schema === null) return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, k === "$ref" ? v : closeObjects(v)]),
  ) as Json;
  if (
    copy.properties &&
    copy.additionalProperties === undefined &&
    !copy.allOf &&
    !copy.anyOf &&
    !copy.oneOf
  ) {
    copy.additionalProperties = false;
  }
  return copy;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`)
    .join(", ");
}

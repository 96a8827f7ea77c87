/**
 * The part of SARIF 2.1.0 that ingestion reads, and a check that a parsed log has that shape. Only
 * what findings are made of is checked: a log from any tool passes when those parts are well formed,
 * whatever else it carries. `null` counts as absent, as several tools write it for empty fields.
 */

export interface SarifMessageInput {
  text?: string;
  markdown?: string;
  id?: string;
  arguments?: string[];
}

export interface SarifRegionInput {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifArtifactLocationInput {
  uri?: string;
  uriBaseId?: string;
  index?: number;
}

export interface SarifPhysicalLocationInput {
  artifactLocation?: SarifArtifactLocationInput;
  region?: SarifRegionInput;
}

export interface SarifLocationInput {
  id?: number;
  physicalLocation?: SarifPhysicalLocationInput;
}

export interface SarifRuleInput {
  id?: string;
  shortDescription?: SarifMessageInput;
  defaultConfiguration?: { level?: SarifLevel };
  messageStrings?: Record<string, SarifMessageInput>;
}

export interface SarifToolComponentInput {
  name?: string;
  rules?: SarifRuleInput[];
  globalMessageStrings?: Record<string, SarifMessageInput>;
}

export type SarifLevel = "none" | "note" | "warning" | "error";
export type SarifKind = "pass" | "open" | "informational" | "review" | "notApplicable" | "fail";

export interface SarifReplacementInput {
  deletedRegion: SarifRegionInput;
  insertedContent?: { text?: string };
}

export interface SarifFixInput {
  description?: SarifMessageInput;
  artifactChanges: { artifactLocation: SarifArtifactLocationInput; replacements: SarifReplacementInput[] }[];
}

export interface SarifSuppressionInput {
  kind?: string;
  status?: "accepted" | "underReview" | "rejected";
  justification?: string;
}

export interface SarifResultInput {
  ruleId?: string;
  ruleIndex?: number;
  rule?: { id?: string; index?: number; toolComponent?: { name?: string; index?: number } };
  kind?: SarifKind;
  level?: SarifLevel;
  message: SarifMessageInput;
  locations?: SarifLocationInput[];
  relatedLocations?: SarifLocationInput[];
  partialFingerprints?: Record<string, string>;
  fingerprints?: Record<string, string>;
  suppressions?: SarifSuppressionInput[];
  baselineState?: string;
  fixes?: SarifFixInput[];
}

export interface SarifRunInput {
  tool?: { driver?: SarifToolComponentInput; extensions?: SarifToolComponentInput[] };
  automationDetails?: { id?: string };
  originalUriBaseIds?: Record<string, { uri?: string; uriBaseId?: string }>;
  artifacts?: { location?: SarifArtifactLocationInput }[];
  results?: SarifResultInput[];
}

export interface SarifLogInput {
  version: "2.1.0";
  runs: SarifRunInput[];
}

/** A shape: a JSON type, an enumeration, or an object, array or map of shapes. */
type Shape =
  | "string"
  | "integer"
  | { enum: readonly string[] }
  | { object: Record<string, Shape>; required?: readonly string[] }
  | { array: Shape }
  | { map: Shape };

const MESSAGE: Shape = {
  object: { text: "string", markdown: "string", id: "string", arguments: { array: "string" } },
};
const REGION: Shape = {
  object: { startLine: "integer", startColumn: "integer", endLine: "integer", endColumn: "integer" },
};
const ARTIFACT_LOCATION: Shape = { object: { uri: "string", uriBaseId: "string", index: "integer" } };
const LOCATION: Shape = {
  object: {
    id: "integer",
    physicalLocation: { object: { artifactLocation: ARTIFACT_LOCATION, region: REGION } },
  },
};
const LEVEL: Shape = { enum: ["none", "note", "warning", "error"] };
const TOOL_COMPONENT: Shape = {
  object: {
    name: "string",
    rules: {
      array: {
        object: {
          id: "string",
          shortDescription: MESSAGE,
          defaultConfiguration: { object: { level: LEVEL } },
          messageStrings: { map: MESSAGE },
        },
      },
    },
    globalMessageStrings: { map: MESSAGE },
  },
};
const RESULT: Shape = {
  object: {
    ruleId: "string",
    ruleIndex: "integer",
    rule: {
      object: {
        id: "string",
        index: "integer",
        toolComponent: { object: { name: "string", index: "integer" } },
      },
    },
    kind: { enum: ["pass", "open", "informational", "review", "notApplicable", "fail"] },
    level: LEVEL,
    message: MESSAGE,
    locations: { array: LOCATION },
    relatedLocations: { array: LOCATION },
    partialFingerprints: { map: "string" },
    fingerprints: { map: "string" },
    suppressions: {
      array: {
        object: {
          kind: "string",
          status: { enum: ["accepted", "underReview", "rejected"] },
          justification: "string",
        },
      },
    },
    baselineState: "string",
    fixes: {
      array: {
        object: {
          description: MESSAGE,
          artifactChanges: {
            array: {
              object: {
                artifactLocation: ARTIFACT_LOCATION,
                replacements: {
                  array: {
                    object: { deletedRegion: REGION, insertedContent: { object: { text: "string" } } },
                    required: ["deletedRegion"],
                  },
                },
              },
              required: ["artifactLocation", "replacements"],
            },
          },
        },
        required: ["artifactChanges"],
      },
    },
  },
  required: ["message"],
};
const LOG: Shape = {
  object: {
    version: { enum: ["2.1.0"] },
    runs: {
      array: {
        object: {
          tool: { object: { driver: TOOL_COMPONENT, extensions: { array: TOOL_COMPONENT } } },
          automationDetails: { object: { id: "string" } },
          originalUriBaseIds: { map: { object: { uri: "string", uriBaseId: "string" } } },
          artifacts: { array: { object: { location: ARTIFACT_LOCATION } } },
          results: { array: RESULT },
        },
      },
    },
  },
  required: ["version", "runs"],
};

/** Enough to say what is wrong without flooding the message for a log with thousands of bad results. */
const MAX_PROBLEMS = 5;

/**
 * The problems that keep `value` from being read as a SARIF 2.1.0 log, as "where: what" sentences
 * (`runs[0].results: expected an array, found a number`). Empty means the log can be read.
 */
export function sarifShapeProblems(value: unknown): string[] {
  const problems: string[] = [];
  let more = 0;
  const report = (where: string, what: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(`${where || "the log"}: ${what}`);
    else more++;
  };
  check(value, LOG, "", report);
  if (more > 0) problems.push(`and ${more} more problem${more === 1 ? "" : "s"}`);
  return problems;
}

/** The log, typed, once `sarifShapeProblems` found nothing wrong with it. */
export function asSarifLog(value: unknown): SarifLogInput {
  return value as SarifLogInput;
}

function check(value: unknown, shape: Shape, where: string, report: (where: string, what: string) => void) {
  if (shape === "string") {
    if (typeof value !== "string") report(where, `expected a string, found ${describe(value)}`);
  } else if (shape === "integer") {
    if (!Number.isSafeInteger(value)) report(where, `expected an integer, found ${describe(value)}`);
  } else if ("enum" in shape) {
    if (!shape.enum.includes(value as string))
      report(where, `expected one of ${shape.enum.join(", ")}, found ${describe(value)}`);
  } else if ("array" in shape) {
    if (!Array.isArray(value)) return report(where, `expected an array, found ${describe(value)}`);
    for (const [i, item] of value.entries()) check(item, shape.array, `${where}[${i}]`, report);
  } else if (!isPlainObject(value)) {
    report(where, `expected an object, found ${describe(value)}`);
  } else if ("map" in shape) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== null) check(item, shape.map, `${where}[${JSON.stringify(key)}]`, report);
    }
  } else {
    for (const key of shape.required ?? []) {
      if (value[key] === undefined || value[key] === null) report(where, `"${key}" is missing`);
    }
    for (const [key, field] of Object.entries(shape.object)) {
      const item = value[key];
      if (item !== undefined && item !== null) check(item, field, where ? `${where}.${key}` : key, report);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === "object") return "an object";
  return `${typeof value === "number" ? "the number" : `a ${typeof value}`} ${String(value)}`;
}

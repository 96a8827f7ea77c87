import { getPath, PROVENANCE_TYPES, type ProvenanceFacts } from "@bulwark/core";

/** Builder and build time from an in-toto statement with SLSA provenance v0.2 or v1. */
export function readProvenance(statement: unknown): ProvenanceFacts | undefined {
  const predicateType = stringAt(statement, ["predicateType"]);
  if (predicateType === undefined || !PROVENANCE_TYPES.includes(predicateType)) return undefined;
  const v1 = predicateType.endsWith("/v1");
  const builderId = v1
    ? stringAt(statement, ["predicate", "runDetails", "builder", "id"])
    : stringAt(statement, ["predicate", "builder", "id"]);
  const metadata = v1 ? ["predicate", "runDetails", "metadata"] : ["predicate", "metadata"];
  const buildTime =
    stringAt(statement, [...metadata, v1 ? "finishedOn" : "buildFinishedOn"]) ??
    stringAt(statement, [...metadata, v1 ? "startedOn" : "buildStartedOn"]);
  return {
    predicateType,
    ...(builderId !== undefined ? { builderId } : {}),
    ...(buildTime !== undefined ? { buildTime } : {}),
  };
}

/** The string at `path` in a JSON value, if that is what is there. */
export function stringAt(value: unknown, path: readonly string[]): string | undefined {
  const found = getPath(value, path);
  return typeof found === "string" ? found : undefined;
}

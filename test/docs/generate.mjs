// Generates the parts of the documentation that the code already states: each action's inputs and
// outputs (from action.yml, into README.md) and the .bulwark.yaml reference (from the published JSON
// Schema, into packages/core/docs/config.md). `pnpm generate-docs` writes them; docs.test.ts fails when the
// committed files differ from what this produces.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const README = join(REPO, "README.md");
export const CONFIG_DOC = join(REPO, "packages/core/docs/config.md");
const SCHEMA = join(REPO, "packages/core/schema/bulwark.schema.json");

/** Text safe inside a Markdown table cell. */
const cell = (text) =>
  String(text ?? "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
const code = (text) => (text === undefined || text === "" ? "" : `\`${String(text).replace(/`/g, "'")}\``);

function actionSection(name) {
  const meta = parse(readFileSync(join(REPO, "actions", name, "action.yml"), "utf8"));
  const lines = [
    `#### \`${name}\``,
    "",
    cell(meta.description),
    "",
    "| Input | Description | Default |",
    "|---|---|---|",
  ];
  for (const [input, spec] of Object.entries(meta.inputs ?? {})) {
    const required = spec.required === true || spec.required === "true" ? " (required)" : "";
    lines.push(`| \`${input}\`${required} | ${cell(spec.description)} | ${code(spec.default)} |`);
  }
  lines.push("", "| Output | Description |", "|---|---|");
  for (const [output, spec] of Object.entries(meta.outputs ?? {})) {
    lines.push(`| \`${output}\` | ${cell(spec.description)} |`);
  }
  return lines.join("\n");
}

export function actionNames() {
  return readdirSync(join(REPO, "actions"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .filter((entry) => {
      try {
        readFileSync(join(REPO, "actions", entry.name, "action.yml"));
        return true;
      } catch {
        return false;
      }
    })
    .map((entry) => entry.name)
    .sort();
}

const BEGIN = "<!-- BEGIN GENERATED: actions (pnpm generate-docs) -->";
const END = "<!-- END GENERATED: actions -->";

/** README.md with the actions' reference regenerated between its markers. */
export function renderReadme(text) {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md lacks the markers ${BEGIN} ... ${END}`);
  const body = actionNames().map(actionSection).join("\n\n");
  return `${text.slice(0, start + BEGIN.length)}\n\n${body}\n\n${text.slice(end)}`;
}

function typeOf(root, schema) {
  const resolved = resolve(root, schema);
  if (resolved.enum?.length > 12) return `one of ${resolved.enum.length} names`;
  if (resolved.enum) return resolved.enum.map((v) => code(v)).join(", ");
  const choices = resolved.anyOf ?? resolved.oneOf;
  if (choices) return choices.map((choice) => typeOf(root, choice)).join(" or ");
  if (resolved.type === "array") return `list of ${typeOf(root, resolved.items ?? {})}`;
  return resolved.type ?? "any";
}

/** Follows a local `$ref` such as `#/properties/rules/definitions/ruleSetting`. */
function resolve(root, schema) {
  if (!schema.$ref) return schema;
  return schema.$ref
    .slice(2)
    .split("/")
    .reduce((node, key) => node[key], root);
}

/**
 * One row per key, nested keys written as dotted paths and lists of objects as `key[].field`. A map
 * whose keys all point at shared definitions (the rule ids under `rules`) gets one row per definition.
 */
function rows(root, schema, prefix, out) {
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length > 1 && entries.every(([, property]) => property.$ref)) {
    const byRef = new Map();
    for (const entry of entries) byRef.set(entry[1].$ref, [...(byRef.get(entry[1].$ref) ?? []), entry]);
    for (const [ref, keys] of byRef) {
      const shared = resolve(root, { $ref: ref });
      const which = keys.length <= 10 ? ` For ${keys.map(([key]) => code(key)).join(", ")}.` : "";
      out.push(
        `| \`${prefix}.<rule-id>\` | ${cell(typeOf(root, shared))} | ${cell(shared.description)}${which} |`,
      );
    }
    return out;
  }
  for (const [key, property] of entries) {
    const path = prefix ? `${prefix}.${key}` : key;
    const resolved = resolve(root, property);
    out.push(
      `| \`${path}\` | ${cell(typeOf(root, resolved))} | ${cell(property.description ?? resolved.description)} |`,
    );
    if (resolved.type === "object" && resolved.properties) rows(root, resolved, path, out);
    if (resolved.type === "array" && resolved.items?.properties) rows(root, resolved.items, `${path}[]`, out);
  }
  return out;
}

export function renderConfigReference() {
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8"));
  return [
    "# `.bulwark.yaml` reference",
    "",
    "<!-- Generated from packages/core/schema/bulwark.schema.json by `pnpm generate-docs`; do not edit. -->",
    "",
    cell(schema.description),
    "",
    "Point editors at `packages/core/schema/bulwark.schema.json` for completion and checking, e.g. with the",
    "YAML language server: `# yaml-language-server: $schema=<path or URL of bulwark.schema.json>`.",
    "",
    "| Key | Type | Description |",
    "|---|---|---|",
    ...rows(schema, schema, "", []),
    "",
    "Rule ids for `rules` and `exemptions[].rules` are listed in [the rule catalogue](rules.md).",
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(README, renderReadme(readFileSync(README, "utf8")));
  writeFileSync(CONFIG_DOC, renderConfigReference());
  console.log("wrote README.md (actions) and packages/core/docs/config.md");
}

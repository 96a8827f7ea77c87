import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_DOC, README, renderConfigReference, renderReadme } from "./generate.mjs";

const STALE = "is generated from the code: run `pnpm generate-docs` and commit the result";

describe("generated documentation", () => {
  it(`README's action reference ${STALE}`, () => {
    const committed = readFileSync(README, "utf8");
    expect(committed === renderReadme(committed), "README.md action reference is stale").toBe(true);
  });

  it(`the .bulwark.yaml reference ${STALE}`, () => {
    expect(readFileSync(CONFIG_DOC, "utf8") === renderConfigReference(), "config.md is stale").toBe(true);
  });
});

describe("README examples", () => {
  it("the .bulwark.yaml example is a valid configuration", async () => {
    const { parseConfig } = await import("../../packages/core/src/index.js");
    const readme = readFileSync(README, "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    expect(() => parseConfig(example!, "README.md")).not.toThrow();
  });
});

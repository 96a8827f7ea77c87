// Writes schema/bulwark.schema.json from the code: `pnpm --filter @bulwark/core schema` bundles the
// sources to .tmp/schema (no type declarations, so it works mid-change) and runs this.
// A test fails when the committed file differs from what the code generates.
import { writeFileSync } from "node:fs";
import { configSchema } from "../.tmp/schema/index.js";

const target = new URL("../schema/bulwark.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(configSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname.split("/").slice(-2).join("/")}`);

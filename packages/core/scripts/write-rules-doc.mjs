// Writes docs/rules.md from the rule registry: `pnpm --filter @bulwark/core rules-doc` bundles the
// sources to .tmp/rules-doc and runs this. A test fails when the committed file differs.
import { writeFileSync } from "node:fs";
import { renderRuleCatalogue } from "../.tmp/rules-doc/index.js";

const target = new URL("../docs/rules.md", import.meta.url);
writeFileSync(target, renderRuleCatalogue());
console.log(`wrote ${target.pathname.split("/").slice(-2).join("/")}`);

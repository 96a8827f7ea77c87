import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAction } from "./support/runner.js";

/**
 * Every action that reports findings takes the same `annotate` input as validate-manifests and
 * hands it to the same code as annotate-pr; a wrong reporter name fails the step with a clear message.
 */
const publicKey = generateKeyPairSync("ec", { namedCurve: "P-256" })
  .publicKey.export({ type: "spki", format: "pem" })
  .toString();

const cases: [string, Record<string, string>][] = [
  ["validate-manifests", {}],
  ["check-base-image", { offline: "true" }],
  ["verify-image", { images: "oci-layout:missing-layout", key: "cosign.pub" }],
];

describe("the annotate input", () => {
  it.each(cases)("%s reads it with annotate-pr's reporter names", async (action, inputs) => {
    const run = await runAction(action, {
      workspace: { "cosign.pub": publicKey },
      inputs: { ...inputs, annotate: "frobnicate" },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Invalid annotate "frobnicate"');
  });
});

import { describe, expect, it } from "vitest";
import { baseImageTargets, factsKey } from "../../../src/rules/base-image/index.js";
import { check, facts, hits } from "./helpers.js";

const ALPINE = "docker.io/library/alpine:3.20";

/** alpine:3.20 as a two-platform index: amd64 is old and runs as root, arm64 is new and sets a user. */
const twoPlatforms = new Map([
  [
    factsKey({ name: ALPINE, platform: "linux/amd64" }),
    facts(ALPINE, { user: "", created: { time: "2024-01-01T00:00:00Z", source: "config" } }),
  ],
  [
    factsKey({ name: ALPINE, platform: "linux/arm64" }),
    facts(ALPINE, { user: "65532", created: { time: "2025-06-01T00:00:00Z", source: "config" } }),
  ],
]);

describe("registry facts per platform", () => {
  it("lists each image once per platform it is pulled for", () => {
    const text = [
      "FROM --platform=linux/arm64 alpine:3.20 AS arm",
      "FROM --platform=$BUILDPLATFORM alpine:3.20 AS build",
      "FROM alpine:3.20",
      "COPY --from=alpine:3.20 /etc/os-release /",
      "COPY --from=arm /etc/os-release /arm",
    ].join("\n");
    expect(baseImageTargets([{ path: "Dockerfile", text }])).toEqual([
      { name: ALPINE, platform: "linux/arm64" },
      { name: ALPINE, platform: "linux/amd64" },
    ]);
    expect(baseImageTargets([{ path: "Dockerfile", text }], { platform: "linux/arm64" })).toEqual([
      { name: ALPINE, platform: "linux/arm64" },
    ]);
  });

  it("judges age and the final user by the facts of the FROM's platform", () => {
    const arm = "FROM --platform=linux/arm64 alpine:3.20\n";
    expect(hits(arm, "base-image-too-old", { facts: twoPlatforms })).toEqual([]);
    expect(hits(arm, "dockerfile-root-user", { facts: twoPlatforms })).toEqual([]);
    const plain = "FROM alpine:3.20\n";
    expect(hits(plain, "base-image-too-old", { facts: twoPlatforms })).toEqual([
      "1:6 alpine:3.20 was built 531 days ago (2024-01-01, from its config); the policy allows 180.",
    ]);
    expect(hits(plain, "dockerfile-root-user", { facts: twoPlatforms })).toEqual([
      "1:1 The final stage sets no USER and alpine:3.20 runs as root (it sets no user).",
    ]);
    // The run's platform decides for a FROM without one.
    const onArm = { facts: twoPlatforms, options: { platform: "linux/arm64" } };
    expect(hits(plain, "base-image-too-old", onArm)).toEqual([]);
    // A stage built on a stage inherits its image, read for that stage's platform.
    const inherited = "FROM --platform=linux/arm64 alpine:3.20 AS base\nFROM base\n";
    expect(hits(inherited, "dockerfile-root-user", { facts: twoPlatforms })).toEqual([]);
  });

  it("says where an unknown --platform made the run's platform stand in, only when facts were read", () => {
    const text = "FROM --platform=$BUILDPLATFORM alpine:3.20\nFROM --platform=linux/arm64 alpine:3.20\n";
    expect(hits(text, "base-image-platform-unresolved", { facts: twoPlatforms })).toEqual([
      "1:17 --platform=$BUILDPLATFORM is not known ($BUILDPLATFORM depends on the machine that builds; pass it with --build-arg BUILDPLATFORM=...): docker.io/library/alpine:3.20 was checked for linux/amd64, the run's platform.",
    ]);
    expect(hits(text, "base-image-platform-unresolved")).toEqual([]);
    const given = { facts: twoPlatforms, options: { buildArgs: { BUILDPLATFORM: "linux/arm64" } } };
    expect(hits(text, "base-image-platform-unresolved", given)).toEqual([]);
    expect(hits(text, "base-image-too-old", given)).toEqual([]);
  });

  it("facts missing for a platform are reported as unverifiable, not taken from another platform", () => {
    expect(
      hits("FROM --platform=linux/s390x alpine:3.20\n", "base-image-unverifiable", { facts: twoPlatforms }),
    ).toEqual([
      "1:29 Could not check docker.io/library/alpine:3.20: no registry facts were gathered for it.",
    ]);
  });

  it("rejects a run platform that is not os/architecture", () => {
    expect(() => check("FROM alpine:3.20\n", { options: { platform: "arm64" } })).toThrow(
      'Invalid platform "arm64": expected os/architecture[/variant], such as linux/arm64.',
    );
  });
});

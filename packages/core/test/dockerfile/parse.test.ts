// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${...} for its own variables.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type DockerfileModel, parseDockerfile } from "../../src/dockerfile/index.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/dockerfiles/${name}`, import.meta.url), "utf8");

function parseText(text: string, buildArgs?: Record<string, string>): DockerfileModel {
  return parseDockerfile({ path: "Dockerfile", text }, buildArgs ? { buildArgs } : {});
}

const parse = (name: string, buildArgs?: Record<string, string>) => parseText(fixture(name), buildArgs);

/** Each image as "start-end source@stage text -> result": the exact range, then what it resolved to. */
function uses(model: DockerfileModel): string[] {
  return model.images.map((use) => {
    const r = use.region;
    const where = `${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn}`;
    const flag = use.platformFlag;
    const platform = flag
      ? ` platform=${flag.text}${flag.unresolved !== undefined ? ` (unknown, so ${use.platform})` : ""}`
      : "";
    const result = use.status === "resolved" ? use.name : `${use.status}: ${use.reason}`;
    return `${where} ${use.source}@${use.stage} ${use.text}${platform} -> ${result}`;
  });
}

const problems = (model: DockerfileModel) =>
  model.problems.map((p) => `${p.region.startLine}:${p.region.startColumn} ${p.message}`);

/** The stages as "index name <- base". */
const stages = (model: DockerfileModel) =>
  model.stages.map((stage) => {
    const base =
      stage.base.kind === "image"
        ? stage.base.image.text
        : stage.base.kind === "stage"
          ? `stage ${stage.base.stage}`
          : "scratch";
    return `${stage.index} ${stage.name ?? "-"} <- ${base}${stage.user ? ` user=${stage.user.value ?? stage.user.text}` : ""}`;
  });

describe("the images a Dockerfile pulls", () => {
  it("expands global ARGs in FROM, with defaults, build args and nested ARG defaults", () => {
    const model = parse("arg-driven.Dockerfile");
    expect(uses(model)).toEqual([
      "5:6-5:30 from@0 ${IMAGE}:${VERSION:-1.4} -> ghcr.io/acme/base:1.4",
      "9:6-9:21 from@1 $IMAGE:$VERSION -> unresolved: ARG VERSION has no default; pass it with --build-arg VERSION=...",
      "10:6-10:30 from@2 ${UNDECLARED}alpine:3.20 -> unresolved: $UNDECLARED is not declared with ARG or ENV before it is used",
    ]);
    expect(problems(model)).toEqual([]);
  });

  it("lets build args override declared ARGs, and only those", () => {
    const model = parse("arg-driven.Dockerfile", {
      VERSION: "2.0",
      REGISTRY: "registry.internal:5000",
      UNDECLARED: "evil/",
    });
    expect(uses(model).map((u) => u.split(" -> ")[1])).toEqual([
      "registry.internal:5000/acme/base:2.0",
      "registry.internal:5000/acme/base:2.0",
      "unresolved: $UNDECLARED is not declared with ARG or ENV before it is used",
    ]);
  });

  it("never takes an ARG's value from the build-args object's prototype (toString, constructor)", () => {
    const model = parseText(
      "ARG toString\nARG constructor\nFROM alpine:${toString}\nFROM alpine:${constructor}\n",
      { OTHER: "x" },
    );
    expect(uses(model).map((u) => u.split(" -> ")[1])).toEqual([
      "unresolved: ARG toString has no default; pass it with --build-arg toString=...",
      "unresolved: ARG constructor has no default; pass it with --build-arg constructor=...",
    ]);
  });

  it("tells stages from images: earlier stages by exact lowercase name, COPY --from by name or index", () => {
    const model = parse("stages.Dockerfile");
    expect(stages(model)).toEqual([
      "0 builder <- golang:1.22",
      "1 test <- stage 0",
      // A FROM can only build on an earlier stage: a later one's name is an image name.
      "2 too-early <- assets",
      "3 runtime <- gcr.io/distroless/static-debian12:nonroot",
      "4 assets <- scratch",
    ]);
    expect(uses(model)).toEqual([
      "1:6-1:17 from@0 golang:1.22 -> docker.io/library/golang:1.22",
      "7:6-7:12 from@2 assets -> docker.io/library/assets:latest",
      "8:6-8:47 from@3 gcr.io/distroless/static-debian12:nonroot -> gcr.io/distroless/static-debian12:nonroot",
    ]);
  });

  it("does not read heredoc bodies as instructions", () => {
    const model = parse("heredoc.Dockerfile");
    expect(uses(model)).toEqual([
      "2:6-2:26 from@0 debian:bookworm-slim -> docker.io/library/debian:bookworm-slim",
      "13:6-13:22 from@1 python:3.12-slim -> docker.io/library/python:3.12-slim",
    ]);
    expect(problems(model)).toEqual([]);
  });

  it("follows line continuations and skips comments between continuation lines", () => {
    expect(uses(parse("continuations.Dockerfile"))).toEqual([
      "3:3-3:46 from@0 registry.example.com:5000/team/base:2024.10 -> registry.example.com:5000/team/base:2024.10",
      "9:10-9:43 copy-from@0 quay.io/prometheus/busybox:latest -> quay.io/prometheus/busybox:latest",
    ]);
  });

  it("honours the escape directive", () => {
    const model = parse("escape.Dockerfile");
    expect(uses(model)).toEqual([
      "2:6-2:51 from@0 mcr.microsoft.com/windows/servercore:ltsc2022 -> mcr.microsoft.com/windows/servercore:ltsc2022",
      "6:6-6:51 from@1 mcr.microsoft.com/windows/nanoserver:ltsc2022 -> mcr.microsoft.com/windows/nanoserver:ltsc2022",
    ]);
    expect(stages(model)).toEqual([
      "0 build <- mcr.microsoft.com/windows/servercore:ltsc2022",
      "1 - <- mcr.microsoft.com/windows/nanoserver:ltsc2022 user=ContainerUser",
    ]);
  });

  it("finds external images in COPY --from and RUN --mount from=, not in cache or tmpfs mounts", () => {
    expect(uses(parse("external-copy.Dockerfile"))).toEqual([
      "1:6-1:20 from@0 node:20-alpine -> docker.io/library/node:20-alpine",
      "2:13-2:43 copy-from@0 docker.io/library/busybox:1.36 -> docker.io/library/busybox:1.36",
      `3:13-3:103 copy-from@0 ghcr.io/acme/tools@sha256:${"0123456789abcdef".repeat(4)} -> ghcr.io/acme/tools@sha256:${"0123456789abcdef".repeat(4)}`,
      "4:28-4:39 mount-from@0 golang:1.22 -> docker.io/library/golang:1.22",
    ]);
  });

  it("reads lowercase instructions and keeps --platform, expanded when known", () => {
    const model = parse("platform-lowercase.Dockerfile");
    expect(uses(model)).toEqual([
      "2:32-2:43 from@0 golang:1.22 platform=$BUILDPLATFORM (unknown, so linux/amd64) -> docker.io/library/golang:1.22",
      "4:29-4:40 from@1 alpine:3.20 platform=linux/arm64 -> docker.io/library/alpine:3.20",
    ]);
    expect(stages(model)[1]).toBe("1 - <- alpine:3.20 user=0:0");
    expect(model.images[0]!.platformFlag).toEqual({
      text: "$BUILDPLATFORM",
      region: { startLine: 2, startColumn: 17, endLine: 2, endColumn: 31 },
      unresolved:
        "$BUILDPLATFORM depends on the machine that builds; pass it with --build-arg BUILDPLATFORM=...",
    });
    const given = parse("platform-lowercase.Dockerfile", { BUILDPLATFORM: "linux/arm/v7" });
    expect(given.images[0]!.platform).toBe("linux/arm/v7");
    expect(given.images[0]!.platformFlag?.unresolved).toBeUndefined();
  });

  it("reads each image for its FROM's platform, else the run's", () => {
    const text = [
      "ARG TARGETPLATFORM",
      "ARG ARCH=arm64",
      "FROM --platform=linux/${ARCH} alpine:3.20 AS arm",
      "FROM --platform=$TARGETPLATFORM alpine:3.20 AS target",
      "FROM --platform=Linux/ARM64/V8 alpine:3.20 AS spelled",
      "FROM --platform=arm64 alpine:3.20 AS bare",
      "FROM alpine:3.20",
      "COPY --from=busybox:1.36 /bin/sh /sh",
    ].join("\n");
    const run = (options: Parameters<typeof parseDockerfile>[1]) =>
      parseDockerfile({ path: "Dockerfile", text }, options).images.map(
        (use) =>
          `${use.platform}${use.platformFlag?.unresolved !== undefined ? ` (${use.platformFlag.unresolved})` : ""}`,
      );
    expect(run({})).toEqual([
      "linux/arm64",
      // A global `ARG TARGETPLATFORM` keeps what BuildKit sets: the target, the run's platform.
      "linux/amd64",
      "linux/arm64/v8",
      'linux/amd64 ("arm64" is not a platform: expected os/architecture[/variant], such as linux/arm64)',
      "linux/amd64",
      "linux/amd64",
    ]);
    expect(run({ platform: "linux/ppc64le", buildArgs: { TARGETPLATFORM: "linux/s390x" } })).toEqual([
      "linux/arm64",
      "linux/s390x",
      "linux/arm64/v8",
      'linux/ppc64le ("arm64" is not a platform: expected os/architecture[/variant], such as linux/arm64)',
      "linux/ppc64le",
      "linux/ppc64le",
    ]);
  });

  it("takes $TARGETPLATFORM, $TARGETOS, $TARGETARCH and $TARGETVARIANT from the run's platform, unless given", () => {
    const text = [
      "ARG TARGETARCH",
      "FROM registry.example.com/base-${TARGETARCH}${TARGETVARIANT}:1.0",
      "FROM registry.example.com/${TARGETOS}/tools:2",
      "FROM registry.example.com/builder-${BUILDARCH}:1",
    ].join("\n");
    const run = (options: Parameters<typeof parseDockerfile>[1]) =>
      parseDockerfile({ path: "Dockerfile", text }, options).images.map((use) =>
        use.status === "resolved" ? use.name : `${use.status}: ${use.reason}`,
      );
    expect(run({})).toEqual([
      "registry.example.com/base-amd64:1.0",
      "registry.example.com/linux/tools:2",
      "unresolved: $BUILDARCH depends on the machine that builds; pass it with --build-arg BUILDARCH=...",
    ]);
    expect(run({ platform: "linux/arm/v7", buildArgs: { BUILDARCH: "amd64" } }).slice(0, 3)).toEqual([
      "registry.example.com/base-armv7:1.0",
      "registry.example.com/linux/tools:2",
      "registry.example.com/builder-amd64:1",
    ]);
    expect(run({ platform: "linux/arm64", buildArgs: { TARGETARCH: "riscv64" } })[0]).toBe(
      "registry.example.com/base-riscv64:1.0",
    );
    // Normalised as BuildKit passes them: default variants dropped or filled in.
    expect(run({ platform: "linux/arm64/v8" })[0]).toBe("registry.example.com/base-arm64:1.0");
    expect(run({ platform: "linux/arm" })[0]).toBe("registry.example.com/base-armv7:1.0");
    expect(run({ platform: "linux/x86_64" })[0]).toBe("registry.example.com/base-amd64:1.0");
    expect(run({ platform: "arm64" })[0]).toMatch(
      /^unresolved: \$TARGETARCH comes from the run's platform, "arm64", which is not os\/architecture/,
    );
  });

  it("reports invalid references, never normalising them into something else", () => {
    expect(uses(parse("invalid-digest.Dockerfile"))).toEqual([
      '1:6-1:29 from@0 alpine:3.20@sha256:1234 -> invalid: Invalid image reference "alpine:3.20@sha256:1234": the digest must be sha256:<64 hex> or sha512:<128 hex>, in lowercase.',
      `2:6-2:18 from@1 Nginx:latest -> invalid: Invalid image reference "Nginx:latest": repository path component "Nginx" must be lowercase letters and digits, separated by '.', '_', '__' or '-'.`,
      `3:6-3:83 from@2 nginx@sha256:0123456789ABCDEF${"0123456789abcdef".repeat(3)} -> invalid: Invalid image reference "nginx@sha256:0123456789ABCDEF${"0123456789abcdef".repeat(3)}": the digest must be sha256:<64 hex> or sha512:<128 hex>, in lowercase.`,
    ]);
  });
});

describe("input that is not a (complete) Dockerfile", () => {
  it("says a file without FROM is not a Dockerfile", () => {
    const model = parse("not-a-dockerfile.Dockerfile");
    expect(problems(model)).toEqual([
      '1:1 This is not a Dockerfile: it has no FROM instruction (line 1 reads "apiVersion: v1").',
    ]);
    expect(model.images).toEqual([]);
    expect(problems(parseText(""))).toEqual(["1:1 This is not a Dockerfile: it is empty."]);
  });

  it("reports an unterminated heredoc, whose body swallowed the rest of the file", () => {
    const model = parse("unterminated-heredoc.Dockerfile");
    expect(problems(model)).toEqual([
      '2:5 The heredoc <<END is never closed by a "END" line: the rest of the file became its content and was not read as instructions.',
    ]);
    expect(uses(model)).toEqual(["1:6-1:17 from@0 alpine:3.20 -> docker.io/library/alpine:3.20"]);
  });

  it("reports unknown instructions, instructions before FROM and stage indexes out of range", () => {
    const model = parseText("RUN echo early\nFROM alpine:3.20\nFETCH something\nCOPY --from=3 /a /b\nFROM\n");
    expect(problems(model)).toEqual([
      "1:1 RUN before the first FROM: only ARG may come before it.",
      '3:1 Unknown instruction "FETCH": the build would fail here.',
      "4:13 COPY --from=3 names stage 3, but the Dockerfile has 2 stage(s), numbered from 0.",
    ]);
    expect(uses(model)[1]).toBe("5:1-5:5 from@1  -> invalid: FROM names no image");
  });
});

describe("variables outside FROM", () => {
  it("refuses variables in COPY --from and mount from=, as BuildKit does not expand them", () => {
    const model = parseText(
      "ARG TOOLS=busybox:1.36\nFROM alpine:3.20\nARG TOOLS\nCOPY --from=${TOOLS} /a /b\nRUN --mount=from=$TOOLS,target=/t true\n",
    );
    expect(uses(model).slice(1)).toEqual([
      "4:13-4:21 copy-from@0 ${TOOLS} -> unresolved: BuildKit does not expand variables in COPY --from; use a stage (FROM ${TOOLS} AS name) and refer to it by name",
      "5:18-5:24 mount-from@0 $TOOLS -> unresolved: BuildKit does not expand variables in RUN --mount from=; use a stage (FROM $TOOLS AS name) and refer to it by name",
    ]);
  });

  it("expands USER with the stage's ARGs (re-declared globals, build args) and ENV, inheriting from stages", () => {
    const text = [
      "ARG UID=1000",
      "FROM alpine:3.20 AS base",
      "ARG UID",
      "ENV GID=2000",
      "FROM base AS app",
      "USER ${UID}:${GID}",
      "FROM alpine:3.20",
      "USER $UID",
      "FROM scratch",
      "USER ${NOPE:-65532}",
    ].join("\n");
    expect(stages(parseText(text))).toEqual([
      "0 base <- alpine:3.20",
      "1 app <- stage 0 user=1000:2000",
      // Not re-declared in this stage, so the global ARG is not visible; the base image's ENV might set it.
      "2 - <- alpine:3.20 user=$UID",
      "3 - <- scratch user=65532",
    ]);
    expect(stages(parseText(text, { UID: "0" }))[1]).toBe("1 app <- stage 0 user=0:2000");
    // Through a stage, an undeclared variable may still come from the image at the bottom, or not.
    const inherited = (base: string) =>
      stages(parseText(`FROM ${base} AS a\nFROM a\nUSER \${APP_UID:-0}\n`))[1];
    expect(inherited("alpine:3.20")).toBe("1 - <- stage 0 user=${APP_UID:-0}");
    expect(inherited("scratch")).toBe("1 - <- stage 0 user=0");
  });

  it("strips a byte-order mark so columns match what editors show", () => {
    expect(uses(parseText("\uFEFFFROM alpine:3.20\r\n"))).toEqual([
      "1:6-1:17 from@0 alpine:3.20 -> docker.io/library/alpine:3.20",
    ]);
  });
});

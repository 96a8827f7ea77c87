// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${...} for its own variables.
import { describe, expect, it } from "vitest";
import { checkDockerfiles } from "../../../src/rules/base-image/index.js";
import { check, DIGEST_A, DIGEST_B, facts, factsMap, hits, NOW } from "./helpers.js";

describe("base-image-latest-tag", () => {
  it("reports no tag and :latest, on the reference", () => {
    const text = "FROM nginx\nFROM ghcr.io/acme/app:latest AS app\nCOPY --from=busybox /bin/sh /bin/sh\n";
    expect(hits(text, "base-image-latest-tag")).toEqual([
      '1:6 "nginx" has no tag, so it means :latest, which moves.',
      '2:6 "ghcr.io/acme/app:latest" uses the moving tag :latest.',
      '3:13 "busybox" has no tag, so it means :latest, which moves.',
    ]);
  });

  it("passes versions and anything pinned by digest", () => {
    const text = `FROM nginx:1.27\nFROM nginx:latest@${DIGEST_A}\nFROM nginx@${DIGEST_A}\n`;
    expect(hits(text, "base-image-latest-tag")).toEqual([]);
  });
});

describe("base-image-not-pinned", () => {
  const text = "FROM node:22-alpine AS build\nFROM nginx\nFROM ${IMG:-nginx:1.27}\n";

  it("reports every unpinned pull; offline without a fix", () => {
    const result = check(text);
    const pins = result.findings.filter((f) => f.ruleId === "base-image-not-pinned");
    expect(pins.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([
      '1:6 "node:22-alpine" is not pinned by digest.',
      '2:6 "nginx" is not pinned by digest.',
      '3:6 "${IMG:-nginx:1.27}" is not pinned by digest.',
    ]);
    expect(pins.every((f) => f.fix === undefined)).toBe(true);
    // Offline, the rules that need the registry do not run at all.
    expect(result.rules.some((r) => r.online)).toBe(false);
  });

  it("offers the exact pin, keeping the tag, when the registry says where the tag points", () => {
    const result = check(text, {
      facts: factsMap(
        facts("docker.io/library/node:22-alpine", { tagDigest: DIGEST_A }),
        facts("docker.io/library/nginx:latest", { tagDigest: DIGEST_B }),
        facts("docker.io/library/nginx:1.27", { tagDigest: DIGEST_B }),
      ),
    });
    const fixes = result.findings.filter((f) => f.ruleId === "base-image-not-pinned").map((f) => f.fix);
    expect(fixes[0]).toEqual({
      description: "Pin node:22-alpine to the digest its tag points at now",
      replacements: [
        {
          region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 20 },
          text: `node:22-alpine@${DIGEST_A}`,
        },
      ],
    });
    expect(fixes[1]?.replacements[0]?.text).toBe(`nginx@${DIGEST_B}`);
    // Written with a variable: replacing it would change the Dockerfile's meaning, so no edit.
    expect(fixes[2]).toBeUndefined();
  });
});

describe("base-image-not-allowed", () => {
  const text = [
    "FROM nginx:1.27",
    "FROM ghcr.io/acme/base/node:22",
    "FROM ghcr.io/evil/base:1",
    "FROM 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1",
    "FROM quay.io/prometheus/busybox:1",
  ].join("\n");

  it("is silent without an allow-list", () => {
    expect(hits(text, "base-image-not-allowed")).toEqual([]);
  });

  it("matches registry and repository globs against the normalised reference", () => {
    const baseImages = {
      allowedSources: [
        { registry: "docker.io", repositories: ["library/*"] },
        { registry: "ghcr.io", repositories: ["acme/**"] },
        { registry: "*.dkr.ecr.*.amazonaws.com" },
      ],
    };
    expect(hits(text, "base-image-not-allowed", { config: { baseImages } })).toEqual([
      "3:6 ghcr.io/evil/base:1 comes from a source that is not allowed (allowed: docker.io/library/*, ghcr.io/acme/**, *.dkr.ecr.*.amazonaws.com/**).",
      "5:6 quay.io/prometheus/busybox:1 comes from a source that is not allowed (allowed: docker.io/library/*, ghcr.io/acme/**, *.dkr.ecr.*.amazonaws.com/**).",
    ]);
  });
});

describe("dockerfile-root-user", () => {
  const root = (text: string, input = {}) => hits(text, "dockerfile-root-user", input);

  it.each([["USER root"], ["USER 0"], ["USER 0:0"], ["user root:staff"]])(
    "reports %s in the final stage",
    (user) => {
      expect(root(`FROM alpine:3.20\n${user}\n`)).toEqual([
        `2:6 The final stage runs as root (USER ${user.slice(5)}).`,
      ]);
    },
  );

  it("considers only the last USER of the final stage", () => {
    expect(root("FROM alpine:3.20\nUSER 0\nRUN apk add curl\nUSER app\n")).toEqual([]);
    expect(root("FROM alpine:3.20\nUSER app\nFROM alpine:3.20\nUSER root\n")).toEqual([
      "4:6 The final stage runs as root (USER root).",
    ]);
  });

  it("inherits USER through the stages the final stage builds FROM", () => {
    expect(root("FROM alpine:3.20 AS base\nUSER app\nFROM base\nRUN true\n")).toEqual([]);
    expect(root("FROM alpine:3.20 AS base\nUSER app\nFROM alpine:3.20\nCOPY --from=base / /\n")).toEqual([
      "3:1 The final stage sets no USER, so it runs as alpine:3.20's user: root, unless that image sets another.",
    ]);
  });

  it("knows scratch runs as root, and reads the base image's user from registry facts", () => {
    expect(root("FROM golang:1.22 AS build\nUSER app\nFROM scratch\nCOPY --from=build /app /app\n")).toEqual([
      "3:1 The final stage sets no USER and builds on scratch, so it runs as root.",
    ]);
    const distroless = "FROM gcr.io/distroless/static:nonroot\n";
    const name = "gcr.io/distroless/static:nonroot";
    expect(root(distroless, { facts: factsMap(facts(name, { user: "65532" })) })).toEqual([]);
    expect(root(distroless, { facts: factsMap(facts(name, { user: "" })) })).toEqual([
      "1:1 The final stage sets no USER and gcr.io/distroless/static:nonroot runs as root (it sets no user).",
    ]);
  });

  it("checks the --target stage rather than the last one", () => {
    const text = "FROM alpine:3.20 AS debug\nUSER root\nFROM alpine:3.20 AS prod\nUSER app\n";
    expect(root(text)).toEqual([]);
    expect(root(text, { options: { target: "debug" } })).toEqual([
      "2:6 The final stage runs as root (USER root).",
    ]);
  });

  it("does not guess a USER it cannot expand", () => {
    expect(root("FROM alpine:3.20\nUSER $APP_USER\n")).toEqual([]);
    expect(root("FROM alpine:3.20\nARG RUN_AS=0\nUSER ${RUN_AS}\n")).toEqual([
      "3:6 The final stage runs as root (USER ${RUN_AS}).",
    ]);
  });
});

describe("input problems and unresolved references", () => {
  it("reports them as findings, and still checks the other Dockerfiles", () => {
    const result = checkDockerfiles(
      [
        { path: "broken/Dockerfile", text: "FROM alpine:3.20\nRUN <<EOF\nnever closed\n" },
        { path: "notes.Dockerfile", text: "just some notes\n" },
        { path: "ok/Dockerfile", text: "FROM nginx\n" },
      ],
      { rules: {}, exemptions: [] },
      undefined,
      { now: NOW },
    );
    expect(
      result.findings
        .filter((f) => f.ruleId === "dockerfile-invalid")
        .map((f) => `${f.location.path}:${f.location.startLine}`),
    ).toEqual(["broken/Dockerfile:2", "notes.Dockerfile:1"]);
    expect(result.findings.filter((f) => f.location.path === "ok/Dockerfile").map((f) => f.ruleId)).toEqual([
      "base-image-latest-tag",
      "base-image-not-pinned",
      "dockerfile-root-user",
    ]);
    expect(hits("ARG TAG\nFROM alpine:$TAG\n", "base-image-unresolved")).toEqual([
      '2:6 Cannot tell which image "alpine:$TAG" is: ARG TAG has no default; pass it with --build-arg TAG=....',
    ]);
    expect(hits("FROM alpine:3.20@sha256:123\n", "base-image-invalid-reference")).toEqual([
      '1:6 Invalid image reference "alpine:3.20@sha256:123": the digest must be sha256:<64 hex> or sha512:<128 hex>, in lowercase.',
    ]);
  });
});

describe("configuration", () => {
  it("switches rules off, changes severities, and applies exemptions", () => {
    const text = "FROM nginx\n";
    const result = check(text, {
      config: {
        rules: {
          "base-image-latest-tag": { enabled: false },
          "base-image-not-pinned": { severity: "error" },
        },
        exemptions: [{ rules: ["dockerfile-root-user"], paths: ["Dockerfile"], reason: "legacy image" }],
      },
    });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.suppressed?.reason])).toEqual([
      ["base-image-not-pinned", "error", undefined],
      ["dockerfile-root-user", "warning", "legacy image"],
    ]);
  });

  it("expires exemptions by the UTC date of now, whatever offset now is written with", () => {
    const exemptions = [{ rules: ["*"], reason: "until the 15th", expires: "2025-06-15" }];
    // 23:30 at UTC-5 is already the 16th in UTC: the exemption has expired, as it has for manifests.
    const late = check("FROM nginx:1.27\n", {
      config: { exemptions },
      options: { now: "2025-06-15T23:30:00-05:00" },
    });
    expect(late.findings.filter((f) => f.suppressed)).toEqual([]);
    const sameDay = check("FROM nginx:1.27\n", { config: { exemptions } });
    expect(sameDay.findings.every((f) => f.suppressed?.kind === "config")).toBe(true);
  });

  it("fingerprints findings by file and reference, not by line", () => {
    const before = check("FROM nginx:1.27\n").findings.map((f) => f.fingerprint);
    const after = check("# a comment\n\nFROM nginx:1.27\n").findings.map((f) => f.fingerprint);
    expect(after).toEqual(before);
    const distinct = check("FROM nginx:1.27 AS a\nFROM nginx:1.26\n").findings.map((f) => f.fingerprint);
    expect(new Set(distinct).size).toBe(3);
  });
});

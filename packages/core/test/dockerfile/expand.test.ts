// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${...} for its own variables.
import { describe, expect, it } from "vitest";
import { type Binding, expandWord } from "../../src/dockerfile/expand.js";

const vars: Record<string, Binding> = {
  IMAGE: { kind: "value", value: "alpine" },
  EMPTY: { kind: "value", value: "" },
  NODEFAULT: { kind: "unset", why: "ARG NODEFAULT has no default" },
  ARCH: { kind: "unknown", why: "$ARCH depends on the platform" },
};
const expand = (word: string, escapeChar?: string) => expandWord(word, (name) => vars[name], escapeChar);

describe("expandWord", () => {
  it.each([
    ["$IMAGE:3.20", "alpine:3.20"],
    ["${IMAGE}:3.20", "alpine:3.20"],
    ["${NODEFAULT:-1.4}", "1.4"],
    ["${NODEFAULT-1.4}", "1.4"],
    ["${EMPTY:-1.4}", "1.4"],
    ["x${EMPTY-1.4}", "x"],
    ["${IMAGE:+set}", "set"],
    ["${EMPTY:+set}", ""],
    ["${EMPTY+set}", "set"],
    ["${MISSING:-${IMAGE}}", "alpine"],
    ["${IMAGE:-$MISSING}", "alpine"],
    ["${NODEFAULT:+$MISSING}", ""],
    ['"$IMAGE":1', "alpine:1"],
    ["'$IMAGE'", "$IMAGE"],
    ["\\$IMAGE", "$IMAGE"],
    ["a$", "a$"],
    ["$-x", "$-x"],
  ])("%s -> %s", (word, value) => {
    expect(expand(word)).toEqual({ ok: true, value });
  });

  it.each([
    ["$NODEFAULT", "ARG NODEFAULT has no default"],
    ["${MISSING}", "$MISSING is not declared with ARG or ENV before it is used"],
    ["${ARCH:-amd64}", "$ARCH depends on the platform"],
    ["${NODEFAULT:-$MISSING}", "$MISSING is not declared with ARG or ENV before it is used"],
    ["${IMAGE#al}", "${IMAGE#...} is an expansion Bulwark does not evaluate"],
    ["${NODEFAULT:?set it}", "${NODEFAULT:?} stops the build: set it"],
    ["${IMAGE", '"${IMAGE" has a ${ without its closing }'],
    ["'open", `"'open" has an unterminated single quote`],
  ])("%s is unresolved", (word, reason) => {
    expect(expand(word)).toEqual({ ok: false, reasons: [reason] });
  });

  it("lists every unresolved variable once", () => {
    expect(expand("$NODEFAULT/$ARCH:$NODEFAULT")).toEqual({
      ok: false,
      reasons: ["ARG NODEFAULT has no default", "$ARCH depends on the platform"],
    });
  });

  it("uses the escape character the directive chose", () => {
    expect(expand("`$IMAGE\\x", "`")).toEqual({ ok: true, value: "$IMAGE\\x" });
  });
});

import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, formatCommand, verbatim } from "../src/commands.js";

describe("workflow commands", () => {
  it("escapes the characters the runner decodes in data, and no others", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
  });

  it("escapes property separators in properties", () => {
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });

  it("keeps a hostile message on one line, so it cannot start a command of its own", () => {
    const line = formatCommand("error", { file: "x.yaml" }, "bad\n::set-output name=x::1\n::add-mask::y");
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toBe("::error file=x.yaml::bad%0A::set-output name=x::1%0A::add-mask::y");
  });

  it("keeps a hostile file name from adding properties", () => {
    const line = formatCommand("warning", { file: "a,line=99,title=x:y.yaml", line: 3 }, "m");
    expect(line).toBe("::warning file=a%2Cline=99%2Ctitle=x%3Ay.yaml,line=3::m");
  });

  it("leaves out empty properties and writes none when there are none", () => {
    expect(formatCommand("notice", { title: undefined, file: "" }, "hello")).toBe("::notice::hello");
  });

  it("wraps text that contains command markers between stop-commands markers with a fresh token", () => {
    const wrapped = verbatim("line\n::error::injected");
    const [first, , , last] = wrapped.split("\n");
    const token = /^::stop-commands::(.+)$/.exec(first!)?.[1];
    expect(token).toMatch(/^bulwark-[0-9a-f-]{36}$/);
    expect(last).toBe(`::${token}::`);
    expect(verbatim("line\n::error::injected")).not.toBe(wrapped);
    expect(verbatim("plain text")).toBe("plain text");
  });
});

import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import {
  familiarImageReference,
  formatImageReference,
  isDigest,
  parseImageReference,
} from "../../src/images/reference.js";

const SHA256 = `sha256:${"a".repeat(64)}`;
const SHA512 = `sha512:${"b".repeat(128)}`;

describe("parseImageReference", () => {
  it.each([
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["bitnami/redis", "docker.io/bitnami/redis:latest"],
    ["docker.io/nginx", "docker.io/library/nginx:latest"],
    ["index.docker.io/library/nginx:1", "docker.io/library/nginx:1"],
    ["ghcr.io/org/team/app:v1.2.3", "ghcr.io/org/team/app:v1.2.3"],
    ["localhost/app", "localhost/app:latest"],
    ["localhost:5000/x", "localhost:5000/x:latest"],
    ["127.0.0.1:5000/a/b:t", "127.0.0.1:5000/a/b:t"],
    ["[::1]:5000/app", "[::1]:5000/app:latest"],
    [`nginx@${SHA256}`, `docker.io/library/nginx@${SHA256}`],
    [`ghcr.io/o/a:v1@${SHA256}`, `ghcr.io/o/a:v1@${SHA256}`],
    [`quay.io/o/a@${SHA512}`, `quay.io/o/a@${SHA512}`],
    ["my_user/my-app__x.y", "docker.io/my_user/my-app__x.y:latest"],
  ])("normalises %s to %s", (text, canonical) => {
    expect(formatImageReference(parseImageReference(text))).toBe(canonical);
  });

  it("splits the parts, keeping both tag and digest when both are given", () => {
    expect(parseImageReference(`localhost:5000/team/app:v1@${SHA256}`)).toEqual({
      registry: "localhost:5000",
      repository: "team/app",
      tag: "v1",
      digest: SHA256,
    });
  });

  it("adds no latest tag to a digest-only reference", () => {
    expect(parseImageReference(`ghcr.io/o/a@${SHA256}`).tag).toBeUndefined();
  });

  it("treats a first component with an uppercase letter as a registry, as Docker does", () => {
    expect(parseImageReference("Registry/app").registry).toBe("Registry");
  });

  it.each([
    ["", "empty"],
    [" nginx", "whitespace"],
    ["Nginx", "lowercase"],
    ["docker.io/Org/app", "lowercase"],
    ["nginx:", "a tag is"],
    ["nginx:-x", "a tag is"],
    [`nginx:${"t".repeat(129)}`, "a tag is"],
    ["nginx@sha256:abc", "the digest"],
    [`nginx@sha256:${"A".repeat(64)}`, "the digest"],
    [`nginx@md5:${"a".repeat(32)}`, "the digest"],
    ["a//b", "component"],
    ["a/-b", "component"],
    ["ho_st.io/app", "not a registry host"],
    [`r.io/${"a".repeat(256)}`, "longer than 255"],
  ])("rejects %j with a message about %s", (text, why) => {
    expect(() => parseImageReference(text)).toThrow(ConfigError);
    expect(() => parseImageReference(text)).toThrow(why);
  });
});

describe("isDigest", () => {
  it("accepts sha256 and sha512 of the right length only", () => {
    expect([SHA256, SHA512].map(isDigest)).toEqual([true, true]);
    expect([`sha256:${"a".repeat(63)}`, `sha512:${"a".repeat(64)}`, "sha256"].map(isDigest)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe("familiarImageReference", () => {
  it("drops docker.io and library/ the way Docker prints names", () => {
    expect(familiarImageReference(parseImageReference("docker.io/library/nginx:1"))).toBe("nginx:1");
    expect(familiarImageReference(parseImageReference("bitnami/redis"))).toBe("bitnami/redis:latest");
    expect(familiarImageReference(parseImageReference("ghcr.io/o/a:v1"))).toBe("ghcr.io/o/a:v1");
  });
});

import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { DOCKERFILE_GLOBS, isDockerfileName } from "../../src/dockerfile/names.js";

const named = [
  "Dockerfile",
  "services/api/Dockerfile",
  "api.Dockerfile",
  "docker/Dockerfile.prod",
  "Containerfile",
  "build/Containerfile.arm64",
];
const notNamed = [
  "dockerfile.md",
  "Dockerfiles/readme.txt",
  "my-Dockerfile",
  "Dockerfile/x",
  "docs/Dockerfile-guide.md",
];

describe("Dockerfile names", () => {
  it.each(named)("%s is a Dockerfile", (path) => {
    expect(isDockerfileName(path)).toBe(true);
    expect(picomatch.isMatch(path, DOCKERFILE_GLOBS as string[])).toBe(true);
  });

  it.each(notNamed)("%s is not", (path) => {
    expect(isDockerfileName(path)).toBe(false);
    expect(picomatch.isMatch(path, DOCKERFILE_GLOBS as string[])).toBe(false);
  });
});

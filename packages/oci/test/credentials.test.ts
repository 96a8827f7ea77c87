import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  dockerConfigCredentials,
  type Exec,
  firstCredential,
  githubTokenCredentials,
  loadDockerConfig,
  parseChallenges,
} from "../src/index.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const helperSays = (stdout: string, exitCode = 0): Exec =>
  vi.fn(async () => ({ exitCode, stdout, stderr: "" }));

describe("Docker config credentials", () => {
  it("reads auths by host, whatever URL form the key has", async () => {
    const lookup = dockerConfigCredentials({
      auths: {
        "https://index.docker.io/v1/": { auth: b64("hub:pw:with:colons") },
        "http://localhost:5000/v2/": { username: "local", password: "lpw" },
        "quay.io": { identitytoken: "refresh" },
      },
    });
    expect(await lookup("docker.io")).toEqual({ kind: "basic", username: "hub", password: "pw:with:colons" });
    expect(await lookup("localhost:5000")).toEqual({ kind: "basic", username: "local", password: "lpw" });
    expect(await lookup("quay.io")).toEqual({ kind: "identity-token", token: "refresh" });
    expect(await lookup("ghcr.io")).toBeUndefined();
  });

  it("asks a credHelper through the exec seam, with the server URL on stdin", async () => {
    const exec = helperSays(JSON.stringify({ ServerURL: "ghcr.io", Username: "me", Secret: "tok" }));
    const lookup = dockerConfigCredentials(
      { credHelpers: { "ghcr.io": "gh" }, auths: { "ghcr.io": { auth: b64("a:b") } } },
      exec,
    );
    expect(await lookup("ghcr.io")).toEqual({ kind: "basic", username: "me", password: "tok" });
    expect(exec).toHaveBeenCalledExactlyOnceWith("docker-credential-gh", ["get"], "ghcr.io");
  });

  it("uses the credsStore for Docker Hub with Docker's server URL, and reads <token> as an identity token", async () => {
    const exec = helperSays(JSON.stringify({ Username: "<token>", Secret: "id-token" }));
    const lookup = dockerConfigCredentials({ credsStore: "desktop" }, exec);
    expect(await lookup("docker.io")).toEqual({ kind: "identity-token", token: "id-token" });
    expect(exec).toHaveBeenCalledWith("docker-credential-desktop", ["get"], "https://index.docker.io/v1/");
  });

  it("treats a helper's 'credentials not found' as none, falling back to auths, and other failures as errors", async () => {
    const notFound = helperSays("credentials not found in native keychain", 1);
    const lookup = dockerConfigCredentials(
      { credsStore: "pass", auths: { "r.io": { auth: b64("u:p") } } },
      notFound,
    );
    expect(await lookup("r.io")).toEqual({ kind: "basic", username: "u", password: "p" });
    const broken = dockerConfigCredentials({ credsStore: "pass" }, helperSays("", 2));
    await expect(broken("r.io")).rejects.toMatchObject({ code: "CREDENTIALS" });
    const garbage = dockerConfigCredentials({ credsStore: "pass" }, helperSays("not json"));
    await expect(garbage("r.io")).rejects.toMatchObject({ code: "CREDENTIALS" });
  });

  it("loads config.json from DOCKER_CONFIG; a missing file is empty, a malformed one an error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bulwark-docker-config-"));
    expect(await loadDockerConfig({ DOCKER_CONFIG: dir })).toEqual({});
    await writeFile(join(dir, "config.json"), JSON.stringify({ auths: { "r.io": { auth: b64("u:p") } } }));
    expect((await loadDockerConfig({ DOCKER_CONFIG: dir })).auths).toHaveProperty("r.io");
    await writeFile(join(dir, "config.json"), "{ not json");
    await expect(loadDockerConfig({ DOCKER_CONFIG: dir })).rejects.toMatchObject({ code: "CREDENTIALS" });
  });

  it("offers GITHUB_TOKEN to ghcr.io and to no other registry, after the Docker config", async () => {
    const lookup = firstCredential(
      dockerConfigCredentials({ auths: { "ghcr.io": { auth: b64("docker:login") } } }),
      githubTokenCredentials("ghs_token"),
    );
    expect(await lookup("ghcr.io")).toEqual({ kind: "basic", username: "docker", password: "login" });
    const tokenOnly = githubTokenCredentials("ghs_token");
    expect(await tokenOnly("ghcr.io")).toMatchObject({ password: "ghs_token" });
    expect(await tokenOnly("docker.io")).toBeUndefined();
    expect(await githubTokenCredentials(undefined)("ghcr.io")).toBeUndefined();
  });
});

describe("parseChallenges", () => {
  it("reads Bearer parameters, quoted commas and several challenges", () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push", Basic realm="x"',
      ),
    ).toEqual([
      {
        scheme: "bearer",
        params: {
          realm: "https://auth.docker.io/token",
          service: "registry.docker.io",
          scope: "repository:a/b:pull,push",
        },
      },
      { scheme: "basic", params: { realm: "x" } },
    ]);
    expect(parseChallenges("")).toEqual([]);
  });
});

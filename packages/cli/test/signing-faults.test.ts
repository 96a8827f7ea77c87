import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeServer, fakeServer } from "../../oci/test/support/fake-server.js";
import { EXIT } from "../src/commands/command.js";
import { cli, cosignKeys } from "./support/signing-cli.js";

/** Registries that stall or lie: `sign` and `verify` end with a clear error that names them, in bounded time. */

const keys = cosignKeys("faults");
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof fakeServer>[0]): Promise<string> {
  const server = await fakeServer(handler);
  servers.push(server);
  return server.host;
}

const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: { mediaType: "application/vnd.oci.empty.v1+json", digest: `sha256:${"4".repeat(64)}`, size: 2 },
  layers: [],
});
const OTHER_DIGEST = `sha256:${createHash("sha256").update("something else").digest("hex")}`;

const verify = (image: string) =>
  cli(["verify", image, "--key", keys.pub, "--insecure-ignore-tlog", "--offline", "--timeout", "1"]);
const sign = (image: string) =>
  cli(["sign", image, "--key", keys.key, "--tlog-upload=false", "--timeout", "1"]);

describe("bulwark sign and verify against a registry that misbehaves", () => {
  it("that stalls: a timeout naming the registry, exit 3", async () => {
    const host = await serve(() => {});
    const verified = await verify(`${host}/app:v1`);
    expect(verified.stdout).toMatch(
      new RegExp(`^FAILED ${host}/app:v1: could not be checked: .*${host}/app`),
    );
    expect(verified.stdout).toContain("no response within 1000 ms");
    expect(verified.status).toBe(EXIT.internal);

    const signed = await sign(`${host}/app:v1`);
    expect(signed.stderr).toContain(`${host}/app`);
    expect(signed.status).toBe(EXIT.internal);
  });

  it("that serves a manifest under another digest: a digest mismatch, nothing signed", async () => {
    const host = await serve((req, res) => {
      if (req.method === "HEAD") {
        res.writeHead(405).end();
        return;
      }
      res
        .writeHead(200, {
          "content-type": "application/vnd.oci.image.manifest.v1+json",
          "docker-content-digest": OTHER_DIGEST,
        })
        .end(MANIFEST);
    });
    const verified = await verify(`${host}/app:v1`);
    expect(verified.stdout).toMatch(/could not be checked: .*digest/i);
    expect(verified.status).toBe(EXIT.internal);

    const signed = await sign(`${host}/app:v1`);
    expect(signed.stderr).toMatch(/digest/i);
    expect(signed.status).toBe(EXIT.internal);
  });

  it("that refuses access: the registry's answer, exit 3", async () => {
    const host = await serve((_req, res) => {
      res.writeHead(401, { "www-authenticate": 'Basic realm="test"' }).end();
    });
    const verified = await verify(`${host}/app:v1`);
    expect(verified.stdout).toMatch(/could not be checked: .*no credentials/);
    expect(verified.status).toBe(EXIT.internal);
  });
});

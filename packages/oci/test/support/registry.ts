import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A real registry for tests: Debian's `docker-registry` (distribution 2.8) on 127.0.0.1, storing in
 * a temporary directory. Other packages' tests import this to run against the same registry.
 */
export interface TestRegistry {
  /** `127.0.0.1:<port>`, the registry part of image references. */
  host: string;
  /** Set when started with auth: the one user htpasswd knows. */
  credentials?: { username: string; password: string };
  /** The registry's log, for failing tests to print. */
  log(): string;
  stop(): Promise<void>;
}

const BINARIES = ["/usr/bin/docker-registry", "/usr/bin/registry"];
const STARTUP_TIMEOUT_MS = 20_000;

export function registryBinary(): string {
  const found = BINARIES.find((path) => existsSync(path));
  if (!found)
    throw new Error(`no registry binary (${BINARIES.join(" or ")}); install Debian's docker-registry`);
  return found;
}

/** Starts a registry; with `auth`, it requires Basic auth for a user created with `htpasswd -B`. */
export async function startRegistry(options: { auth?: boolean } = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "bulwark-registry-"));
  const port = await freePort();
  const credentials = options.auth ? { username: "bulwark", password: "s3cret-pass" } : undefined;
  const authConfig = credentials
    ? `auth:\n  htpasswd:\n    realm: bulwark-test\n    path: ${join(dir, "htpasswd")}\n`
    : "";
  if (credentials) {
    const line = execFileSync("htpasswd", ["-nbB", credentials.username, credentials.password], {
      encoding: "utf8",
    });
    await writeFile(join(dir, "htpasswd"), line);
  }
  const config = join(dir, "config.yml");
  await writeFile(
    config,
    `version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: ${join(dir, "data")}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
${authConfig}`,
  );

  const child = spawn(registryBinary(), ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const host = `127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(host, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, ...(credentials ? { credentials } : {}), log: () => log, stop };
}

async function waitUntilServing(host: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the registry exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`http://${host}/v2/`);
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the registry did not start within ${STARTUP_TIMEOUT_MS} ms:\n${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A port nothing listens on right now, from the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

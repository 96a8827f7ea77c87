import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { generateCosignKeyPair } from "@bulwark/sigstore";
import { runCli } from "../../src/cli.js";

/** What the signing tests share: a working directory, cosign key pairs in it, and the CLI run in-process. */

export const PASSWORD = "correct horse battery staple";
export const workDir = mkdtempSync(join(tmpdir(), "bulwark-signing-"));

/** A cosign-format key pair (encrypted with PASSWORD) written as `<name>.key` and `<name>.pub`. */
export function cosignKeys(name: string): { key: string; pub: string } {
  const pair = generateCosignKeyPair(PASSWORD);
  const paths = { key: join(workDir, `${name}.key`), pub: join(workDir, `${name}.pub`) };
  writeFileSync(paths.key, pair.privateKey);
  writeFileSync(paths.pub, pair.publicKey);
  return paths;
}

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `bulwark` with COSIGN_PASSWORD set and no Docker config of the machine's. */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await runCli(args, {
    cwd: workDir,
    stdin: Readable.from([]),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
    env: { COSIGN_PASSWORD: PASSWORD, DOCKER_CONFIG: workDir, ...env },
  });
  return { status, stdout, stderr };
}

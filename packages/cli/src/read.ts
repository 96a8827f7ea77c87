import { constants, type FileHandle, open } from "node:fs/promises";
import type { OversizedFile, SourceFile, UnreadableFile } from "@bulwark/core";

export type ReadOutcome =
  | { kind: "text"; file: SourceFile }
  | { kind: "unreadable"; file: UnreadableFile }
  | { kind: "oversized"; file: OversizedFile };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads one untrusted file as UTF-8 text. It is opened without blocking (a FIFO or a device named
 * `x.yaml` must not hang the run) and without following a final symlink (the caller resolved links
 * and checked they stay in the workspace); its size is checked before anything is read.
 */
export async function readSource(realPath: string, path: string, maxBytes: number): Promise<ReadOutcome> {
  let handle: FileHandle;
  try {
    handle = await open(realPath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return unreadable(path, `Could not open the file (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile())
      return unreadable(path, "Not a regular file (a device, FIFO or socket); it was not read.");
    if (stat.size > maxBytes) return { kind: "oversized", file: { path, bytes: stat.size } };
    return decodeSource(path, await handle.readFile());
  } finally {
    await handle.close();
  }
}

/** Turns bytes into text, or says why they are not UTF-8 text. */
export function decodeSource(path: string, bytes: Uint8Array): ReadOutcome {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return unreadable(path, "The file is UTF-16 text; save it as UTF-8 to have it checked.");
  }
  if (bytes.includes(0))
    return unreadable(path, "The file is binary (it contains NUL bytes); it was not checked.");
  try {
    return { kind: "text", file: { path, text: utf8.decode(bytes) } };
  } catch {
    return unreadable(path, "The file is not valid UTF-8 text; save it as UTF-8 to have it checked.");
  }
}

function unreadable(path: string, reason: string): ReadOutcome {
  return { kind: "unreadable", file: { path, reason } };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

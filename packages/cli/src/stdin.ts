import type { ReadOutcome } from "./read.js";
import { decodeSource } from "./read.js";

/**
 * Reads a stream (standard input) as one source file named `path`. Past `maxBytes` it stops keeping
 * bytes and only counts them, so a huge `helm template` output is reported, not held in memory.
 */
export async function readStream(
  stream: AsyncIterable<Uint8Array>,
  path: string,
  maxBytes: number,
): Promise<ReadOutcome> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (bytes <= maxBytes) chunks.push(chunk);
  }
  if (bytes > maxBytes) return { kind: "oversized", file: { path, bytes } };
  return decodeSource(path, Buffer.concat(chunks));
}

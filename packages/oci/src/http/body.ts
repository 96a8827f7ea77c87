import { RegistryError, type RegistryErrorContext } from "../errors.js";

/**
 * Reads a response body into memory, refusing more than `limit` bytes: a declared Content-Length
 * over the limit fails before a byte is read, an endless body fails at limit + 1. `onChunk` sees the
 * bytes as they arrive (streamed digest checks). The request's abort signal bounds the time.
 */
export async function readBody(
  response: Response,
  limit: number,
  context: RegistryErrorContext,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<Uint8Array> {
  const tooLarge = (size: string) =>
    new RegistryError(
      "TOO_LARGE",
      `the response is ${size}, over the limit of ${limit} bytes`,
      context,
      response.status,
    );
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(`${declared} bytes`);
  }
  if (!response.body) return new Uint8Array();

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge("longer than that");
      }
      onChunk?.(value);
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    throw new RegistryError(
      isAbort(error) ? "TIMEOUT" : "NETWORK",
      `reading the response failed: ${describe(error)}`,
      context,
      response.status,
      { cause: error },
    );
  }
  return concat(chunks, total);
}

export function concat(
  chunks: readonly Uint8Array[],
  total = chunks.reduce((n, c) => n + c.byteLength, 0),
): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A one-line reason from whatever fetch threw (undici hides the useful part in `cause`). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

/** Whether fetch or a body read stopped because a timeout or the caller's signal aborted it. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

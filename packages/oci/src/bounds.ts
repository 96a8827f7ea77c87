/** Maps `items` through `task` with at most `limit` running at once, keeping the input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * What `work` gives, or what `stop` makes of the reason when `timeoutMs` passes or `signal` aborts
 * first: a registry that stalls costs a bounded wait and a stated reason, never a hang. With `signal`
 * already aborted, `work` is not started.
 */
export async function bounded<T>(
  work: () => Promise<T>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  stop: (why: string) => T,
): Promise<T> {
  if (signal?.aborted) return stop(abortReason(signal));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const cut = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(stop(`no answer within ${timeoutMs} ms`)), timeoutMs);
    onAbort = () => resolve(stop(abortReason(signal!)));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work(), cut]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort!);
  }
}

/** Why a signal aborted, as a message. */
function abortReason(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
}

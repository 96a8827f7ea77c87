/**
 * The whole run's time bound (`--deadline`, the action's `deadline`), next to `--timeout`, which bounds
 * each image: when it passes, what is not done yet is reported as not checked, and the run ends.
 */
export interface RunDeadline {
  /** Aborts when the deadline passes; the reason's message is what each image not checked reports. */
  signal: AbortSignal;
  seconds: number;
}

export const DEFAULT_DEADLINE_MS = 600_000;

export function startDeadline(ms: number): RunDeadline {
  const controller = new AbortController();
  const seconds = ms / 1000;
  const reason = new Error(`the run's deadline of ${seconds} s passed before it was checked`);
  const timer = setTimeout(() => controller.abort(reason), ms);
  // The deadline bounds the work; it must not keep a finished run alive.
  timer.unref();
  return { signal: controller.signal, seconds };
}

/** A fetch whose requests are cancelled when `signal` aborts, so no registry request outlives the run. */
export function fetchUntil(
  signal: AbortSignal,
  fetch: typeof globalThis.fetch = globalThis.fetch,
): typeof fetch {
  return (input, init) =>
    fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

/** A wait between retries that ends early when `signal` aborts; the next attempt then fails at once. */
export function sleepUntil(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    });
}

import { type BaseImageFacts, parseImageReference } from "@bulwark/core";
import { isRegistryError } from "../errors.js";
import type { RegistryClient } from "../registry.js";
import type { AttestationBundleVerifier } from "./bundles.js";
import { DEFAULT_PLATFORM, inspectImage, type Platform } from "./inspect.js";

export interface CollectFactsOptions {
  /** Images inspected at once. Default 8. */
  concurrency?: number;
  /** The platform whose manifest, config and provenance are read from a multi-platform index. Default linux/amd64. */
  platform?: Platform;
  /** Bound on one image's work; past it, its facts say it timed out. Default 60 s. */
  timeoutMs?: number;
  /** Checks sigstore bundles stored as referrers; without it, none counts as provenance. */
  verifyBundle?: AttestationBundleVerifier;
}

/**
 * Gathers registry facts for base images: each distinct normalised reference once (however many
 * Dockerfiles name it), a bounded number at a time, remembered for later calls on the same collector.
 * A failure is a fact about that image ("registry unreachable: ..."), never a crash of the run.
 */
export class BaseImageFactsCollector {
  /** Distinct images inspected so far: what the performance budget counts. */
  resolutions = 0;
  private readonly cache = new Map<string, Promise<BaseImageFacts>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly platform: Platform;
  private readonly timeoutMs: number;
  private readonly verifyBundle: AttestationBundleVerifier | undefined;

  constructor(
    private readonly client: RegistryClient,
    options: CollectFactsOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.platform = options.platform ?? DEFAULT_PLATFORM;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.verifyBundle = options.verifyBundle;
  }

  async collect(references: Iterable<string>): Promise<Map<string, BaseImageFacts>> {
    const distinct = [...new Set(references)];
    for (const reference of distinct) {
      if (!this.cache.has(reference))
        this.cache.set(
          reference,
          this.whenSlotFree(() => this.inspect(reference)),
        );
    }
    const entries = await Promise.all(
      distinct.map(async (reference) => [reference, await this.cache.get(reference)!] as const),
    );
    return new Map(entries);
  }

  /** Runs `task` once fewer than `concurrency` tasks are running. */
  private async whenSlotFree<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async inspect(name: string): Promise<BaseImageFacts> {
    this.resolutions++;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<BaseImageFacts>((resolve) => {
      timer = setTimeout(
        () => resolve(failed(name, `no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      const reference = parseImageReference(name);
      const store = this.client.repository(reference.registry, reference.repository);
      return await Promise.race([inspectImage(store, reference, name, this.platform, this.verifyBundle), timeout]);
    } catch (error) {
      return failed(name, describe(error));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** One-shot form of the collector. */
export function collectBaseImageFacts(
  client: RegistryClient,
  references: Iterable<string>,
  options: CollectFactsOptions = {},
): Promise<Map<string, BaseImageFacts>> {
  return new BaseImageFactsCollector(client, options).collect(references);
}

function failed(reference: string, error: string): BaseImageFacts {
  return { reference, error, attestations: [], annotations: {} };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (isRegistryError(error, "NETWORK") || isRegistryError(error, "TIMEOUT"))
    return `registry unreachable: ${message}`;
  return message;
}

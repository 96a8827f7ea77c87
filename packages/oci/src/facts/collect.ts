import {
  type BaseImageFacts,
  factsKey,
  type ImageReference,
  type ImageTarget,
  parseImageReference,
  parsePlatform,
} from "@bulwark/core";
import { bounded } from "../bounds.js";
import { isRegistryError } from "../errors.js";
import type { RegistryClient } from "../registry.js";
import type { FetchedManifest, ImageStore } from "../store.js";
import type { AttestationBundleVerifier } from "./bundles.js";
import { inspectImage } from "./inspect.js";

export interface CollectFactsOptions {
  /** Images inspected at once. Default 8. */
  concurrency?: number;
  /** Bound on one image's work; past it, its facts say it timed out. Default 60 s. */
  timeoutMs?: number;
  /**
   * Ends the collection (the run's deadline): images not inspected by the time it aborts get facts
   * whose error is the message of its reason.
   */
  signal?: AbortSignal;
  /** Checks sigstore bundles stored as referrers; without it, none counts as provenance. */
  verifyBundle?: AttestationBundleVerifier;
}

/**
 * Gathers registry facts for base images: each distinct target (normalised reference and platform)
 * once, however many Dockerfiles pull it, a bounded number at a time, remembered for later calls on
 * the same collector. The platforms of one reference share its tag and index, fetched once. A failure
 * is a fact about that image ("registry unreachable: ..."), never a crash of the run.
 */
export class BaseImageFactsCollector {
  /** Targets inspected so far: what the performance budget counts. */
  resolutions = 0;
  /** Targets the signal ended before they were inspected. */
  unchecked = 0;
  private readonly cache = new Map<string, Promise<BaseImageFacts>>();
  private readonly stores = new Map<string, ImageStore>();
  private running = 0;
  private waiting: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;
  private readonly verifyBundle: AttestationBundleVerifier | undefined;

  constructor(
    private readonly client: RegistryClient,
    options: CollectFactsOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.signal = options.signal;
    this.verifyBundle = options.verifyBundle;
    // Images still queued when the run ends are answered at once rather than after those running.
    const wakeAll = () => {
      for (const wake of this.waiting.splice(0)) wake();
    };
    this.signal?.addEventListener("abort", wakeAll, { once: true });
  }

  /** Facts for every target, keyed by `factsKey`. */
  async collect(targets: Iterable<ImageTarget>): Promise<Map<string, BaseImageFacts>> {
    const distinct = new Map<string, ImageTarget>();
    for (const target of targets) distinct.set(factsKey(target), target);
    for (const [key, target] of distinct) {
      if (!this.cache.has(key))
        this.cache.set(
          key,
          this.whenSlotFree(() => this.inspect(target)),
        );
    }
    const entries = await Promise.all(
      [...distinct.keys()].map(async (key) => [key, await this.cache.get(key)!] as const),
    );
    return new Map(entries);
  }

  /** Runs `task` once fewer than `concurrency` tasks are running, or at once after the signal. */
  private async whenSlotFree<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency && !this.signal?.aborted)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async inspect(target: ImageTarget): Promise<BaseImageFacts> {
    const { name } = target;
    if (this.signal?.aborted) this.unchecked++;
    else this.resolutions++;
    try {
      const reference = parseImageReference(name);
      const platform = parsePlatform(target.platform);
      if (!platform) return failed(name, `"${target.platform}" is not a platform`);
      const store = this.storeOf(name, reference);
      const work = () => inspectImage(store, reference, name, platform, this.verifyBundle);
      return await bounded(work, this.timeoutMs, this.signal, (why) => failed(name, why));
    } catch (error) {
      return failed(name, describe(error));
    }
  }

  /** The repository of a reference, its manifests fetched once for all the platforms read from it. */
  private storeOf(name: string, reference: ImageReference): ImageStore {
    let store = this.stores.get(name);
    if (!store) {
      store = sharingManifests(this.client.repository(reference.registry, reference.repository));
      this.stores.set(name, store);
    }
    return store;
  }
}

/** One-shot form of the collector. */
export function collectBaseImageFacts(
  client: RegistryClient,
  targets: Iterable<ImageTarget>,
  options: CollectFactsOptions = {},
): Promise<Map<string, BaseImageFacts>> {
  return new BaseImageFactsCollector(client, options).collect(targets);
}

/** The store with `fetchManifest` remembered: each tag, index and manifest is asked for once. */
function sharingManifests(store: ImageStore): ImageStore {
  const fetched = new Map<string, Promise<FetchedManifest>>();
  return {
    name: store.name,
    fetchManifest(reference) {
      let manifest = fetched.get(reference);
      if (!manifest) {
        manifest = store.fetchManifest(reference);
        fetched.set(reference, manifest);
      }
      return manifest;
    },
    resolve: (reference) => store.resolve(reference),
    pushManifest: (bytes, mediaType, tag) => store.pushManifest(bytes, mediaType, tag),
    fetchBlob: (descriptor) => store.fetchBlob(descriptor),
    hasBlob: (digest) => store.hasBlob(digest),
    pushBlob: (bytes, mediaType) => store.pushBlob(bytes, mediaType),
    listTags: () => store.listTags(),
    nativeReferrers: (subject, artifactType) => store.nativeReferrers(subject, artifactType),
  };
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

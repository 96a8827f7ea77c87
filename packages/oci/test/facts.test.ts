import { createServer, type Server } from "node:http";
import { type BaseImageFacts, baseImageTargets, checkDockerfiles, factsKey } from "@bulwark/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ATTESTATION_ARTIFACT_TYPE,
  BaseImageFactsCollector,
  collectBaseImageFacts,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  LayoutStore,
  MediaType,
  RegistryClient,
  type RegistryRepository,
} from "../src/index.js";
import { buildImage, skopeoCopy } from "./support/images.js";
import { pushImage } from "./support/push-image.js";
import { freePort, startRegistry, type TestRegistry } from "./support/registry.js";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const AMD64 = "linux/amd64";
/** The facts of images read for one platform, by reference. */
async function factsOf(
  client: RegistryClient,
  names: string[],
  options: Parameters<typeof collectBaseImageFacts>[2] & { platform?: string } = {},
): Promise<Map<string, BaseImageFacts>> {
  const { platform = AMD64, ...rest } = options;
  const facts = await collectBaseImageFacts(
    client,
    names.map((name) => ({ name, platform })),
    rest,
  );
  return new Map(names.map((name) => [name, facts.get(factsKey({ name, platform }))!]));
}
const SLSA_V02 = "https://slsa.dev/provenance/v0.2";
const SLSA_V1 = "https://slsa.dev/provenance/v1";
const SPDX = "https://spdx.dev/Document";

/** An in-toto statement layer with the predicate-type annotation BuildKit writes. */
async function statementLayer(repo: RegistryRepository, predicateType: string, predicate: unknown) {
  const layer = await repo.pushBlob(
    json({ _type: "https://in-toto.io/Statement/v0.1", predicateType, subject: [], predicate }),
    "application/vnd.in-toto+json",
  );
  return { ...layer, annotations: { "in-toto.io/predicate-type": predicateType } };
}

/** BuildKit's default form: an image-like manifest, pointed at by annotations on its index entry. */
async function annotatedAttestation(repo: RegistryRepository, subject: Descriptor, layers: Descriptor[]) {
  const config = await repo.pushBlob(json({ architecture: "unknown", os: "unknown" }), MediaType.OciConfig);
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MediaType.OciManifest, config, layers };
  const pushed = await repo.pushManifest(json(manifest), MediaType.OciManifest);
  return {
    ...pushed.descriptor,
    platform: { architecture: "unknown", os: "unknown" },
    annotations: {
      "vnd.docker.reference.type": "attestation-manifest",
      "vnd.docker.reference.digest": subject.digest,
    },
  };
}

/** The OCI artifact form (`oci-artifact=true`): an artifact type and a subject, no annotations in the index. */
async function artifactAttestation(repo: RegistryRepository, subject: Descriptor, layers: Descriptor[]) {
  const config = await repo.pushBlob(json({}), MediaType.OciEmpty);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    artifactType: ATTESTATION_ARTIFACT_TYPE,
    config,
    layers,
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
  };
  const pushed = await repo.pushManifest(json(manifest), MediaType.OciManifest);
  return {
    ...pushed.descriptor,
    artifactType: ATTESTATION_ARTIFACT_TYPE,
    platform: { architecture: "unknown", os: "unknown" },
  };
}

async function pushIndex(
  repo: RegistryRepository,
  tag: string,
  manifests: Descriptor[],
  annotations?: Record<string, string>,
) {
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.OciIndex,
    manifests,
    ...(annotations ? { annotations } : {}),
  };
  return (await repo.pushManifest(json(index), MediaType.OciIndex, tag)).descriptor;
}

describe("base-image facts from distribution 2.8", () => {
  let registry: TestRegistry;
  const client = new RegistryClient({ retries: 0 });
  const ref = (path: string) => `${registry.host}/${path}`;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    registry = await startRegistry();
    const base = client.repository(registry.host, "demo/base");
    const amd64 = await pushImage(base, {
      created: "2025-06-01T00:00:00Z",
      user: "",
      annotations: { "org.opencontainers.image.revision": "from-manifest" },
    });
    const arm64 = await pushImage(base, {
      created: "2025-05-01T00:00:00Z",
      user: "65532",
      architecture: "arm64",
    });
    const amd64Attestation = await annotatedAttestation(base, amd64, [
      await statementLayer(base, SLSA_V02, {
        builder: { id: "https://github.com/docker/buildkit@v0.20" },
        metadata: { buildStartedOn: "2025-06-02T09:00:00Z", buildFinishedOn: "2025-06-02T10:00:00Z" },
      }),
      await statementLayer(base, SPDX, { spdxVersion: "SPDX-2.3" }),
    ]);
    const arm64Attestation = await artifactAttestation(base, arm64, [
      await statementLayer(base, SLSA_V1, {
        buildDefinition: {},
        runDetails: {
          builder: { id: "https://github.com/acme/builder" },
          metadata: { startedOn: "2025-05-03T08:00:00Z" },
        },
      }),
    ]);
    digests.index = (
      await pushIndex(base, "1", [amd64, arm64, amd64Attestation, arm64Attestation], {
        "org.opencontainers.image.base.name": "docker.io/library/debian:bookworm",
        "org.opencontainers.image.source": "https://github.com/acme/base",
        "org.opencontainers.image.revision": "abc123",
      })
    ).digest;
    digests.amd64 = amd64.digest;

    const moving = client.repository(registry.host, "demo/moving");
    digests.old = (await pushImage(moving, { created: "2019-01-01T00:00:00Z", content: "old" }, "1")).digest;
    digests.new = (await pushImage(moving, { created: "1970-01-01T00:00:00Z", content: "new" }, "1")).digest;
  });
  afterAll(async () => registry?.stop());

  it("reads a multi-arch index: tag digest, the platform's config, BuildKit attestations, provenance v0.2, origin", async () => {
    const name = ref("demo/base:1");
    const facts = (await factsOf(client, [name])).get(name);
    expect(facts).toEqual({
      reference: name,
      tagDigest: digests.index,
      user: "",
      created: { time: "2025-06-02T10:00:00Z", source: "provenance" },
      attestations: [
        {
          form: "buildkit-annotation",
          digest: expect.any(String),
          subject: digests.amd64,
          predicateTypes: [SLSA_V02, SPDX],
        },
      ],
      provenance: {
        predicateType: SLSA_V02,
        builderId: "https://github.com/docker/buildkit@v0.20",
        buildTime: "2025-06-02T10:00:00Z",
      },
      annotations: {
        "org.opencontainers.image.base.name": "docker.io/library/debian:bookworm",
        "org.opencontainers.image.source": "https://github.com/acme/base",
        // The index's annotation wins over the platform manifest's.
        "org.opencontainers.image.revision": "abc123",
      },
    });
  });

  it("reads the OCI artifact form of attestations and SLSA v1 for another platform", async () => {
    const name = ref("demo/base:1");
    const facts = (await factsOf(client, [name], { platform: "linux/arm64" })).get(name)!;
    expect(facts.user).toBe("65532");
    expect(facts.attestations.map((a) => [a.form, a.predicateTypes])).toEqual([["oci-artifact", [SLSA_V1]]]);
    expect(facts.provenance).toEqual({
      predicateType: SLSA_V1,
      builderId: "https://github.com/acme/builder",
      buildTime: "2025-05-03T08:00:00Z",
    });
    expect(facts.created).toEqual({ time: "2025-05-03T08:00:00Z", source: "provenance" });
  });

  it("reads each platform of one reference for its own facts, fetching the tag and index once", async () => {
    const name = ref("demo/base:1");
    const paths: string[] = [];
    const counting = new RegistryClient({
      retries: 0,
      fetch: (input, init) => {
        paths.push(new URL(String(input)).pathname);
        return globalThis.fetch(input, init);
      },
    });
    const collector = new BaseImageFactsCollector(counting);
    const targets = [
      { name, platform: AMD64 },
      { name, platform: "linux/arm64" },
    ];
    const facts = await collector.collect(targets);
    const amd64 = facts.get(factsKey(targets[0]!))!;
    const arm64 = facts.get(factsKey(targets[1]!))!;
    expect([amd64.user, amd64.provenance?.predicateType, amd64.created?.time]).toEqual([
      "",
      SLSA_V02,
      "2025-06-02T10:00:00Z",
    ]);
    expect([arm64.user, arm64.provenance?.predicateType, arm64.created?.time]).toEqual([
      "65532",
      SLSA_V1,
      "2025-05-03T08:00:00Z",
    ]);
    expect(arm64.tagDigest).toBe(digests.index);
    expect(collector.resolutions).toBe(2);
    expect(paths.filter((path) => path.endsWith("/demo/base/manifests/1"))).toHaveLength(1);
    // The platform manifests each platform reads are its own.
    expect(paths.filter((path) => path.endsWith(`/manifests/${digests.amd64}`))).toHaveLength(1);
  });

  it("sees a tag that moved away from a pin, and a pin that does not exist", async () => {
    const stale = ref(`demo/moving:1@${digests.old}`);
    const missing = ref(`demo/moving:1@sha256:${"0".repeat(64)}`);
    const facts = await factsOf(client, [stale, missing]);
    expect(facts.get(stale)).toMatchObject({
      tagDigest: digests.new,
      pinnedDigestExists: true,
      created: { time: "2019-01-01T00:00:00Z", source: "config" },
    });
    expect(facts.get(missing)).toMatchObject({ tagDigest: digests.new, pinnedDigestExists: false });
    // The newest image was built reproducibly: its 1970 date is no date.
    const current = (await factsOf(client, [ref("demo/moving:1")])).get(ref("demo/moving:1"))!;
    expect(current.created).toBeUndefined();
  });

  it("feeds the pure rules: stale pin with the new digest as a fix, age, provenance", async () => {
    const text = `FROM ${registry.host}/demo/moving:1@${digests.old}\nFROM ${registry.host}/demo/base:1\nUSER app\n`;
    const files = [{ path: "Dockerfile", text }];
    const facts = await collectBaseImageFacts(client, baseImageTargets(files));
    const result = checkDockerfiles(files, { rules: {}, exemptions: [] }, facts, {
      now: "2025-06-15T00:00:00Z",
    });
    const byRule = (id: string) => result.findings.filter((f) => f.ruleId === id);
    const stale = byRule("base-image-stale-digest");
    expect(stale).toHaveLength(1);
    expect(stale[0]!.fix!.replacements[0]!.text).toBe(`${registry.host}/demo/moving:1@${digests.new}`);
    expect(byRule("base-image-too-old").map((f) => f.location.startLine)).toEqual([1]);
    expect(byRule("base-image-provenance-missing").map((f) => f.location.startLine)).toEqual([1]);
    expect(byRule("base-image-not-pinned")[0]!.fix!.replacements[0]!.text).toBe(
      `${registry.host}/demo/base:1@${digests.index}`,
    );
  });

  it("reads an image umoci built and skopeo pushed", async () => {
    const layout = await buildImage("v1");
    await skopeoCopy(layout, "v1", `${registry.host}/demo/umoci:v1`);
    const local = await new LayoutStore(layout).resolve("v1");
    const name = ref("demo/umoci:v1");
    const facts = (await factsOf(client, [name])).get(name)!;
    expect(facts.tagDigest).toBe(local.digest);
    expect(facts.attestations).toEqual([]);
    expect(facts.created?.source).toBe("config");
  });

  it("turns registry errors into facts", async () => {
    const name = ref("demo/absent:1");
    const facts = (await factsOf(client, [name])).get(name)!;
    expect(facts.error).toMatch(/^fetch manifest 1 from 127\.0\.0\.1:\d+\/demo\/absent failed \(HTTP 404\)/);
    expect(facts.tagDigest).toBeUndefined();
  });
});

describe("failing registries", () => {
  let hanging: Server;
  let hangingPort: number;

  beforeAll(async () => {
    // Accepts connections and never answers: a registry that is up but stuck.
    hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const address = hanging.address();
    hangingPort = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it("reports a registry that is down as unreachable", async () => {
    const name = `127.0.0.1:${await freePort()}/demo/app:1`;
    const client = new RegistryClient({ retries: 0 });
    const facts = (await factsOf(client, [name])).get(name)!;
    expect(facts.error).toMatch(/^registry unreachable: /);
  });

  it("gives up on a stuck registry within the per-image bound", async () => {
    const name = `127.0.0.1:${hangingPort}/demo/app:1`;
    const client = new RegistryClient({ retries: 0 });
    const facts = (await factsOf(client, [name], { timeoutMs: 300 })).get(name)!;
    expect(facts.error).toBe("no answer within 300 ms");
  });

  it("ends at the run's deadline: running and queued images alike get facts that say so", async () => {
    const names = Array.from({ length: 6 }, (_, i) => `127.0.0.1:${hangingPort}/demo/app:${i}`);
    const client = new RegistryClient({ retries: 0 });
    const controller = new AbortController();
    const collector = new BaseImageFactsCollector(client, { concurrency: 2, signal: controller.signal });
    const pending = collector.collect(names.map((name) => ({ name, platform: AMD64 })));
    setTimeout(
      () => controller.abort(new Error("the run's deadline of 0.3 s passed before it was checked")),
      300,
    );
    const facts = await pending;
    expect(facts.size).toBe(6);
    for (const fact of facts.values())
      expect(fact.error).toBe("the run's deadline of 0.3 s passed before it was checked");
    // Two were being inspected; the four queued behind them never reached the registry.
    expect([collector.resolutions, collector.unchecked]).toEqual([2, 4]);
  });

  it("asks nothing once the deadline has passed", async () => {
    let requests = 0;
    const client = new RegistryClient({
      fetch: (input, init) => {
        requests++;
        return globalThis.fetch(input, init);
      },
    });
    const name = `127.0.0.1:${hangingPort}/demo/app:1`;
    const facts = await factsOf(client, [name], { signal: AbortSignal.abort(new Error("too late")) });
    expect(facts.get(name)!.error).toBe("too late");
    expect(requests).toBe(0);
  });
});

describe("each distinct image once", () => {
  let registry: TestRegistry;
  const images = 20;

  beforeAll(async () => {
    registry = await startRegistry();
    const seed = new RegistryClient();
    const repo = seed.repository(registry.host, "shared/base");
    for (let i = 0; i < images; i++) await pushImage(repo, { content: `image ${i}` }, `v${i}`);
  });
  afterAll(async () => registry?.stop());

  /** A client whose fetch counts requests and the most in flight at once. */
  function countingClient() {
    const counter = { requests: 0, inFlight: 0, maxInFlight: 0 };
    const fetch: typeof globalThis.fetch = async (input, init) => {
      counter.requests++;
      counter.inFlight++;
      counter.maxInFlight = Math.max(counter.maxInFlight, counter.inFlight);
      try {
        return await globalThis.fetch(input, init);
      } finally {
        counter.inFlight--;
      }
    };
    return { client: new RegistryClient({ fetch }), counter };
  }

  it("200 Dockerfiles sharing 20 base images cost 20 resolutions, a bounded number at a time", async () => {
    const files = Array.from({ length: 200 }, (_, i) => ({
      path: `svc-${i}/Dockerfile`,
      text: `FROM ${registry.host}/shared/base:v${i % images}\nUSER app\n`,
    }));
    const references = files.map((f) => ({ name: f.text.split("\n")[0]!.slice(5), platform: AMD64 }));
    expect(baseImageTargets(files)).toHaveLength(images);

    const alone = countingClient();
    await new BaseImageFactsCollector(alone.client).collect(baseImageTargets(files));

    const shared = countingClient();
    const collector = new BaseImageFactsCollector(shared.client, { concurrency: 4 });
    const facts = await collector.collect(references);
    expect(facts.size).toBe(images);
    expect([...facts.values()].every((f) => f.error === undefined && f.tagDigest !== undefined)).toBe(true);
    expect(collector.resolutions).toBe(images);
    expect(shared.counter.requests).toBe(alone.counter.requests);
    expect(shared.counter.maxInFlight).toBeLessThanOrEqual(4);
    expect(shared.counter.maxInFlight).toBeGreaterThan(1);

    // The cache: asking again costs nothing.
    const before = shared.counter.requests;
    await collector.collect(references.slice(0, 50));
    expect(shared.counter.requests).toBe(before);
    expect(collector.resolutions).toBe(images);
  });
});

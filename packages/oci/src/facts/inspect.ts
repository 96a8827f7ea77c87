import {
  type AttestationFacts,
  type BaseImageFacts,
  type ImageReference,
  isPlaceholderTime,
  ORIGIN_ANNOTATIONS,
  type Platform,
  PROVENANCE_TYPES,
} from "@bulwark/core";
import { isRegistryError } from "../errors.js";
import { type Descriptor, type ImageIndex, type ImageManifest, isIndex } from "../media-types.js";
import type { ImageStore } from "../store.js";
import { type AttestationBundleVerifier, readBundleAttestations } from "./bundles.js";
import { readProvenance, stringAt } from "./provenance.js";

/** BuildKit's annotations on attestation manifests in an index (the default, older form). */
const REFERENCE_TYPE = "vnd.docker.reference.type";
const REFERENCE_DIGEST = "vnd.docker.reference.digest";
/** The artifact type BuildKit gives attestation manifests with `oci-artifact=true`. */
export const ATTESTATION_ARTIFACT_TYPE = "application/vnd.docker.attestation.manifest.v1+json";
const PREDICATE_TYPE = "in-toto.io/predicate-type";
const IN_TOTO = "application/vnd.in-toto+json";

/**
 * Reads what the registry says about one image: where its tag points, whether its pin exists, and,
 * for the platform asked for, the config (created, user), the attestations beside it in the index,
 * the sigstore bundles stored as its referrers (checked with `verifyBundle`; without it none counts)
 * and the SLSA provenance among them. Registry errors propagate; the collector turns them into facts.
 */
export async function inspectImage(
  store: ImageStore,
  reference: ImageReference,
  name: string,
  platform: Platform,
  verifyBundle?: AttestationBundleVerifier,
): Promise<BaseImageFacts> {
  const facts: BaseImageFacts = { reference: name, attestations: [], annotations: {} };
  const tagged = reference.tag !== undefined ? await store.fetchManifest(reference.tag) : undefined;
  if (tagged) facts.tagDigest = tagged.descriptor.digest;

  let top = tagged;
  if (reference.digest !== undefined && reference.digest !== tagged?.descriptor.digest) {
    top = await fetchIfExists(store, reference.digest);
    facts.pinnedDigestExists = top !== undefined;
    if (tagged && isIndex(tagged.manifest))
      facts.tagManifests = tagged.manifest.manifests.map((d) => d.digest);
    if (!top) return facts;
  } else if (reference.digest !== undefined) {
    facts.pinnedDigestExists = true;
  }
  if (!top) return facts;

  let image: ImageManifest;
  let imageDigest = top.descriptor.digest;
  if (isIndex(top.manifest)) {
    const index = top.manifest;
    copyOrigin(facts, index.annotations);
    const chosen = choosePlatform(index, platform);
    if (!chosen) return facts;
    imageDigest = chosen.digest;
    const fetched = await store.fetchManifest(chosen.digest);
    if (isIndex(fetched.manifest)) return facts;
    image = fetched.manifest;
    await readAttestations(store, index, imageDigest, facts);
  } else {
    image = top.manifest;
  }
  // Attestations may name the platform manifest or, as for a multi-platform push, the index.
  const subjects =
    imageDigest === top.descriptor.digest ? [imageDigest] : [imageDigest, top.descriptor.digest];
  await readBundleAttestations(store, subjects, facts, verifyBundle);
  copyOrigin(facts, image.annotations);
  const config = await readJson(store, image.config);
  const created = stringAt(config, ["created"]);
  const user = stringAt(config, ["config", "User"]);
  facts.user = user ?? "";
  const built = facts.provenance?.buildTime;
  if (built && !isPlaceholderTime(built)) facts.created = { time: built, source: "provenance" };
  else if (created && !isPlaceholderTime(created)) facts.created = { time: created, source: "config" };
  return facts;
}

async function fetchIfExists(store: ImageStore, reference: string) {
  try {
    return await store.fetchManifest(reference);
  } catch (error) {
    if (isRegistryError(error, "NOT_FOUND")) return undefined;
    throw error;
  }
}

function isAttestationEntry(d: Descriptor): boolean {
  return (
    d.annotations?.[REFERENCE_TYPE] === "attestation-manifest" ||
    d.artifactType === ATTESTATION_ARTIFACT_TYPE ||
    (d.platform?.os === "unknown" && d.platform.architecture === "unknown")
  );
}

/** The image manifest for the platform (exact variant first), else the first image in the index. */
function choosePlatform(index: ImageIndex, platform: Platform): Descriptor | undefined {
  const images = index.manifests.filter((d) => !isAttestationEntry(d));
  const same = (d: Descriptor) =>
    d.platform?.os === platform.os && d.platform.architecture === platform.architecture;
  return (
    images.find(
      (d) => same(d) && (platform.variant === undefined || d.platform?.variant === platform.variant),
    ) ??
    images.find(same) ??
    (images.length === 1 ? images[0] : undefined)
  );
}

/**
 * The attestation manifests in the index that describe `subject`, in either form: the older one says
 * so in the index entry's annotations, the OCI artifact one in its own `subject`. Only the provenance
 * statement is fetched; other predicates are known from the layer annotations.
 */
async function readAttestations(
  store: ImageStore,
  index: ImageIndex,
  subject: string,
  facts: BaseImageFacts,
) {
  for (const entry of index.manifests.filter(isAttestationEntry)) {
    const annotated = entry.annotations?.[REFERENCE_DIGEST];
    if (annotated !== undefined && annotated !== subject) continue;
    const { manifest } = await store.fetchManifest(entry.digest);
    if (isIndex(manifest)) continue;
    const artifact = manifest.artifactType === ATTESTATION_ARTIFACT_TYPE && manifest.subject !== undefined;
    const describes = manifest.subject?.digest ?? annotated;
    if (describes !== subject) continue;
    const statements = manifest.layers.filter((l) => l.mediaType === IN_TOTO);
    const attestation: AttestationFacts = {
      form: artifact ? "oci-artifact" : "buildkit-annotation",
      digest: entry.digest,
      subject,
      predicateTypes: statements.flatMap((l) => l.annotations?.[PREDICATE_TYPE] ?? []),
    };
    facts.attestations.push(attestation);
    if (facts.provenance) continue;
    const provenanceLayer = statements.find((l) =>
      PROVENANCE_TYPES.includes(l.annotations?.[PREDICATE_TYPE] ?? ""),
    );
    if (provenanceLayer) {
      const provenance = readProvenance(await readJson(store, provenanceLayer));
      if (provenance) facts.provenance = provenance;
    }
  }
}

function copyOrigin(facts: BaseImageFacts, annotations: Record<string, string> | undefined): void {
  for (const key of ORIGIN_ANNOTATIONS) {
    const value = annotations?.[key];
    if (typeof value === "string" && facts.annotations[key] === undefined) facts.annotations[key] = value;
  }
}

async function readJson(store: ImageStore, descriptor: Descriptor): Promise<unknown> {
  const bytes = await store.fetchBlob(descriptor);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

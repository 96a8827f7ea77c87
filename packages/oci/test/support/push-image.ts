import { type Descriptor, type ImageManifest, MediaType, type RegistryRepository } from "../../src/index.js";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export interface ImageSpec {
  created?: string;
  user?: string;
  architecture?: string;
  /** Makes otherwise equal images distinct. */
  content?: string;
  annotations?: Record<string, string>;
}

/** Pushes a one-layer image with the client and returns its manifest descriptor, with its platform. */
export async function pushImage(
  repo: RegistryRepository,
  spec: ImageSpec = {},
  tag?: string,
): Promise<Descriptor> {
  const architecture = spec.architecture ?? "amd64";
  const layer = await repo.pushBlob(
    json({ content: spec.content ?? "layer" }),
    "application/vnd.oci.image.layer.v1.tar",
  );
  const config = await repo.pushBlob(
    json({
      ...(spec.created ? { created: spec.created } : {}),
      architecture,
      os: "linux",
      config: spec.user !== undefined ? { User: spec.user } : {},
      rootfs: { type: "layers", diff_ids: [layer.digest] },
    }),
    MediaType.OciConfig,
  );
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config,
    layers: [layer],
    ...(spec.annotations ? { annotations: spec.annotations } : {}),
  };
  const pushed = await repo.pushManifest(json(manifest), MediaType.OciManifest, tag);
  return { ...pushed.descriptor, platform: { architecture, os: "linux" } };
}

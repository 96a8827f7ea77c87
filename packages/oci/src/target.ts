import { ConfigError, isDigest, parseImageReference } from "@bulwark/core";
import { RegistryError } from "./errors.js";
import { LayoutStore } from "./layout.js";
import { RegistryClient } from "./registry.js";
import type { ImageStore } from "./store.js";

export const LAYOUT_PREFIX = "oci-layout:";

/** Where an image is: a repository in a registry or an image-layout directory, and which image in it. */
export interface ImageTarget {
  store: ImageStore;
  /** A tag or a digest in the store; a digest wins when the text gave both. */
  reference: string;
}

export type TargetSpec =
  | { kind: "layout"; path: string; tag?: string; digest?: string }
  | { kind: "registry"; registry: string; repository: string; tag?: string; digest?: string };

/**
 * Reads `oci-layout:<dir>[:tag|@digest]` or an image reference. In a layout path the text after the
 * last `:` is a tag only when it comes after the last `/`, so `oci-layout:./out` has no tag.
 */
export function parseTarget(text: string): TargetSpec {
  if (!text.startsWith(LAYOUT_PREFIX)) return { kind: "registry", ...parseImageReference(text) };
  let path = text.slice(LAYOUT_PREFIX.length);
  let digest: string | undefined;
  let tag: string | undefined;
  const at = path.lastIndexOf("@");
  if (at > path.lastIndexOf("/") && isDigest(path.slice(at + 1))) {
    digest = path.slice(at + 1);
    path = path.slice(0, at);
  }
  const colon = path.lastIndexOf(":");
  if (colon > path.lastIndexOf("/")) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  if (path === "") throw new ConfigError(`"${text}" names no directory: write oci-layout:<dir>[:tag].`);
  if (tag === "") throw new ConfigError(`"${text}" has an empty tag.`);
  return {
    kind: "layout",
    path,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * Opens the store a target names. A layout target without a tag or digest means the one manifest in
 * its index.json, as skopeo reads it; with several it is an error that asks for a tag.
 */
export async function openTarget(
  text: string,
  client: RegistryClient = new RegistryClient(),
): Promise<ImageTarget> {
  const spec = parseTarget(text);
  if (spec.kind === "registry") {
    return {
      store: client.repository(spec.registry, spec.repository),
      reference: spec.digest ?? spec.tag ?? "latest",
    };
  }
  const store = new LayoutStore(spec.path);
  const reference = spec.digest ?? spec.tag;
  if (reference) return { store, reference };
  const tags = await store.listTags();
  if (tags.length === 1) return { store, reference: tags[0]! };
  throw new RegistryError(
    "NOT_FOUND",
    `${tags.length === 0 ? "no tagged image" : `${tags.length} tags (${tags.join(", ")})`}; name one as oci-layout:<dir>:<tag>`,
    { registry: "oci-layout", repository: spec.path, operation: "open" },
  );
}

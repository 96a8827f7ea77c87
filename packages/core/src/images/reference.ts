import { ConfigError } from "../errors.js";

/**
 * Container image references, parsed and normalised the way Docker does it: `nginx` is
 * `docker.io/library/nginx:latest`, `localhost:5000/app` names a registry, and a digest pins the
 * content whatever the tag says. Pure, so the policy core (Dockerfile base-image rules) and the
 * registry client share one reading of what a reference means.
 */
export interface ImageReference {
  /** Registry host, with port when given: `docker.io`, `ghcr.io`, `localhost:5000`. */
  registry: string;
  /** Repository path inside the registry: `library/nginx`, `org/app`. */
  repository: string;
  /** The tag; `latest` when the text named neither a tag nor a digest. */
  tag?: string;
  /** `sha256:<64 hex>` or `sha512:<128 hex>`; when present it, not the tag, identifies the image. */
  digest?: string;
}

export const DOCKER_HUB = "docker.io";

const HEX = { sha256: 64, sha512: 128 } as const;
const DIGEST = /^(sha256|sha512):([a-f0-9]+)$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const MAX_NAME_LENGTH = 255;

/** Whether `text` is a digest Bulwark can verify: sha256 or sha512, lowercase hex of the right length. */
export function isDigest(text: string): boolean {
  const m = DIGEST.exec(text);
  return m !== null && m[2]!.length === HEX[m[1] as keyof typeof HEX];
}

/** Parses an image reference; throws a ConfigError that says what is wrong with it. */
export function parseImageReference(text: string): ImageReference {
  const fail = (why: string): never => {
    throw new ConfigError(`Invalid image reference "${text}": ${why}.`);
  };
  if (text.trim() !== text || text === "") fail("it is empty or has surrounding whitespace");

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) fail("the digest must be sha256:<64 hex> or sha512:<128 hex>, in lowercase");
  }

  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag))
      fail("a tag is up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
  }

  const { registry, path } = splitRegistry(rest);
  if (!DOMAIN.test(registry)) fail(`"${registry}" is not a registry host`);
  const repository = registry === DOCKER_HUB && !path.includes("/") ? `library/${path}` : path;
  for (const component of repository.split("/")) {
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `repository path component "${component}" must be lowercase letters and digits, separated by '.', '_', '__' or '-'`,
      );
    }
  }
  if (`${registry}/${repository}`.length > MAX_NAME_LENGTH)
    fail(`the name is longer than ${MAX_NAME_LENGTH}`);

  return {
    registry,
    repository,
    ...(tag !== undefined || digest === undefined ? { tag: tag ?? "latest" } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * The first path component names a registry when it looks like a host (has a dot or a port, or is
 * `localhost`) and is not lowercase-only text that could be a Docker Hub user; otherwise Docker Hub.
 */
function splitRegistry(name: string): { registry: string; path: string } {
  const slash = name.indexOf("/");
  const first = name.slice(0, slash);
  if (slash < 0 || (!/[.:]/.test(first) && first !== "localhost" && first === first.toLowerCase())) {
    return { registry: DOCKER_HUB, path: name };
  }
  const registry = first === "index.docker.io" ? DOCKER_HUB : first;
  return { registry, path: name.slice(slash + 1) };
}

/** The fully qualified text of a reference: `docker.io/library/nginx:1.27@sha256:...`. */
export function formatImageReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${versionSuffix(ref)}`;
}

/** Docker's short form for people: `nginx:1.27` rather than `docker.io/library/nginx:1.27`. */
export function familiarImageReference(ref: ImageReference): string {
  const name =
    ref.registry === DOCKER_HUB
      ? ref.repository.replace(/^library\//, "")
      : `${ref.registry}/${ref.repository}`;
  return `${name}${versionSuffix(ref)}`;
}

function versionSuffix(ref: ImageReference): string {
  return `${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

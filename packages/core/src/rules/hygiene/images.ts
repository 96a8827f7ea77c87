import { type ContainerView, containersOf, type PodView } from "../../manifests/workloads.js";
import { lastOf } from "../../memo.js";
import type { Violation } from "../types.js";
import { k8sDocs, podRule } from "./define.js";

/**
 * The tag and digest of an image as the kubelet reads them. Deliberately lenient (unlike a registry
 * client's parser): a manifest's odd but pullable reference must still be judged, not rejected.
 */
export interface ImageVersion {
  tag?: string;
  digest?: string;
}

export function imageVersion(image: string): ImageVersion {
  const at = image.indexOf("@");
  const name = at === -1 ? image : image.slice(0, at);
  // A colon after the last slash starts the tag; one before it belongs to a registry port.
  const colon = name.indexOf(":", name.lastIndexOf("/") + 1);
  const version: ImageVersion = {};
  if (colon !== -1) version.tag = name.slice(colon + 1);
  if (at !== -1) version.digest = image.slice(at + 1);
  return version;
}

interface ContainerImage {
  container: ContainerView;
  image: string;
  version: ImageVersion;
}

/** Every container (init and ephemeral too: they all run an image) that names an image; three rules ask. */
const imagesOf = lastOf((pod: PodView): readonly ContainerImage[] =>
  containersOf(pod).flatMap((container) => {
    const image = container.value.image;
    return typeof image === "string" && image.trim() !== ""
      ? [{ container, image, version: imageVersion(image.trim()) }]
      : [];
  }),
);

function imageViolations(pod: PodView, test: (c: ContainerImage) => Violation | undefined): Violation[] {
  return imagesOf(pod).flatMap((c) => test(c) ?? []);
}

const imageDocs = k8sDocs("Images", "concepts/containers/images/");
const pullPolicyDocs = k8sDocs("Image pull policy", "concepts/containers/images/#image-pull-policy");

/** What the kubelet pulls with when `imagePullPolicy` is not set. */
function defaultPullPolicy(version: ImageVersion): string {
  return version.digest === undefined && (version.tag === undefined || version.tag === "latest")
    ? "Always"
    : "IfNotPresent";
}

export const latestImageTag = podRule({
  id: "latest-image-tag",
  title: "Image without a tag or with :latest",
  severity: "warning",
  description:
    "An image with no tag means `:latest`. What `latest` points to changes with every push, so the same " +
    "manifest deploys different code from day to day and node to node, and a rollback cannot return to " +
    "the previous version. An image pinned by digest passes whatever its tag says.",
  remediation: "Use a specific version tag (`nginx:1.27.2`), or better, pin the digest (`nginx@sha256:...`).",
  references: [imageDocs, k8sDocs("Configuration best practices", "concepts/configuration/overview/")],
  check(pod) {
    return imageViolations(pod, ({ container, image, version }) => {
      if (version.digest !== undefined) return undefined;
      const path = [...container.path, "image"];
      if (version.tag === undefined) {
        return {
          path,
          message: `Container "${container.name}" uses image "${image}" without a tag, i.e. :latest.`,
        };
      }
      return version.tag === "latest"
        ? {
            path,
            message: `Container "${container.name}" uses image "${image}" with the mutable tag :latest.`,
          }
        : undefined;
    });
  },
});

export const missingImageDigest = podRule({
  id: "missing-image-digest",
  title: "Image not pinned by digest",
  severity: "warning",
  optIn: true,
  description:
    "A tag can be moved to other content at any time, by a release process or by whoever controls the " +
    "registry; a digest names exactly one image. Pinning by digest makes deployments reproducible and lets " +
    "signature verification refer to the image that actually runs. Many teams pin tags and let automation " +
    "resolve digests, so this rule only runs in the `all` profile or when enabled.",
  remediation:
    "Refer to the image as `name@sha256:<digest>` (a tag may stay in front for readers: `name:1.2@sha256:...`).",
  references: [imageDocs],
  check(pod) {
    return imageViolations(pod, ({ container, image, version }) =>
      version.digest === undefined
        ? {
            path: [...container.path, "image"],
            message: `Container "${container.name}" uses image "${image}" by tag, not by digest.`,
          }
        : undefined,
    );
  },
});

export const mutableImageNotAlwaysPulled = podRule({
  id: "mutable-image-not-always-pulled",
  title: "Image by tag not pulled every time",
  severity: "warning",
  description:
    "With `imagePullPolicy: IfNotPresent` (the default for any tag but `latest`) or `Never`, a node that " +
    "already holds a tag runs its cached copy. When the tag is pushed again, nodes run different code for " +
    "the same manifest, and a cached private image can start without the pod's pull credentials being " +
    "checked. A digest pins the content, so images by digest pass with any policy; `Always` with a digest " +
    "is not reported either, since it only re-checks the registry.",
  remediation:
    "Pin the image by digest, or set `imagePullPolicy: Always` (the registry is asked for the tag's current " +
    "digest; layers already on the node are not downloaded again).",
  references: [pullPolicyDocs, imageDocs],
  check(pod) {
    return imageViolations(pod, ({ container, image, version }) => {
      if (version.digest !== undefined) return undefined;
      const explicit = container.value.imagePullPolicy;
      const policy = typeof explicit === "string" ? explicit : defaultPullPolicy(version);
      if (policy === "Always") return undefined;
      const how =
        typeof explicit === "string" ? `imagePullPolicy ${policy}` : `the default imagePullPolicy ${policy}`;
      return {
        path: [...container.path, "imagePullPolicy"],
        message: `Container "${container.name}" runs image "${image}" by tag with ${how}: a node that already has the tag keeps running its old copy.`,
      };
    });
  },
});

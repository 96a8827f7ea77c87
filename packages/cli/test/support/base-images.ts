import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { type ImageIndex, MediaType, RegistryClient } from "@bulwark/oci";
import { keySigning, publicKeyPem, signImage } from "@bulwark/sigstore";
import { buildImage, skopeoCopy } from "../../../oci/test/support/images.js";
import { pushImage } from "../../../oci/test/support/push-image.js";
import type { TestRegistry } from "../../../oci/test/support/registry.js";

/**
 * Base images for the base-image tests, in a real registry: built by umoci and copied by skopeo, or
 * pushed by our client where the test needs a chosen build date, user or platform; some signed with a
 * generated key (no transparency log, as `cosign sign --tlog-upload=false` does).
 */
export interface BaseImages {
  /** The registry host, the first part of every reference. */
  host: string;
  /** The key trusted for `<host>/trusted/**`, as PEM. */
  trustedKeyPem: string;
  digests: {
    /** `trusted/fresh:1`: built now, signed with the trusted key. */
    fresh: string;
    /** `trusted/old:1`: built in 2019, not signed. */
    old: string;
    /** `trusted/foreign:1`: signed with another key. */
    foreign: string;
    /** `trusted/moving:1` before and after the tag moved. */
    movedFrom: string;
    movedTo: string;
    /**
     * `plain/multi:1`: a two-platform index, and its linux/arm64 manifest. Its linux/amd64 image was
     * built in 2019 and sets no user; the linux/arm64 one is recent and runs as 65532.
     */
    multi: string;
    multiArm64: string;
    /** `plain/umoci:1`: built by umoci, copied by skopeo. */
    umoci: string;
  };
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const DAY_MS = 24 * 60 * 60 * 1000;

export async function seedBaseImages(registry: TestRegistry): Promise<BaseImages> {
  const client = new RegistryClient({ retries: 1 });
  const host = registry.host;
  const repo = (path: string) => client.repository(host, path);
  const recent = new Date(Date.now() - 10 * DAY_MS).toISOString();
  const trustedKey = newKey();
  const sign = (image: string, key: KeyObject) =>
    signImage(image, { method: keySigning(key, { tlog: false }), client });

  const fresh = await pushImage(repo("trusted/fresh"), { created: recent, content: "fresh" }, "1");
  await sign(`${host}/trusted/fresh:1`, trustedKey);
  const old = await pushImage(repo("trusted/old"), { created: "2019-01-01T00:00:00Z", content: "old" }, "1");
  const foreign = await pushImage(repo("trusted/foreign"), { created: recent, content: "foreign" }, "1");
  await sign(`${host}/trusted/foreign:1`, newKey());
  const movedFrom = await pushImage(repo("trusted/moving"), { created: recent, content: "before" }, "1");
  await sign(`${host}/trusted/moving@${movedFrom.digest}`, trustedKey);
  const movedTo = await pushImage(repo("trusted/moving"), { created: recent, content: "after" }, "1");
  await sign(`${host}/trusted/moving@${movedTo.digest}`, trustedKey);

  const multiRepo = repo("plain/multi");
  const amd64 = await pushImage(multiRepo, { created: "2019-01-01T00:00:00Z", content: "multi amd64" });
  const arm64 = await pushImage(multiRepo, {
    created: recent,
    user: "65532",
    architecture: "arm64",
    content: "multi arm64",
  });
  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [amd64, arm64] };
  const multi = (await multiRepo.pushManifest(json(index), MediaType.OciIndex, "1")).descriptor;

  const layout = await buildImage("1", "base.txt", "built by umoci\n");
  await skopeoCopy(layout, "1", `${host}/plain/umoci:1`);
  const umoci = await repo("plain/umoci").resolve("1");

  return {
    host,
    trustedKeyPem: publicKeyPem(trustedKey),
    digests: {
      fresh: fresh.digest,
      old: old.digest,
      foreign: foreign.digest,
      movedFrom: movedFrom.digest,
      movedTo: movedTo.digest,
      multi: multi.digest,
      multiArm64: arm64.digest,
      umoci: umoci.digest,
    },
  };
}

/** A trusted root with no authorities: enough for key signatures verified without a transparency log. */
export const KEYS_ONLY_TRUSTED_ROOT = JSON.stringify({
  mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
});

/** The `.bulwark.yaml` of the tests: the trusted key for `trusted/**`, a year of age allowed. */
export function baseImageConfig(host: string): string {
  return `base-images:
  max-age-days: 365
  signers:
    - images: ["${host}/trusted/**"]
      key: keys/release.pub
`;
}

function newKey(): KeyObject {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
}

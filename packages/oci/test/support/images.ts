import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Builds a small real image with umoci: an OCI layout at `<dir>/layout` whose `tag` holds one layer
 * with `file` (path inside the image) set to `content`. Returns the layout directory.
 */
export async function buildImage(
  tag: string,
  file = "hello.txt",
  content = "hello from bulwark\n",
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bulwark-image-"));
  const layout = join(dir, "layout");
  const rootfs = join(dir, "rootfs");
  await mkdir(rootfs);
  await writeFile(join(rootfs, file), content);
  await run("umoci", ["init", "--layout", layout]);
  await run("umoci", ["new", "--image", `${layout}:${tag}`]);
  await run("umoci", ["insert", "--rootless", "--image", `${layout}:${tag}`, join(rootfs, file), `/${file}`]);
  return layout;
}

/** Copies an image from a layout to a plain-HTTP registry with skopeo, as a release job would push it. */
export async function skopeoCopy(
  layout: string,
  tag: string,
  destination: string,
  credentials?: { username: string; password: string },
): Promise<void> {
  const auth = credentials ? ["--dest-creds", `${credentials.username}:${credentials.password}`] : [];
  await run("skopeo", [
    "copy",
    "--insecure-policy",
    "--dest-tls-verify=false",
    ...auth,
    `oci:${layout}:${tag}`,
    `docker://${destination}`,
  ]);
}

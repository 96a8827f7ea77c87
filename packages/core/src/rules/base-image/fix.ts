import type { ResolvedImage } from "../../dockerfile/model.js";
import type { Fix } from "../../findings/types.js";

/**
 * Pins the reference to `digest` while keeping its tag, as Renovate does (`nginx:1.27` becomes
 * `nginx:1.27@sha256:...`, an older pin is replaced), so people still read the version. Only where the
 * text is the reference itself: one written with variables or across lines has no safe edit.
 */
export function pinFix(use: ResolvedImage, digest: string): Fix | undefined {
  if (use.text !== use.value || use.region.startLine !== use.region.endLine) return undefined;
  const at = use.text.indexOf("@");
  const text = `${at < 0 ? use.text : use.text.slice(0, at)}@${digest}`;
  return {
    description: `Pin ${use.text} to the digest its tag points at now`,
    replacements: [{ region: use.region, text }],
  };
}

/** Whether the reference as written names a tag (`nginx:1.27`), rather than implying `latest`. */
export function hasExplicitTag(use: ResolvedImage): boolean {
  const name = use.value.split("@")[0]!;
  return name.lastIndexOf(":") > name.lastIndexOf("/");
}

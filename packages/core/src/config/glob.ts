import picomatch from "picomatch";

/**
 * One matcher for a list of globs (any may match). Dotfiles match like any other file, since
 * manifests often live under `.github/` or `.deploy/`, and a leading `./` is ignored on both sides.
 */
export function globMatcher(patterns: readonly string[]): (text: string) => boolean {
  const match = picomatch(patterns.map(withoutDotSlash), { dot: true });
  return (text) => match(withoutDotSlash(text));
}

function withoutDotSlash(text: string): string {
  return text.startsWith("./") ? text.slice(2) : text;
}

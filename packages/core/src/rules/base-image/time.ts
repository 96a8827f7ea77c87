/** Builds before this are placeholders, not dates: 0001-01-01 (Go's zero time), 1970 (epoch 0), 1980 (zip). */
const EARLIEST_REAL_BUILD = Date.UTC(1980, 0, 2);

/**
 * Whether a timestamp says nothing about when the image was built: unreadable, or one of the fixed
 * epochs reproducible builds write (`SOURCE_DATE_EPOCH=0`, Bazel, ko, Nix, Go's zero time).
 */
export function isPlaceholderTime(time: string): boolean {
  const ms = Date.parse(time);
  return Number.isNaN(ms) || ms < EARLIEST_REAL_BUILD;
}

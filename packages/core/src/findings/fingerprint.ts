/**
 * FNV-1a (64-bit) over UTF-16 code units, as 16 hex digits. Fingerprints are computed for every
 * finding, so this must be cheap and pure (no node:crypto); it identifies findings, it protects nothing.
 */
export function hash64(text: string): string {
  let lo = 0x84222325;
  let hi = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // (hi:lo) * 0x100000001b3 mod 2^64 = lo*0x1b3 + (hi*0x1b3 + lo*2^8) * 2^32
    const low = lo * 0x1b3;
    const high = hi * 0x1b3 + (lo << 8) + Math.floor(low / 0x100000000);
    lo = low >>> 0;
    hi = high >>> 0;
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/** The parts that identify a finding regardless of where in the file it now sits. */
export function fingerprintOf(parts: readonly (string | number | undefined)[]): string {
  return hash64(parts.map((p) => (p === undefined ? "" : String(p))).join("\u0000"));
}

/** A line on the RIGHT (new) side of a diff: the only lines a review comment may be placed on. */
export interface DiffLine {
  added: boolean;
  /** The line's text in the new file, without its line break. */
  text: string;
  /** Which hunk it is in: a multi-line comment must stay within one. */
  hunk: number;
}

/** New-file line number (1-based) to the RIGHT-side line of the diff. */
export type DiffLines = ReadonlyMap<number, DiffLine>;

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The RIGHT-side lines of a unified diff's hunks (the `patch` GitHub gives for each changed file, or
 * the hunks of `git diff`): added lines and context lines, by their line number in the new file.
 * The hunk headers' line counts say where each hunk ends, so an empty context line whose leading
 * space was stripped is still read as a line, and text after the last hunk is ignored.
 */
export function parsePatch(patch: string): DiffLines {
  const lines = new Map<number, DiffLine>();
  let hunk = -1;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const raw of patch.split("\n")) {
    if (oldLeft === 0 && newLeft === 0) {
      const header = HUNK_HEADER.exec(raw);
      if (!header) continue;
      hunk++;
      oldLeft = Number(header[2] ?? 1);
      newLeft = Number(header[4] ?? 1);
      newLine = Number(header[3]);
      continue;
    }
    const marker = raw[0];
    if (marker === "\\") continue; // "\ No newline at end of file"
    if (marker === "-") {
      oldLeft--;
    } else if (marker === "+") {
      lines.set(newLine++, { added: true, text: raw.slice(1), hunk });
      newLeft--;
    } else {
      lines.set(newLine++, { added: false, text: raw.slice(1), hunk });
      oldLeft--;
      newLeft--;
    }
  }
  return lines;
}

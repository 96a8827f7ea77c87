/** A slice of a file's text holding at most one YAML document. */
export interface Segment {
  offset: number;
  /** 1-based line of the segment's first character. */
  line: number;
  text: string;
}

/**
 * Splits a YAML stream into documents at `---` and `...` marker lines, the way YAML 1.2 and
 * Kubernetes' own reader do: a marker at column 0 ends any scalar, so no parse is needed to find it.
 * Directive lines (`%YAML`) just before a `---` belong to the document that follows.
 */
export function splitDocuments(text: string): Segment[] {
  const cuts: number[] = [0];
  const marker = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    if (m[1] === "---") {
      cuts.push(backOverDirectives(text, m.index));
    } else {
      const eol = text.indexOf("\n", m.index);
      cuts.push(eol === -1 ? text.length : eol + 1);
    }
  }
  cuts.push(text.length);

  const segments: Segment[] = [];
  let line = 1;
  let counted = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    if (end <= start) continue;
    line += countNewlines(text, counted, start);
    counted = start;
    segments.push({ offset: start, line, text: text.slice(start, end) });
  }
  return segments;
}

function backOverDirectives(text: string, index: number): number {
  let start = index;
  while (start > 0) {
    const prev = text.lastIndexOf("\n", start - 2) + 1;
    if (text[prev] !== "%") break;
    start = prev;
  }
  return start;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

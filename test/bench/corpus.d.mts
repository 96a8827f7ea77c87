/** Types for corpus.mjs, which tests also use. */
export function generateCorpus(
  objects: number,
  options?: { unsafeEvery?: number; perFile?: number },
): { path: string; text: string }[];

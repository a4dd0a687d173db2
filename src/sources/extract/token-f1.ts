/**
 * Token F1 between an extracted text and the text a reader should get: the measure of extraction quality
 * (as in the CleanEval and article-extraction benchmarks). Words are lower-cased letters and digits; each
 * counts as often as it occurs, so a paragraph extracted twice, or missed, costs what it weighs.
 */
export function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

export interface TokenScore {
  precision: number;
  recall: number;
  f1: number;
}

export function tokenF1(extracted: string, expected: string): TokenScore {
  const got = wordsOf(extracted);
  const want = wordsOf(expected);
  if (got.length === 0 || want.length === 0) {
    const same = got.length === want.length ? 1 : 0;
    return { precision: same, recall: same, f1: same };
  }
  const counts = new Map<string, number>();
  for (const w of want) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of got) {
    const left = counts.get(w) ?? 0;
    if (left > 0) {
      common++;
      counts.set(w, left - 1);
    }
  }
  const precision = common / got.length;
  const recall = common / want.length;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

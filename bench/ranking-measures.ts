/**
 * Average precision, reciprocal rank and precision at 1 of one ranked list, with tied scores handled as
 * their expected value over every order of the tie (McSherry and Najork, ECIR 2008). Breaking ties in
 * reading order instead would reward a ranking that scores nothing: in WikiQA the first sentence of a
 * summary is often the answer.
 */

export interface RankedItem {
  score: number;
  correct: boolean;
}

export interface RankMeasures {
  /** Average precision; correct items missing from the list count as retrieved with precision 0. */
  ap: number;
  rr: number;
  p1: number;
}

/**
 * `ranked` is best first (scores never increase); `correctTotal` is how many correct items exist,
 * ranked or not. Without any correct item all three are 0.
 */
export function rankMeasures(ranked: readonly RankedItem[], correctTotal: number): RankMeasures {
  let apSum = 0;
  let rr = 0;
  let p1 = 0;
  let before = 0;
  let correctBefore = 0;
  for (let i = 0; i < ranked.length; ) {
    let j = i;
    let r = 0;
    while (j < ranked.length && ranked[j]!.score === ranked[i]!.score) r += ranked[j++]!.correct ? 1 : 0;
    const n = j - i;
    if (before === 0) p1 = r / n;
    if (r > 0) {
      for (let p = 1; p <= n; p++) {
        // Given a correct item at place p of the tie, the other r - 1 are spread evenly over the other n - 1 places.
        const correctAbove = correctBefore + 1 + (n === 1 ? 0 : ((p - 1) * (r - 1)) / (n - 1));
        apSum += (r / n) * (correctAbove / (before + p));
      }
      if (correctBefore === 0) {
        // P(first correct item at place p) = C(n - p, r - 1) / C(n, r).
        for (let p = 1; p <= n - r + 1; p++) rr += choose(n - p, r - 1) / choose(n, r) / (before + p);
      }
    }
    correctBefore += r;
    before += n;
    i = j;
  }
  return { ap: correctTotal === 0 ? 0 : apSum / correctTotal, rr, p1 };
}

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankMeasures, type RankedItem } from '../bench/ranking-measures.ts';

/** The measures of one strict order, as trec_eval computes them. */
function strict(correct: boolean[], correctTotal: number) {
  let found = 0;
  let apSum = 0;
  let rr = 0;
  correct.forEach((c, i) => {
    if (!c) return;
    found++;
    apSum += found / (i + 1);
    if (rr === 0) rr = 1 / (i + 1);
  });
  return { ap: correctTotal === 0 ? 0 : apSum / correctTotal, rr, p1: correct[0] ? 1 : 0 };
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The average over every order of the tied items: what `rankMeasures` must equal. */
function bruteForce(ranked: RankedItem[], correctTotal: number) {
  const groups: RankedItem[][] = [];
  for (const item of ranked) {
    if (groups.length > 0 && groups.at(-1)![0]!.score === item.score) groups.at(-1)!.push(item);
    else groups.push([item]);
  }
  let orders: RankedItem[][] = [[]];
  for (const g of groups) orders = orders.flatMap((prefix) => permutations(g).map((p) => [...prefix, ...p]));
  const sum = { ap: 0, rr: 0, p1: 0 };
  for (const order of orders) {
    const m = strict(
      order.map((x) => x.correct),
      correctTotal,
    );
    sum.ap += m.ap;
    sum.rr += m.rr;
    sum.p1 += m.p1;
  }
  return { ap: sum.ap / orders.length, rr: sum.rr / orders.length, p1: sum.p1 / orders.length };
}

describe('rankMeasures', () => {
  it('gives the usual figures for a list without ties', () => {
    const items = [false, true, false, true].map((correct, i) => ({ score: 10 - i, correct }));
    expect(rankMeasures(items, 2)).toEqual({ ap: (1 / 2 + 2 / 4) / 2, rr: 1 / 2, p1: 0 });
    // A correct item that was never ranked still counts in average precision, with precision 0.
    expect(rankMeasures(items, 3).ap).toBeCloseTo((1 / 2 + 2 / 4) / 3);
    expect(rankMeasures([], 1)).toEqual({ ap: 0, rr: 0, p1: 0 });
  });

  it('scores a tie at its expected value, not in the order given', () => {
    // One correct item among four that all score 0: expected P@1 1/4, MRR (1 + 1/2 + 1/3 + 1/4) / 4.
    const tie = [true, false, false, false].map((correct) => ({ score: 0, correct }));
    const m = rankMeasures(tie, 1);
    expect(m.p1).toBeCloseTo(0.25);
    expect(m.rr).toBeCloseTo((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4);
    expect(m.ap).toBeCloseTo(m.rr);
  });

  it('equals the average over every order of the ties', () => {
    const list = fc.array(fc.record({ score: fc.integer({ min: 0, max: 3 }), correct: fc.boolean() }), { maxLength: 7 });
    fc.assert(
      fc.property(list, fc.integer({ min: 0, max: 2 }), (items, unranked) => {
        const ranked = [...items].sort((a, b) => b.score - a.score);
        const total = ranked.filter((x) => x.correct).length + unranked;
        const got = rankMeasures(ranked, total);
        const want = bruteForce(ranked, total);
        expect(got.ap).toBeCloseTo(want.ap, 10);
        expect(got.rr).toBeCloseTo(want.rr, 10);
        expect(got.p1).toBeCloseTo(want.p1, 10);
      }),
    );
  });
});

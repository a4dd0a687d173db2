/** The learned ranking's trees: read from their JSON, walked, and refused when they do not fit the code. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rankModel from '../src/engine/ranking/rank-model.json' with { type: 'json' };
import { RANK_FEATURES } from '../src/engine/ranking/rerank.ts';
import { TreeEnsemble, type TreeModel } from '../src/engine/ranking/trees.ts';

const FEATURES = ['a', 'b'];
// Tree 0: a < 1 ? (b < 5 ? -1 : 2) : 3. Tree 1: a single leaf, 0.5.
const MODEL: TreeModel = {
  features: FEATURES,
  trees: [
    { split: [0, 1, -1, -1, -1], threshold: [1, 5, 0, 0, 0], left: [1, 2, 0, 0, 0], right: [4, 3, 0, 0, 0], value: [0, 0, -1, 2, 3] },
    { split: [-1], threshold: [0], left: [0], right: [0], value: [0.5] },
  ],
};

describe('TreeEnsemble', () => {
  it('adds each tree’s leaf, counted from the lowest sum there is, so that it never lowers a score', () => {
    const trees = TreeEnsemble.from(MODEL, FEATURES);
    expect(trees.size).toBe(2);
    // The lowest sum is -1 + 0.5: every score is the leaves' sum minus that.
    expect(trees.score(Float64Array.of(0, 0))).toBeCloseTo(-1 + 0.5 + 0.5);
    expect(trees.score(Float64Array.of(0, 9))).toBeCloseTo(2 + 0.5 + 0.5);
    expect(trees.score(Float64Array.of(4, 0))).toBeCloseTo(3 + 0.5 + 0.5);
  });

  it('refuses a model fitted on other figures, or with a node pointing back or out of its tree', () => {
    expect(() => TreeEnsemble.from(MODEL, ['a', 'c'])).toThrow(/other figures/);
    const loop = structuredClone(MODEL) as { features: string[]; trees: TreeModel['trees'][number][] };
    loop.trees[0]!.left[1] = 0;
    expect(() => TreeEnsemble.from(loop as TreeModel, FEATURES)).toThrow(/malformed/);
    const short = structuredClone(MODEL) as { features: string[]; trees: TreeModel['trees'][number][] };
    short.trees[0]!.value.pop();
    expect(() => TreeEnsemble.from(short as TreeModel, FEATURES)).toThrow(/value/);
  });

  it('sums the same leaves laid out complete as by following links, for uneven trees, ties and NaN', () => {
    // Random trees of uneven depth (some leaves high up), thresholds drawn from few values so inputs tie them.
    const values = [-1, 0, 0.5, 1, 2];
    const tree = (depth: number): fc.Arbitrary<TreeModel['trees'][number]> =>
      fc
        .array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(...values), fc.double({ min: -3, max: 3, noNaN: true }), fc.boolean()), {
          minLength: 1,
          maxLength: 40,
        })
        .map((draws) => {
          const t = { split: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[] };
          let next = 0;
          const grow = (level: number): number => {
            const n = t.split.length;
            const [feature, threshold, value, stop] = draws[next++ % draws.length]!;
            t.split.push(-1);
            t.threshold.push(threshold);
            t.left.push(0);
            t.right.push(0);
            t.value.push(value);
            if (level < depth && !(stop && level > 0)) {
              t.split[n] = feature;
              t.left[n] = grow(level + 1);
              t.right[n] = grow(level + 1);
            }
            return n;
          };
          grow(0);
          return t;
        });
    const input = fc.array(fc.oneof(fc.constantFrom(...values, Number.NaN), fc.double({ min: -3, max: 3 })), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }).chain((depth) => fc.array(tree(depth), { minLength: 1, maxLength: 6 })),
        fc.array(input, { minLength: 1, maxLength: 10 }),
        (trees, inputs) => {
          const ensemble = TreeEnsemble.from({ features: ['a', 'b', 'c'], trees }, ['a', 'b', 'c']);
          for (const x of inputs) expect(ensemble.sum(Float64Array.from(x))).toBe(ensemble.walkedSum(Float64Array.from(x)));
        },
      ),
    );
  });

  it('ships a model fitted on the figures the re-rank computes', () => {
    expect((rankModel as TreeModel).features).toEqual([...RANK_FEATURES]);
    expect(TreeEnsemble.from(rankModel as TreeModel, RANK_FEATURES).size).toBeGreaterThan(0);
  });
});

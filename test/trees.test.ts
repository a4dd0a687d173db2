/** The learned ranking's trees: read from their JSON, walked, and refused when they do not fit the code. */
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

  it('ships a model fitted on the figures the re-rank computes', () => {
    expect((rankModel as TreeModel).features).toEqual([...RANK_FEATURES]);
    expect(TreeEnsemble.from(rankModel as TreeModel, RANK_FEATURES).size).toBeGreaterThan(0);
  });
});

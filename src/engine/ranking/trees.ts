/**
 * An ensemble of regression trees, as LambdaMART (`npm run learn`) fits them: each tree splits on one figure
 * of a candidate at a time and ends in a value; the candidate's score is the sum of its leaves. Stored as
 * plain arrays (`TreeModel`, JSON) and walked without allocating: a question's fifty candidates cost a few
 * thousand comparisons.
 */
import { WasmTrees } from './trees-wasm.ts';

/** One tree: node n splits on `split[n]` (-1 for a leaf) at `threshold[n]`, going `left` when below it. */
export interface TreeJson {
  split: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface TreeModel {
  /** The figures the trees split on, by name: the model is refused if the code computes other ones. */
  features: readonly string[];
  trees: readonly TreeJson[];
}

/** Trees up to this deep are also laid out complete, for `WasmTrees`; deeper ones are only walked here. */
const MAX_COMPLETE_DEPTH = 8;

export class TreeEnsemble {
  /** The lowest sum any candidate can reach: the sum of each tree's lowest leaf. */
  private readonly floor: number;
  private readonly complete: WasmTrees | undefined;

  private constructor(
    private readonly roots: Int32Array,
    private readonly split: Int16Array,
    private readonly threshold: Float32Array,
    private readonly left: Int32Array,
    private readonly right: Int32Array,
    private readonly value: Float32Array,
    /** How long an input is. */
    private readonly features: number,
  ) {
    let floor = 0;
    for (let t = 0; t < roots.length; t++) {
      const end = t + 1 < roots.length ? roots[t + 1]! : split.length;
      let lowest = Infinity;
      for (let n = roots[t]!; n < end; n++) if (split[n]! < 0) lowest = Math.min(lowest, value[n]!);
      floor += lowest;
    }
    this.floor = floor;
    this.complete = this.completed();
  }

  /** Depth of the subtree at node `n` (a leaf is 0). */
  private depthAt(n: number): number {
    return this.split[n]! < 0 ? 0 : 1 + Math.max(this.depthAt(this.left[n]!), this.depthAt(this.right[n]!));
  }

  /**
   * The same trees, each made complete to the ensemble's depth D: a leaf above depth D is repeated below a
   * split that every input passes to the left (threshold +∞; a NaN goes right, to the same leaf), so every tree
   * is walked in exactly D steps to child 2n + 1 or 2n + 2 and reaches the same leaf as by its links.
   */
  private completed(): WasmTrees | undefined {
    const { roots, split, threshold, left, right, value } = this;
    let depth = 0;
    for (let t = 0; t < roots.length; t++) depth = Math.max(depth, this.depthAt(roots[t]!));
    if (depth > MAX_COMPLETE_DEPTH) return undefined;
    const inner = 2 ** depth - 1;
    const feature = new Int16Array(roots.length * inner);
    const limit = new Float32Array(roots.length * inner).fill(Number.POSITIVE_INFINITY);
    const leaf = new Float32Array(roots.length * (inner + 1));
    const place = (t: number, n: number, at: number, level: number): void => {
      if (level === depth) {
        leaf[t * (inner + 1) + at - inner] = value[n]!;
        return;
      }
      const isLeaf = split[n]! < 0;
      if (!isLeaf) {
        feature[t * inner + at] = split[n]!;
        limit[t * inner + at] = threshold[n]!;
      }
      place(t, isLeaf ? n : left[n]!, 2 * at + 1, level + 1);
      place(t, isLeaf ? n : right[n]!, 2 * at + 2, level + 1);
    };
    for (let t = 0; t < roots.length; t++) place(t, roots[t]!, 0, 0);
    return new WasmTrees(roots.length, depth, this.features, feature, limit, leaf);
  }

  /** The model's trees as flat arrays; throws when it names other figures than `features`, or is malformed. */
  static from(model: TreeModel, features: readonly string[]): TreeEnsemble {
    if (model.features.length !== features.length || model.features.some((f, i) => f !== features[i])) {
      throw new Error(`the ranking model was fitted on other figures (${model.features.join(', ')}) than the code computes (${features.join(', ')})`);
    }
    const total = model.trees.reduce((n, t) => n + t.split.length, 0);
    const roots = new Int32Array(model.trees.length);
    const split = new Int16Array(total);
    const threshold = new Float32Array(total);
    const left = new Int32Array(total);
    const right = new Int32Array(total);
    const value = new Float32Array(total);
    let at = 0;
    model.trees.forEach((tree, t) => {
      const n = tree.split.length;
      for (const key of ['threshold', 'left', 'right', 'value'] as const) {
        if (tree[key].length !== n) throw new Error(`ranking model: tree ${t} has ${tree[key].length} ${key} for ${n} nodes`);
      }
      roots[t] = at;
      for (let i = 0; i < n; i++) {
        const s = tree.split[i]!;
        if (s >= features.length || (s >= 0 && !(tree.left[i]! > i && tree.left[i]! < n && tree.right[i]! > i && tree.right[i]! < n))) {
          throw new Error(`ranking model: tree ${t} node ${i} is malformed`);
        }
        split[at + i] = s;
        threshold[at + i] = tree.threshold[i]!;
        left[at + i] = at + tree.left[i]!;
        right[at + i] = at + tree.right[i]!;
        value[at + i] = tree.value[i]!;
      }
      at += n;
    });
    return new TreeEnsemble(roots, split, threshold, left, right, value, features.length);
  }

  get size(): number {
    return this.roots.length;
  }

  /**
   * The sum of the leaves `x` reaches, one per tree, above the lowest sum there is: never below 0, so that
   * adding it to a candidate's score only ever raises it, as the re-rank's other evidence does (a sentence
   * left out of the re-rank can then never overtake one in it).
   */
  score(x: Float64Array): number {
    return this.sum(x) - this.floor;
  }

  /** The sum of the leaves `x` reaches, one per tree (a log-odds, for a model fitted with logistic loss). */
  sum(x: Float64Array): number {
    return this.complete ? this.complete.sum(x) : this.walkedSum(x);
  }

  /** `sum` by following each tree's links, at any depth. */
  walkedSum(x: Float64Array): number {
    const { roots, split, threshold, left, right, value } = this;
    let sum = 0;
    for (let t = 0; t < roots.length; t++) {
      let n = roots[t]!;
      // Children always come after their parent (checked in `from`), so this walk ends.
      for (let s = split[n]!; s >= 0; s = split[n]!) n = x[s]! < threshold[n]! ? left[n]! : right[n]!;
      sum += value[n]!;
    }
    return sum;
  }
}

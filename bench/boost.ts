/**
 * Gradient-boosted regression trees, the part shared by the learned ranking (`learn.ts`, LambdaMART) and the
 * learned decision (`calibrate.ts`, logistic loss): figures binned by quantiles, trees grown on gradients and
 * second derivatives by histogram splits, leaves set by Newton steps. Used only to fit; the product walks the
 * trees with `src/engine/ranking/trees.ts`.
 */
import type { TreeJson } from '../src/engine/ranking/trees.ts';

/** Rows of `dims` figures each, row-major. */
export interface Matrix {
  x: Float32Array;
  dims: number;
}

/** Quantile bin edges of each figure over the rows: a split is "below edge k". */
export function binEdges({ x, dims }: Matrix, bins: number): Float32Array[] {
  const edges: Float32Array[] = [];
  const rows = x.length / dims;
  const step = Math.max(1, Math.floor(rows / 200_000));
  for (let f = 0; f < dims; f++) {
    const vals: number[] = [];
    for (let r = 0; r < rows; r += step) vals.push(x[r * dims + f]!);
    vals.sort((a, b) => a - b);
    const unique = [...new Set(Array.from({ length: bins - 1 }, (_, k) => vals[Math.floor(((k + 1) * vals.length) / bins)]!))];
    edges.push(Float32Array.from(unique));
  }
  return edges;
}

function binOf(edges: Float32Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The rows' figures as bin numbers. */
export interface Binned {
  bins: Uint8Array;
  n: number;
  dims: number;
  edges: Float32Array[];
}

export function binRows(m: Matrix, edges: Float32Array[]): Binned {
  const n = m.x.length / m.dims;
  const bins = new Uint8Array(n * m.dims);
  for (let r = 0; r < n; r++) for (let f = 0; f < m.dims; f++) bins[r * m.dims + f] = binOf(edges[f]!, m.x[r * m.dims + f]!);
  return { bins, n, dims: m.dims, edges };
}

export interface GrowOptions {
  depth: number;
  /** Fewest rows in a leaf. */
  minLeaf: number;
  /** Shrinkage: each tree's leaves are scaled by it. */
  rate: number;
  /** Figures never split on. */
  without?: ReadonlySet<number>;
}

/**
 * One regression tree fitted to the gradients `g` (the direction to raise each row's score) with second
 * derivatives `h`: each split maximises the Newton gain, each leaf is rate × Σg / (Σh + 1).
 */
export function growTree(rows: Binned, g: Float64Array, h: Float64Array, { depth, minLeaf, rate, without }: GrowOptions): TreeJson {
  const { dims, edges } = rows;
  const tree: TreeJson = { split: [], threshold: [], left: [], right: [], value: [] };
  const REG = 1;
  const histG = new Float64Array(256);
  const histH = new Float64Array(256);
  const histN = new Int32Array(256);
  const grow = (members: Int32Array, level: number): number => {
    const node = tree.split.length;
    tree.split.push(-1);
    tree.threshold.push(0);
    tree.left.push(0);
    tree.right.push(0);
    let G = 0;
    let H = 0;
    for (const r of members) {
      G += g[r]!;
      H += h[r]!;
    }
    tree.value.push((rate * G) / (H + REG));
    if (level >= depth || members.length < 2 * minLeaf) return node;
    let best = { gain: 1e-9, f: -1, bin: 0 };
    for (let f = 0; f < dims; f++) {
      if (without?.has(f)) continue;
      const nb = edges[f]!.length + 1;
      histG.fill(0, 0, nb);
      histH.fill(0, 0, nb);
      histN.fill(0, 0, nb);
      for (const r of members) {
        const b = rows.bins[r * dims + f]!;
        histG[b]! += g[r]!;
        histH[b]! += h[r]!;
        histN[b]!++;
      }
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += histG[b]!;
        hl += histH[b]!;
        nl += histN[b]!;
        const nr = members.length - nl;
        if (nl < minLeaf || nr < minLeaf) continue;
        const gain = (gl * gl) / (hl + REG) + ((G - gl) * (G - gl)) / (H - hl + REG) - (G * G) / (H + REG);
        if (gain > best.gain) best = { gain, f, bin: b };
      }
    }
    if (best.f < 0) return node;
    const lefts: number[] = [];
    const rights: number[] = [];
    for (const r of members) (rows.bins[r * dims + best.f]! <= best.bin ? lefts : rights).push(r);
    tree.split[node] = best.f;
    // Rows in bins 0…bin hold values below edge `bin`.
    tree.threshold[node] = edges[best.f]![best.bin]!;
    tree.left[node] = grow(Int32Array.from(lefts), level + 1);
    tree.right[node] = grow(Int32Array.from(rights), level + 1);
    return node;
  };
  grow(
    Int32Array.from({ length: rows.n }, (_, i) => i),
    0,
  );
  return tree;
}

/** The leaf row `at` of `x` (figures of `dims` each) reaches in `tree`. */
export function treeValue(tree: TreeJson, x: Float32Array, at: number): number {
  let n = 0;
  while (tree.split[n]! >= 0) n = x[at + tree.split[n]!]! < tree.threshold[n]! ? tree.left[n]! : tree.right[n]!;
  return tree.value[n]!;
}

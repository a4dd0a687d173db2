/**
 * A complete tree ensemble's sum in WebAssembly (`trees.wat`): four trees walked side by side with no branch,
 * where JavaScript waits at every level on a comparison it guesses wrong half the time.
 */
import { wasmInstance } from '../wasm.ts';

/** `trees.wat` compiled (`npm run build:wasm` rewrites this line; `test/dots.test.ts` checks it). */
export const TREES_WASM =
  'AGFzbQEAAAABCwFgBn9/f39/fwF8AwIBAAUDAQABBxACBm1lbW9yeQIAA3N1bQAACrIEAa8EAwN/AXwIf0EBIAF0QQFrIQYCQANAIAdBBGogAEsNASAHIAZsIQogCiAGaiELIAsgBmohDCAMIAZqIQ1BACEOQQAhD0EAIRBBACERQQAhCAJAA0AgCCABTw0BIA5BAXRBAmogAiADIAogDmpBAnRqKAIAQQN0aisDACAEIAogDmpBA3RqKwMAY2shDiAPQQF0QQJqIAIgAyALIA9qQQJ0aigCAEEDdGorAwAgBCALIA9qQQN0aisDAGNrIQ8gEEEBdEECaiACIAMgDCAQakECdGooAgBBA3RqKwMAIAQgDCAQakEDdGorAwBjayEQIBFBAXRBAmogAiADIA0gEWpBAnRqKAIAQQN0aisDACAEIA0gEWpBA3RqKwMAY2shESAIQQFqIQgMAAsLIAkgBSAKIAdBAGpqIA5qIAZrQQN0aisDAKAhCSAJIAUgCyAHQQFqaiAPaiAGa0EDdGorAwCgIQkgCSAFIAwgB0ECamogEGogBmtBA3RqKwMAoCEJIAkgBSANIAdBA2pqIBFqIAZrQQN0aisDAKAhCSAHQQRqIQcMAAsLAkADQCAHIABPDQEgByAGbCEKQQAhDkEAIQgCQANAIAggAU8NASAOQQF0QQJqIAIgAyAKIA5qQQJ0aigCAEEDdGorAwAgBCAKIA5qQQN0aisDAGNrIQ4gCEEBaiEIDAALCyAJIAUgCiAHQQBqaiAOaiAGa0EDdGorAwCgIQkgB0EBaiEHDAALCyAJCw==';

type SumFunction = (trees: number, depth: number, x: number, feature: number, threshold: number, leaf: number) => number;

/** Trees complete to `depth`, copied into WebAssembly memory once; `sum` walks them for one input. */
export class WasmTrees {
  private readonly input: Float64Array;
  private readonly run: SumFunction;
  private readonly featureAt: number;
  private readonly thresholdAt: number;
  private readonly leafAt: number;

  /**
   * `feature` and `threshold`: per tree, its 2^depth - 1 splits breadth first; `leaf`: per tree, its 2^depth
   * leaves; `features`: how long an input is.
   */
  constructor(
    private readonly trees: number,
    private readonly depth: number,
    features: number,
    feature: Int16Array,
    threshold: Float32Array,
    leaf: Float32Array,
  ) {
    // Every block 8-byte aligned: x, then features (i32), thresholds (f64) and leaves (f64).
    const align = (n: number) => Math.ceil(n / 8) * 8;
    this.featureAt = align(features * 8);
    this.thresholdAt = align(this.featureAt + feature.length * 4);
    this.leafAt = this.thresholdAt + threshold.length * 8;
    const bytes = this.leafAt + leaf.length * 8;
    const { exports, memory } = wasmInstance(TREES_WASM, bytes);
    this.run = exports.sum as SumFunction;
    this.input = new Float64Array(memory.buffer, 0, features);
    new Int32Array(memory.buffer, this.featureAt, feature.length).set(feature);
    // Widened once to f64: a float32 compares and adds exactly as JavaScript reads it from a Float32Array.
    new Float64Array(memory.buffer, this.thresholdAt, threshold.length).set(threshold);
    new Float64Array(memory.buffer, this.leafAt, leaf.length).set(leaf);
  }

  sum(x: Float64Array): number {
    this.input.set(x);
    return this.run(this.trees, this.depth, 0, this.featureAt, this.thresholdAt, this.leafAt);
  }
}

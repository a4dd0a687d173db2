/**
 * Many dot products of quantised vectors at once, in WebAssembly SIMD (`dots.wat`): the inner loop of
 * `CorpusVectors.neighbours`, which in plain JavaScript took about half of a question's time.
 *
 * A `DotTable` copies a set of vectors (one byte per dimension) into its own WebAssembly memory, each padded
 * to a multiple of 16 bytes, and answers "the dot product of this vector with rows a … b" into an Int32Array.
 * The sums are exact integers, so results are the same as JavaScript's loop, only sooner.
 */
import { wasmInstance } from '../wasm.ts';

/** `dots.wat` compiled (`npm run build:wasm` rewrites this line; `test/dots.test.ts` checks it). */
export const DOTS_WASM =
  'AGFzbQEAAAABDAFgB39/f39/f38BfwMCAQAFAwEAAQcRAgZtZW1vcnkCAARkb3RzAAAK2AEB1QEDAn8DewR/IANBBHQhDCAEIAJBAnRqIQcCQANAIAQgB08NAf0MAAAAAAAAAAAAAAAAAAAAACEJQQAhCANAIAAgCGr9AAQAIQogASAIav0ABAAhCyAJIAogC/2cAf1+/a4BIQkgCSAKIAv9nQH9fv2uASEJIAhBEGohCCAIIAxJDQALIAn9GwAgCf0bAWogCf0bAiAJ/RsDamohDSAEIA02AgAgBiAPQQJ0aiAONgIAIA8gDSAFTmohDyAOQQFqIQ4gASAMaiEBIARBBGohBAwACwsgDws=';

type DotsFunction = (q: number, rows: number, count: number, chunks: number, out: number, least: number, idx: number) => number;

/** Rows of signed bytes, and their dot products with one query vector at a time. */
export class DotTable {
  /** Dot products of the last `compute`: `out[i]` for row i (only the rows asked for are fresh). */
  readonly out: Int32Array;
  /** Rows of the last `computeAbove` that reach its bar: `found[0 … n)`, in order. */
  readonly found: Uint32Array;
  private readonly query: Int8Array;
  private readonly rowBytes: Int8Array;
  private readonly dots: DotsFunction;
  private readonly chunks: number;
  private readonly stride: number;
  private readonly rowsAt: number;
  private readonly outAt: number;
  private readonly foundAt: number;

  /** Room for `count` rows of `dims` bytes; fill them with `set`. */
  constructor(
    readonly dims: number,
    readonly count: number,
  ) {
    this.chunks = Math.ceil(dims / 16);
    this.stride = this.chunks * 16;
    this.rowsAt = this.stride;
    this.outAt = this.rowsAt + count * this.stride;
    this.foundAt = this.outAt + count * 4;
    const bytes = this.foundAt + count * 4;
    const { exports, memory } = wasmInstance(DOTS_WASM, bytes);
    this.dots = exports.dots as DotsFunction;
    this.query = new Int8Array(memory.buffer, 0, this.stride);
    this.out = new Int32Array(memory.buffer, this.outAt, count);
    this.found = new Uint32Array(memory.buffer, this.foundAt, count);
    this.rowBytes = new Int8Array(memory.buffer, this.rowsAt, count * this.stride);
  }

  /** Row `i` is `vector` (`dims` bytes). */
  set(i: number, vector: Int8Array): void {
    this.rowBytes.set(vector, i * this.stride);
  }

  /** `out[i]` = vector · row i for rows `from` … `to` - 1. */
  compute(vector: Int8Array, from: number, to: number): void {
    this.computeAbove(vector, from, to, -(2 ** 31));
  }

  /**
   * As `compute`, and the rows whose product is at least `least` (an integer) are `found[0 … n)`, as row
   * numbers from `from`; returns n. A scan that keeps few rows reads only those, not every product.
   */
  computeAbove(vector: Int8Array, from: number, to: number, least: number): number {
    this.query.set(vector);
    return to > from ? this.dots(0, this.rowsAt + from * this.stride, to - from, this.chunks, this.outAt + from * 4, least, this.foundAt) : 0;
  }
}

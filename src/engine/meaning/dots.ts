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
  'AGFzbQEAAAABCQFgBX9/f39/AAMCAQAFAwEAAQcRAgZtZW1vcnkCAARkb3RzAAAKtAEBsQEDAn8DewF/IANBBHQhCiAEIAJBAnRqIQUCQANAIAQgBU8NAf0MAAAAAAAAAAAAAAAAAAAAACEHQQAhBgNAIAAgBmr9AAQAIQggASAGav0ABAAhCSAHIAggCf2cAf1+/a4BIQcgByAIIAn9nQH9fv2uASEHIAZBEGohBiAGIApJDQALIAQgB/0bACAH/RsBaiAH/RsCIAf9GwNqajYCACABIApqIQEgBEEEaiEEDAALCws=';

type DotsFunction = (q: number, rows: number, count: number, chunks: number, out: number) => void;

/** Rows of signed bytes, and their dot products with one query vector at a time. */
export class DotTable {
  /** Dot products of the last `compute`: `out[i]` for row i (only the rows asked for are fresh). */
  readonly out: Int32Array;
  private readonly query: Int8Array;
  private readonly rowBytes: Int8Array;
  private readonly dots: DotsFunction;
  private readonly chunks: number;
  private readonly stride: number;
  private readonly rowsAt: number;
  private readonly outAt: number;

  /** Room for `count` rows of `dims` bytes; fill them with `set`. */
  constructor(
    readonly dims: number,
    readonly count: number,
  ) {
    this.chunks = Math.ceil(dims / 16);
    this.stride = this.chunks * 16;
    this.rowsAt = this.stride;
    this.outAt = this.rowsAt + count * this.stride;
    const bytes = this.outAt + count * 4;
    const { exports, memory } = wasmInstance(DOTS_WASM, bytes);
    this.dots = exports.dots as DotsFunction;
    this.query = new Int8Array(memory.buffer, 0, this.stride);
    this.out = new Int32Array(memory.buffer, this.outAt, count);
    this.rowBytes = new Int8Array(memory.buffer, this.rowsAt, count * this.stride);
  }

  /** Row `i` is `vector` (`dims` bytes). */
  set(i: number, vector: Int8Array): void {
    this.rowBytes.set(vector, i * this.stride);
  }

  /** `out[i]` = vector · row i for rows `from` … `to` - 1. */
  compute(vector: Int8Array, from: number, to: number): void {
    this.query.set(vector);
    if (to > from) this.dots(0, this.rowsAt + from * this.stride, to - from, this.chunks, this.outAt + from * 4);
  }
}

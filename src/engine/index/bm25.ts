/**
 * A BM25 inverted index over integer term IDs, in typed arrays.
 *
 * wink-nlp's own BM25 vectorizer keeps a dense document × term matrix (gigabytes at 10k passages), so
 * wink-nlp does the language work and this index does the scoring: postings in one compressed-row
 * layout (`termStart` → `postingDoc` / `postingTf`), sorted by document, which is compact, fast to
 * scan, and saved to disk as-is.
 */
// These arrays are saved with the index: bump INDEX_FORMAT (snapshot.ts) when their layout changes.
import { sharedArray } from './typed-file.ts';

export interface Bm25Params {
  /** Term-frequency saturation. */
  k1: number;
  /** Length normalisation, 0 (none) to 1 (full). */
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

/** Term text ↔ dense integer ID. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly terms: string[] = [];

  constructor(terms: Iterable<string> = []) {
    for (const t of terms) this.add(t);
  }

  get size(): number {
    return this.terms.length;
  }

  idOf(term: string): number | undefined {
    return this.ids.get(term);
  }

  add(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }
}

/** The arrays an index is made of: what is saved to and loaded from a snapshot. */
export interface PostingArrays {
  /** Terms per document. */
  docLength: Uint32Array;
  /** Postings of term t are `[termStart[t], termStart[t + 1])`; length vocabulary size + 1. */
  termStart: Uint32Array;
  postingDoc: Uint32Array;
  postingTf: Uint16Array;
}

export class InvertedIndex {
  readonly docCount: number;
  readonly avgDocLength: number;
  /** `k1 · (1 − b + b · len / avgLen)` per document, precomputed because every posting needs it. */
  private readonly lengthNorm: Float32Array;

  constructor(
    readonly arrays: PostingArrays,
    readonly params: Bm25Params,
  ) {
    const { docLength } = arrays;
    this.docCount = docLength.length;
    let total = 0;
    for (let d = 0; d < docLength.length; d++) total += docLength[d]!;
    this.avgDocLength = this.docCount > 0 ? total / this.docCount : 0;
    this.lengthNorm = new Float32Array(this.docCount);
    const avg = this.avgDocLength || 1;
    for (let d = 0; d < this.docCount; d++) {
      this.lengthNorm[d] = params.k1 * (1 - params.b + (params.b * docLength[d]!) / avg);
    }
  }

  /**
   * Builds postings from documents given as one flat array of term IDs, document d being
   * `termIds[docStart[d] .. docStart[d + 1])`. Two passes (count, then fill) keep memory to the final size.
   */
  static build(termIds: Uint32Array, docStart: Uint32Array, vocabularySize: number, params: Bm25Params): InvertedIndex {
    const docCount = docStart.length - 1;
    const df = new Uint32Array(vocabularySize);
    const lastDoc = new Int32Array(vocabularySize).fill(-1);
    for (let d = 0; d < docCount; d++) {
      for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
        const t = termIds[i]!;
        if (lastDoc[t] !== d) {
          lastDoc[t] = d;
          df[t]!++;
        }
      }
    }
    const termStart = sharedArray(Uint32Array, vocabularySize + 1);
    for (let t = 0; t < vocabularySize; t++) termStart[t + 1] = termStart[t]! + df[t]!;
    const postings = termStart[vocabularySize]!;
    const postingDoc = sharedArray(Uint32Array, postings);
    const postingTf = sharedArray(Uint16Array, postings);
    const fill = termStart.slice(0, vocabularySize);
    const docLength = sharedArray(Uint32Array, docCount);
    lastDoc.fill(-1);
    for (let d = 0; d < docCount; d++) {
      docLength[d] = docStart[d + 1]! - docStart[d]!;
      for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
        const t = termIds[i]!;
        if (lastDoc[t] !== d) {
          lastDoc[t] = d;
          postingDoc[fill[t]!] = d;
          postingTf[fill[t]!++] = 1;
        } else if (postingTf[fill[t]! - 1]! < 0xffff) {
          postingTf[fill[t]! - 1]!++;
        }
      }
    }
    return new InvertedIndex({ docLength, termStart, postingDoc, postingTf }, params);
  }

  /**
   * The postings of coarser documents made of consecutive runs of this index's documents (paragraphs of
   * sentences, articles of sentences): document d here belongs to `groupOf[d]`, which never decreases.
   * The same arrays as `build` over the groups' terms, but read term by term from these postings, in order,
   * instead of scattered over the whole corpus's terms: several times faster on a large corpus.
   */
  coarsen(groupOf: Uint32Array, groupLength: Uint32Array): InvertedIndex {
    const { termStart, postingDoc, postingTf } = this.arrays;
    const terms = termStart.length - 1;
    const start = sharedArray(Uint32Array, terms + 1);
    for (let t = 0; t < terms; t++) {
      let df = 0;
      let last = -1;
      for (let i = termStart[t]!, end = termStart[t + 1]!; i < end; i++) {
        const g = groupOf[postingDoc[i]!]!;
        if (g !== last) {
          last = g;
          df++;
        }
      }
      start[t + 1] = start[t]! + df;
    }
    const doc = sharedArray(Uint32Array, start[terms]!);
    const tf = sharedArray(Uint16Array, start[terms]!);
    let at = 0;
    for (let t = 0; t < terms; t++) {
      let last = -1;
      for (let i = termStart[t]!, end = termStart[t + 1]!; i < end; i++) {
        const g = groupOf[postingDoc[i]!]!;
        if (g !== last) {
          last = g;
          doc[at] = g;
          tf[at++] = postingTf[i]!;
        } else {
          tf[at - 1] = Math.min(0xffff, tf[at - 1]! + postingTf[i]!);
        }
      }
    }
    return new InvertedIndex({ docLength: groupLength, termStart: start, postingDoc: doc, postingTf: tf }, this.params);
  }

  df(term: number): number {
    return this.arrays.termStart[term + 1]! - this.arrays.termStart[term]!;
  }

  /** Lucene's BM25 IDF: always positive, highest for a term in one document, `idf(0)` for an unseen one. */
  idfOfDf(df: number): number {
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  idf(term: number): number {
    return this.idfOfDf(this.df(term));
  }

  /**
   * Adds `weight · BM25(term, d)` to `scores[d]` for every document d holding the term, and marks
   * each first-touched document in `touched` (so callers reset only what they used).
   */
  accumulate(term: number, weight: number, scores: Float32Array, touched: DocSet): void {
    const { termStart, postingDoc, postingTf } = this.arrays;
    const k1plus1 = this.params.k1 + 1;
    const w = weight * this.idf(term);
    const norm = this.lengthNorm;
    for (let i = termStart[term]!, end = termStart[term + 1]!; i < end; i++) {
      const d = postingDoc[i]!;
      const tf = postingTf[i]!;
      if (scores[d] === 0) touched.add(d);
      scores[d]! += (w * tf * k1plus1) / (tf + norm[d]!);
    }
  }

  /** Whether document `doc` holds `term`: a binary search in the term's sorted postings. */
  contains(term: number, doc: number): boolean {
    const { termStart, postingDoc } = this.arrays;
    let lo = termStart[term]!;
    let hi = termStart[term + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const d = postingDoc[mid]!;
      if (d === doc) return true;
      if (d < doc) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }
}

/** A reusable list of document IDs, so a query allocates nothing proportional to the corpus. */
export class DocSet {
  private ids: Uint32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.ids = new Uint32Array(capacity);
  }

  add(doc: number): void {
    if (this.size === this.ids.length) {
      const grown = new Uint32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.size++] = doc;
  }

  at(i: number): number {
    return this.ids[i]!;
  }

  clear(): void {
    this.size = 0;
  }
}

/**
 * A BM25 inverted index over integer term IDs, in typed arrays.
 *
 * wink-nlp's own BM25 vectorizer keeps a dense document × term matrix (gigabytes at 10k passages), so
 * wink-nlp does the language work and this index does the scoring: postings in one compressed-row
 * layout (`termStart` → `postingDoc` / `postingTf`), sorted by document, which is compact, fast to
 * scan, and saved to disk as-is.
 */
// These arrays are saved with the index: bump INDEX_FORMAT (snapshot.ts) when their layout changes.

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
    const termStart = new Uint32Array(vocabularySize + 1);
    for (let t = 0; t < vocabularySize; t++) termStart[t + 1] = termStart[t]! + df[t]!;
    const postings = termStart[vocabularySize]!;
    const postingDoc = new Uint32Array(postings);
    const postingTf = new Uint16Array(postings);
    const fill = termStart.slice(0, vocabularySize);
    const docLength = new Uint32Array(docCount);
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
    const start = new Uint32Array(terms + 1);
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
    const doc = new Uint32Array(start[terms]!);
    const tf = new Uint16Array(start[terms]!);
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

  /**
   * The postings of documents of which an earlier index held some: a kept document's postings are read from
   * `old` (its term t is term `termMap[t]` here, -1 for a term no kept document has; its document d is document
   * `docMap[d]` here, -1 for one not kept), the others' from `fresh` (indexed apart over this index's term IDs,
   * its document c being document `freshDocs[c]` here). Both maps keep document order, so each term's postings
   * are two sorted runs merged: the same arrays as `build` over every document, without reading the kept
   * documents' terms again (at 1M sentences 0.1 s a level where building and coarsening took 1.7 s in all).
   */
  static merge(
    old: PostingArrays,
    termMap: Int32Array,
    docMap: Int32Array,
    fresh: PostingArrays,
    freshDocs: Uint32Array,
    docLength: Uint32Array,
    params: Bm25Params,
  ): InvertedIndex {
    const terms = fresh.termStart.length - 1;
    const oldOf = new Int32Array(terms).fill(-1);
    for (let t = 0; t < termMap.length; t++) if (termMap[t]! >= 0) oldOf[termMap[t]!] = t;
    const { termStart: oldStart, postingDoc: oldDoc, postingTf: oldTf } = old;
    const { termStart: freshStart, postingDoc: freshDoc, postingTf: freshTf } = fresh;
    // `docMap` is a few runs of earlier documents, each kept and moved by one amount (the sources between two
    // edits). A term's earlier postings ascend by document, so each run's share of them is found by binary search
    // and copied in one tight loop: looking each document up in `docMap` cost a cache miss apiece.
    const runs = runsOf(docMap);
    const runCount = runs.keptFrom.length;
    const { keptFrom, keptEnd, shiftBy } = runs;
    const start = new Uint32Array(terms + 1);
    for (let u = 0; u < terms; u++) {
      let n = freshStart[u + 1]! - freshStart[u]!;
      const t = oldOf[u]!;
      if (t >= 0) {
        let lo = oldStart[t]!;
        const hi = oldStart[t + 1]!;
        for (let r = 0; r < runCount && lo < hi; r++) {
          const i0 = lowerBound(oldDoc, lo, hi, keptFrom[r]!);
          lo = lowerBound(oldDoc, i0, hi, keptEnd[r]!);
          n += lo - i0;
        }
      }
      start[u + 1] = start[u]! + n;
    }
    const doc = new Uint32Array(start[terms]!);
    const tf = new Uint16Array(start[terms]!);
    for (let u = 0; u < terms; u++) {
      let at = start[u]!;
      let j = freshStart[u]!;
      const jEnd = freshStart[u + 1]!;
      const t = oldOf[u]!;
      if (t >= 0) {
        let lo = oldStart[t]!;
        const hi = oldStart[t + 1]!;
        for (let r = 0; r < runCount && lo < hi; r++) {
          const i0 = lowerBound(oldDoc, lo, hi, keptFrom[r]!);
          const i1 = lowerBound(oldDoc, i0, hi, keptEnd[r]!);
          lo = i1;
          const shift = shiftBy[r]!;
          if (j === jEnd) {
            at = copyMoved(oldDoc, oldTf, i0, i1, shift, doc, tf, at);
            continue;
          }
          // New documents among these: each goes in before the first earlier one it precedes.
          for (let i = i0; i < i1; i++, at++) {
            const moved = oldDoc[i]! + shift;
            for (; j < jEnd && freshDocs[freshDoc[j]!]! < moved; j++, at++) {
              doc[at] = freshDocs[freshDoc[j]!]!;
              tf[at] = freshTf[j]!;
            }
            doc[at] = moved;
            tf[at] = oldTf[i]!;
          }
        }
      }
      for (; j < jEnd; j++, at++) {
        doc[at] = freshDocs[freshDoc[j]!]!;
        tf[at] = freshTf[j]!;
      }
    }
    return new InvertedIndex({ docLength, termStart: start, postingDoc: doc, postingTf: tf }, params);
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
   * Adds `weight · BM25(term, d)` to `scores[d]` for every document d holding the term (and, when `unless` is
   * a term, not holding that one), and marks each first-touched document in `touched` (so callers reset only
   * what they used).
   */
  accumulate(term: number, weight: number, scores: Float32Array, touched: DocSet, unless = -1): void {
    const { termStart, postingDoc, postingTf } = this.arrays;
    const k1plus1 = this.params.k1 + 1;
    const w = weight * this.idf(term);
    const norm = this.lengthNorm;
    for (let i = termStart[term]!, end = termStart[term + 1]!; i < end; i++) {
      const d = postingDoc[i]!;
      if (unless >= 0 && this.contains(unless, d)) continue;
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

/**
 * `docMap` (earlier document → document here, -1 for one dropped) as runs of kept documents moved by one
 * amount: earlier documents `keptFrom[r]` up to `keptEnd[r]` become themselves plus `shiftBy[r]`.
 */
function runsOf(docMap: Int32Array): { keptFrom: Uint32Array; keptEnd: Uint32Array; shiftBy: Int32Array } {
  const froms: number[] = [];
  const ends: number[] = [];
  const shifts: number[] = [];
  for (let d = 0; d < docMap.length; ) {
    if (docMap[d]! < 0) {
      d++;
      continue;
    }
    const from = d;
    const shift = docMap[d]! - d;
    while (d < docMap.length && docMap[d]! >= 0 && docMap[d]! - d === shift) d++;
    froms.push(from);
    ends.push(d);
    shifts.push(shift);
  }
  return { keptFrom: Uint32Array.from(froms), keptEnd: Uint32Array.from(ends), shiftBy: Int32Array.from(shifts) };
}

/** Copies postings `[from, to)` of `doc`/`tf` to `intoDoc`/`intoTf` at `at`, documents moved by `shift`; returns where it stopped. */
function copyMoved(doc: Uint32Array, tf: Uint16Array, from: number, to: number, shift: number, intoDoc: Uint32Array, intoTf: Uint16Array, at: number): number {
  for (let i = from; i < to; i++, at++) {
    intoDoc[at] = doc[i]! + shift;
    intoTf[at] = tf[i]!;
  }
  return at;
}

/** The first index in `[lo, hi)` whose value is at least `value` (`hi` if none); `a` ascends there. */
function lowerBound(a: Uint32Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

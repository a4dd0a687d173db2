/**
 * The word vectors of one corpus's vocabulary: a question term's nearest corpus terms, through WordNet's
 * relations and the vectors' clusters.
 */
import { DotTable } from './dots.ts';
import type { WordVectors } from './word-vectors.ts';
import { Relation } from './wordnet.ts';
/** A corpus term close in meaning to a question's term, and how close (cosine similarity, 0 to 1). */
export interface Neighbour {
  termId: number;
  similarity: number;
}

/**
 * How close WordNet's relations count: at least these floors, and closer the more the vectors agree, since a
 * word's synonyms in its rarer senses ("reach" → "make") are less likely what a member meant than its usual ones.
 */
const SYNONYM_FLOOR = 0.55;
const RELATED_FLOOR = 0.5;
/** A broader or narrower word (WordNet) counts only when the vectors find it at least this close too. */
const BROADER_AGREEMENT = 0.35;
/** Question terms whose neighbours are remembered: a bot hears the same words again and again. */
const NEIGHBOUR_CACHE = 20_000;

/**
 * The word vectors of one corpus's vocabulary: which corpus terms have a vector, grouped by cluster, so that
 * a question term's nearest corpus terms are found by scanning a few clusters, not the whole vocabulary.
 */
export class CorpusVectors {
  /** Vector row of each corpus term ID, -1 when the table has none. */
  readonly rowOfTerm: Int32Array;
  /** Corpus term IDs of cluster c are `bucketTerms[bucketStart[c] … bucketStart[c + 1])`. */
  private readonly bucketStart: Uint32Array;
  private readonly bucketTerms: Uint32Array;
  /** The vectors of `bucketTerms`, in the same order: a probed cluster is one run of rows. */
  private readonly bucketVectors: DotTable;
  /** The scale of each of `bucketTerms`' vectors. */
  private readonly bucketScales: Float32Array;
  /**
   * Remembered lists, per search settings (an engine asks with one or two) and then per term: a key of the
   * settings' numbers made into a string for every call cost 40% of a remembered lookup.
   */
  private readonly caches: { minCloseness: number; max: number; known: number; unknown: number; lists: Map<string, Neighbour[]> }[] = [];
  private cached = 0;
  /** Corpus term ID of each vector row, -1 for a row the corpus does not use. */
  private readonly termOfRow: Int32Array;
  /** The largest of `bucketScales` in each cluster: a bound that rules out most of a cluster's rows by their dot product alone. */
  private readonly clusterMaxScale: Float64Array;

  constructor(
    readonly vectors: WordVectors,
    corpusTerms: readonly string[],
  ) {
    const rowOfTerm = new Int32Array(corpusTerms.length);
    const counts = new Uint32Array(vectors.clusterCount + 1);
    corpusTerms.forEach((term, id) => {
      const r = vectors.rowOf(term);
      rowOfTerm[id] = r;
      if (r >= 0) counts[vectors.clusterOf[r]! + 1]!++;
    });
    for (let c = 0; c < vectors.clusterCount; c++) counts[c + 1]! += counts[c]!;
    const fill = counts.slice(0, vectors.clusterCount);
    const bucketTerms = new Uint32Array(counts[vectors.clusterCount]!);
    rowOfTerm.forEach((r, id) => {
      if (r >= 0) bucketTerms[fill[vectors.clusterOf[r]!]!++] = id;
    });
    this.rowOfTerm = rowOfTerm;
    this.termOfRow = new Int32Array(vectors.size).fill(-1);
    rowOfTerm.forEach((r, id) => {
      if (r >= 0) this.termOfRow[r] = id;
    });
    this.bucketStart = counts;
    this.bucketTerms = bucketTerms;
    const { dims } = vectors;
    this.bucketVectors = new DotTable(dims, bucketTerms.length);
    this.bucketScales = new Float32Array(bucketTerms.length);
    bucketTerms.forEach((id, i) => {
      const r = rowOfTerm[id]!;
      this.bucketVectors.set(i, vectors.vectors.subarray(r * dims, (r + 1) * dims));
      this.bucketScales[i] = vectors.scales[r]!;
    });
    this.clusterMaxScale = new Float64Array(vectors.clusterCount);
    for (let c = 0; c < vectors.clusterCount; c++)
      for (let i = counts[c]!; i < counts[c + 1]!; i++) this.clusterMaxScale[c] = Math.max(this.clusterMaxScale[c]!, this.bucketScales[i]!);
  }

  /** Cosine similarity of two corpus terms; 0 when either has no vector. */
  similarity(termA: number, termB: number): number {
    const a = this.rowOfTerm[termA]!;
    const b = this.rowOfTerm[termB]!;
    return a < 0 || b < 0 ? 0 : this.vectors.similarity(a, b);
  }

  /**
   * The corpus terms close in meaning to `term` (any term, in the corpus or not), closest first, at most `max`
   * and past it those WordNet relates (a common verb's vector neighbours would fill the list),
   * each with a closeness from 0 to 1 (at least `minCloseness`):
   *  - WordNet's relations, which tell synonyms from opposites and associates: a synonym, a similar or a derived
   *    word ("pricey" → "costly", "supplier" → "supply") counts from a floor up to 1 as the vectors agree; a
   *    broader or narrower one ("weapon" → "missile") only when the vectors agree it is close, by their similarity;
   *  - the nearest words by vector, by similarity, from `bars.unknown` up for words WordNet does not know
   *    (slang, names, new words) and from `bars.known` up for words it knows (1: none); a word WordNet relates
   *    otherwise (an antonym above all) is never offered this way.
   */
  neighbours(term: string, minCloseness: number, max: number, bars: { known: number; unknown: number }): Neighbour[] {
    const cache = this.cacheFor(minCloseness, max, bars);
    const cached = cache.get(term);
    if (cached) return cached;
    const found = new Map<number, number>();
    const { vectors } = this;
    const row = vectors.rowOf(term);
    const offer = (id: number, closeness: number) => {
      if (closeness >= minCloseness && closeness > (found.get(id) ?? 0)) found.set(id, closeness);
    };
    /** The corpus terms offered through WordNet's relations, not by their vectors alone. */
    const relatedIds = new Set<number>();
    const offerRelated = (id: number, closeness: number) => {
      if (closeness < minCloseness) return;
      relatedIds.add(id);
      offer(id, closeness);
    };
    if (row >= 0) {
      const relFrom = vectors.relStart[row]!;
      const relTo = vectors.relStart[row + 1]!;
      for (let i = relFrom; i < relTo; i++) {
        const other = vectors.relRow[i]!;
        const id = this.termOfRow[other]!;
        if (id < 0) continue;
        const similarity = vectors.similarity(row, other);
        switch (vectors.relKind[i]) {
          case Relation.SYNONYM:
            offerRelated(id, SYNONYM_FLOOR + (1 - SYNONYM_FLOOR) * Math.max(0, similarity));
            break;
          case Relation.SIMILAR:
          case Relation.DERIVED:
            offerRelated(id, RELATED_FLOOR + (1 - RELATED_FLOOR) * Math.max(0, similarity));
            break;
          case Relation.BROADER:
            if (similarity >= BROADER_AGREEMENT) offerRelated(id, similarity);
            break;
        }
      }
      const bar = vectors.inWordNet[row] ? bars.known : bars.unknown;
      if (bar < 1) {
        const { bucketVectors, bucketScales } = this;
        const { out, found: above } = bucketVectors;
        const rowScale = vectors.scales[row]!;
        const rowVector = vectors.vectors.subarray(row * vectors.dims, (row + 1) * vectors.dims);
        for (const c of vectors.probedClusters(row)) {
          const from = this.bucketStart[c]!;
          const to = this.bucketStart[c + 1]!;
          // No row of the cluster whose dot product is below this reaches the bar (a hair lower than the bound,
          // so that rounding never rules one out): the WebAssembly scan passes most rows over by one comparison
          // of integers, and only the rest are read here.
          const least = bar > 0 ? (bar / (rowScale * this.clusterMaxScale[c]!)) * (1 - 1e-9) : -Infinity;
          const kept = bucketVectors.computeAbove(rowVector, from, to, Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.ceil(least))));
          for (let k = 0; k < kept; k++) {
            const i = from + above[k]!;
            // As `vectors.similarity(row, r)`, product for product: the same closeness to the last bit.
            const similarity = out[i]! * rowScale * bucketScales[i]!;
            if (similarity < bar) continue;
            const id = this.bucketTerms[i]!;
            // The word itself, and words WordNet relates otherwise, are never offered by their vectors. Few rows
            // get this far, so their relations are looked through rather than gathered into a set first.
            const r = this.rowOfTerm[id]!;
            if (r === row) continue;
            let related = false;
            for (let j = relFrom; j < relTo && !related; j++) related = vectors.relRow[j] === r;
            if (!related) offer(id, similarity);
          }
        }
      }
    }
    const list = [...found].map(([termId, similarity]) => ({ termId, similarity }));
    list.sort((x, y) => y.similarity - x.similarity || x.termId - y.termId);
    if (list.length > max && relatedIds.size > 0) {
      // A common verb's nearest words by vector are other common words ("make": "well", "even", "one", all
      // above 0.73), enough to fill the list before the words WordNet relates to it ("manufacture", 0.51):
      // those are kept past the cut, the vectors' words are not.
      let kept = 0;
      for (let i = 0; i < list.length; i++) if (i < max || relatedIds.has(list[i]!.termId)) list[kept++] = list[i]!;
      list.length = kept;
    } else list.length = Math.min(list.length, max);
    if (this.cached >= NEIGHBOUR_CACHE) {
      for (const c of this.caches) c.lists.clear();
      this.cached = 0;
    }
    cache.set(term, list);
    this.cached++;
    return list;
  }

  /** The remembered lists of one search's settings. */
  private cacheFor(minCloseness: number, max: number, { known, unknown }: { known: number; unknown: number }): Map<string, Neighbour[]> {
    for (const c of this.caches) if (c.minCloseness === minCloseness && c.max === max && c.known === known && c.unknown === unknown) return c.lists;
    const lists = new Map<string, Neighbour[]>();
    this.caches.push({ minCloseness, max, known, unknown, lists });
    return lists;
  }
}

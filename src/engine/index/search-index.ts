/**
 * Stage 3: sources → sentences and paragraphs → three BM25 indexes (sentence, paragraph, article).
 *
 * The index is data only: what the corpus holds, column-wise in typed arrays so that a million sentences
 * cost tens of megabytes, not a million objects. Retrieval (`retrieve.ts`), re-ranking (`rerank.ts`) and
 * evidence for declining (`evidence.ts`) read it; nothing here decides what an answer is.
 */
// What this module stores is saved with the index: bump INDEX_FORMAT (snapshot.ts) when it changes.
import { InvertedIndex, Vocabulary, type PostingArrays } from './bm25.ts';
import { analyzeText, type ParagraphSentences, TermKind } from '../language/language.ts';
import { DEFAULT_RANKING, type RankingParams } from './ranking-params.ts';
import { Acronyms } from '../language/acronyms.ts';
import type { Source } from '../../types.ts';

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

/** A heading has at most this many terms ("Escalation Concerns: A New Phase of Conflict?" has five). */
const HEADING_TERMS = 10;
/** How a sentence that states something ends: a full stop, an exclamation, a closing quotation mark or bracket. */
const STATEMENT_END = /[.!"”’')\]]$/;

export class SearchIndex {
  constructor(
    readonly sources: readonly Source[],
    readonly segments: Segments,
    readonly vocabulary: Vocabulary,
    readonly sentenceIndex: InvertedIndex,
    readonly paragraphIndex: InvertedIndex,
    readonly articleIndex: InvertedIndex,
    readonly params: RankingParams,
    /**
     * The acronyms of the corpus's names: made with the index, so no question waits for them. A reload that
     * reuses saved analyses starts with the saved index's table and gets the fresh one moments later
     * (`AnswerEngine.useAcronyms`): reading every name of a million sentences takes two seconds.
     */
    public acronyms: Acronyms,
  ) {}

  get sentenceCount(): number {
    return this.segments.sentStart.length;
  }

  /** Index of the source sentence `s` is in. */
  sourceOf(s: number): number {
    return this.segments.paraSource[this.segments.sentParagraph[s]!]!;
  }

  /**
   * Whether sentence `s` is a heading: a line of its own of a few words, no number among them, that does not end a statement
   * ("Mixed Reactions in Ukraine", "Looking Ahead: The Trump Administration’s Stance", "Unpacking the
   * Decision: Why ATACMS?"). It names what follows; it says nothing a member could be answered with.
   */
  isHeading(s: number): boolean {
    const { sentParagraph, paraSentStart, sentTermStart, termKinds } = this.segments;
    const p = sentParagraph[s]!;
    if (paraSentStart[p + 1]! - paraSentStart[p]! !== 1 || sentTermStart[s + 1]! - sentTermStart[s]! > HEADING_TERMS) return false;
    // A line with a number states a fact ("Range: 190 miles"), whatever its punctuation.
    for (let i = sentTermStart[s]!; i < sentTermStart[s + 1]!; i++) if ((termKinds[i]! & TermKind.NUMBER) !== 0) return false;
    return !STATEMENT_END.test(this.sentenceText(s));
  }

  /** Whether sentence `s` says the terms of `run` one after another ("united", "nations"). */
  saysInARow(s: number, run: readonly number[]): boolean {
    const { termSequence, sentTermStart } = this.segments;
    for (let i = sentTermStart[s]!; i + run.length <= sentTermStart[s + 1]!; i++) {
      let k = 0;
      while (k < run.length && termSequence[i + k] === run[k]) k++;
      if (k === run.length) return true;
    }
    return false;
  }

  /** The text of sentence `s`, as its source has it. */
  sentenceText(s: number): string {
    const { sentStart, sentEnd } = this.segments;
    return this.sources[this.sourceOf(s)]!.text.slice(sentStart[s]!, sentEnd[s]!);
  }

  /**
   * Tokenises every source with wink-nlp and indexes its sentences and paragraphs. A source whose analysis
   * `previous` holds (the same bytes, so the same text and body start) is copied from there instead of being
   * analysed again: wink-nlp is nearly all of a build's time, so a reload after one article changed costs
   * that article and the postings. The index is the same, array for array, as one built from scratch.
   * `acronyms`, when given, stands in for the table of the sources' names until its caller makes that.
   */
  static build(
    sources: readonly Source[],
    params: RankingParams = DEFAULT_RANKING,
    onProgress?: (done: number) => void,
    previous?: PreviousAnalyses,
    acronyms?: Acronyms,
  ): SearchIndex {
    const builder = new IndexBuilder();
    const remap = previous ? new Int32Array(previous.vocabulary.size).fill(-1) : undefined;
    /** Each source's number in `previous`, or -1 for one analysed here. */
    const origins = previous ? previous.assign(sources) : new Int32Array(sources.length).fill(-1);
    sources.forEach((source, sourceIndex) => {
      const from = origins[sourceIndex]!;
      if (from >= 0) builder.copySource(sourceIndex, previous!, from, remap!);
      else builder.addParagraphs(sourceIndex, analyzeText(source.text, source.bodyStart));
      builder.endSource();
      onProgress?.(sourceIndex + 1);
    });
    return builder.finish(sources, params, acronyms, previous && { previous, origins, remap: remap! });
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

/** What decides a source's analysis (its bytes, and where its body starts in them), and which source it was. */
export interface AnalysisStamp {
  id: string;
  contentHash: string;
  bodyStart: number;
}

/**
 * An index's analyses as plain data, to send to another thread (`PreviousAnalyses.held`). Not its postings:
 * copying them to another thread (290 MB at 1M sentences) cost as much as building them again (measured), so
 * postings are merged only from a saved index, where they are read anyway.
 */
export interface HeldAnalyses {
  segments: Segments;
  terms: readonly string[];
  stamps: AnalysisStamp[];
  acronyms: Uint8Array;
}

/** The postings of an index's three levels. */
export interface IndexPostings {
  sentence: PostingArrays;
  paragraph: PostingArrays;
  article: PostingArrays;
}

/** What `IndexBuilder.finish` needs to copy the postings of sources taken from an earlier index. */
interface Reuse {
  previous: PreviousAnalyses;
  /** Each source's number in `previous`, or -1 for one analysed afresh. */
  origins: Int32Array;
  /** Term ID in `previous` → term ID here (-1 for a term no copied source has). */
  remap: Int32Array;
}

/**
 * The analyses of an earlier index (its segments and vocabulary), found by what determines them: a source's
 * content hash and where its body starts. `snapshot.ts` reads them from the saved index.
 */
export class PreviousAnalyses {
  /** The earlier sources with each content hash and body start, in index order. */
  private readonly byKey = new Map<string, number[]>();

  constructor(
    readonly segments: Segments,
    readonly vocabulary: Vocabulary,
    /** Each earlier source's content hash and body start, in index order. */
    readonly stamps: readonly AnalysisStamp[],
    /** The earlier index's acronym table. */
    readonly acronyms: Acronyms,
    /** The earlier index's postings, for the kept sources' to be copied rather than built again. */
    readonly postings?: IndexPostings,
  ) {
    stamps.forEach((s, i) => {
      const key = `${s.contentHash}:${s.bodyStart}`;
      const found = this.byKey.get(key);
      if (found) found.push(i);
      else this.byKey.set(key, [i]);
    });
  }

  /** The analyses an index in memory holds, in the form a worker thread can be sent (`fromHeld`): its arrays are copied. */
  static held(index: SearchIndex): HeldAnalyses {
    return {
      segments: index.segments,
      terms: index.vocabulary.terms,
      stamps: index.sources.map(({ id, contentHash, bodyStart }) => ({ id, contentHash, bodyStart })),
      acronyms: index.acronyms.toBytes(),
    };
  }

  static fromHeld(held: HeldAnalyses): PreviousAnalyses {
    return new PreviousAnalyses(held.segments, new Vocabulary(held.terms), held.stamps, Acronyms.fromBytes(held.acronyms));
  }

  /** Whether these are the analyses of exactly `sources`, in this order: then nothing has changed. */
  matches(sources: readonly Source[]): boolean {
    return (
      sources.length === this.stamps.length &&
      sources.every((s, i) => s.contentHash === this.stamps[i]!.contentHash && s.bodyStart === this.stamps[i]!.bodyStart)
    );
  }

  /**
   * For each of `sources`, the earlier source whose analysis it takes (the same content and body start), or
   * -1; each earlier source at most once. A source first takes its own earlier analysis (same ID), then one left
   * over with the same bytes: so two files with the same bytes take two analyses, and the sources taken keep
   * their earlier order (what copying their postings needs) unless a file was renamed.
   */
  assign(sources: readonly Source[]): Int32Array {
    const origins = new Int32Array(sources.length).fill(-1);
    const taken = new Uint8Array(this.stamps.length);
    const keyOf = (s: { contentHash: string; bodyStart: number }) => `${s.contentHash}:${s.bodyStart}`;
    const byId = new Map(this.stamps.map((s, i) => [s.id, i]));
    sources.forEach((source, i) => {
      const own = byId.get(source.id);
      if (own !== undefined && keyOf(this.stamps[own]!) === keyOf(source)) {
        origins[i] = own;
        taken[own] = 1;
      }
    });
    sources.forEach((source, i) => {
      if (origins[i]! >= 0) return;
      const other = this.byKey.get(keyOf(source))?.find((j) => !taken[j]);
      if (other !== undefined) {
        origins[i] = other;
        taken[other] = 1;
      }
    });
    return origins;
  }
}

/** Appends sources' paragraphs, sentences and terms column-wise, then builds the three BM25 indexes. */
class IndexBuilder {
  private readonly vocabulary = new Vocabulary();
  private readonly sentStart = new Growable(Uint32Array);
  private readonly sentEnd = new Growable(Uint32Array);
  private readonly sentParagraph = new Growable(Uint32Array);
  private readonly paraSource = new Growable(Uint32Array);
  private readonly paraSentStart = Growable.of(Uint32Array, 0);
  private readonly sourceSentStart = Growable.of(Uint32Array, 0);
  private readonly termIds = new Growable(Uint32Array);
  private readonly termKinds = new Growable(Uint8Array);
  private readonly sentTermStart = Growable.of(Uint32Array, 0);

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
   * Appends source `from` of `previous` as source `sourceIndex`, column by column: its sentences, paragraphs
   * and terms are contiguous there, so each column is one block copy, shifted to where it lands here. Term
   * IDs go through `remap` (earlier ID → ID here, -1 until first seen), added in reading order as
   * `addParagraphs` adds them, so the vocabulary comes out as a build from scratch would number it.
   */
  copySource(sourceIndex: number, previous: PreviousAnalyses, from: number, remap: Int32Array): void {
    const old = previous.segments;
    const first = old.sourceSentStart[from]!;
    const end = old.sourceSentStart[from + 1]!;
    if (first === end) return;
    const firstParagraph = old.sentParagraph[first]!;
    const lastParagraph = old.sentParagraph[end - 1]!;
    const firstTerm = old.sentTermStart[first]!;
    const endTerm = old.sentTermStart[end]!;

    this.sentParagraph.append(old.sentParagraph, first, end, this.paraSource.length - firstParagraph);
    this.paraSentStart.append(old.paraSentStart, firstParagraph + 1, lastParagraph + 2, this.sentStart.length - first);
    this.paraSource.fill(sourceIndex, lastParagraph - firstParagraph + 1);
    this.sentTermStart.append(old.sentTermStart, first + 1, end + 1, this.termIds.length - firstTerm);
    this.sentStart.append(old.sentStart, first, end);
    this.sentEnd.append(old.sentEnd, first, end);
    this.termKinds.append(old.termKinds, firstTerm, endTerm);
    const terms = previous.vocabulary.terms;
    const ids = this.termIds.reserve(endTerm - firstTerm);
    let at = this.termIds.length;
    for (let i = firstTerm; i < endTerm; i++) {
      const t = old.termSequence[i]!;
      let id = remap[t]!;
      if (id < 0) remap[t] = id = this.vocabulary.add(terms[t]!);
      ids[at++] = id;
    }
    this.termIds.length = at;
  }

  endSource(): void {
    this.sourceSentStart.push(this.sentStart.length);
  }

  finish(sources: readonly Source[], params: RankingParams, acronyms?: Acronyms, reuse?: Reuse): SearchIndex {
    const flat = this.termIds.view().slice();
    const sentDocStart = this.sentTermStart.view().slice();
    const paraSentStart = this.paraSentStart.view().slice();
    const sourceSentStart = this.sourceSentStart.view().slice();
    const segments: Segments = {
      sentStart: this.sentStart.view().slice(),
      sentEnd: this.sentEnd.view().slice(),
      sentParagraph: this.sentParagraph.view().slice(),
      paraSource: this.paraSource.view().slice(),
      paraSentStart,
      sourceSentStart,
      termSequence: flat,
      termKinds: this.termKinds.view().slice(),
      sentTermStart: sentDocStart,
    };
    const { vocabulary } = this;
    // Paragraphs and articles are runs of sentences: their postings are the sentences' postings, merged.
    const lengthOf = (starts: Uint32Array) => {
      const lengths = new Uint32Array(starts.length - 1);
      for (let g = 0; g < lengths.length; g++) lengths[g] = sentDocStart[starts[g + 1]!]! - sentDocStart[starts[g]!]!;
      return lengths;
    };
    const levels =
      (reuse && mergedPostings(segments, vocabulary.size, params, reuse, lengthOf)) ??
      (() => {
        const sentence = InvertedIndex.build(flat, sentDocStart, vocabulary.size, params);
        const paragraph = sentence.coarsen(segments.sentParagraph, lengthOf(paraSentStart));
        return { sentence, paragraph, article: paragraph.coarsen(segments.paraSource, lengthOf(sourceSentStart)) };
      })();
    return new SearchIndex(sources, segments, vocabulary, levels.sentence, levels.paragraph, levels.article, params, acronyms ?? Acronyms.of(sources));
  }
}

/**
 * The three levels' postings of an index that copied some sources' analyses from an earlier one (`reuse`):
 * the copied sources' postings are taken from the earlier index, renumbered, and merged with postings built
 * for the sources analysed afresh only (`InvertedIndex.merge`); the same arrays as building every level from
 * all the terms. Undefined when that cannot be done: the earlier postings are not at hand, or the copied sources
 * are not in the earlier order, each once (two files with the same bytes copy one analysis twice).
 */
function mergedPostings(
  segments: Segments,
  vocabularySize: number,
  params: RankingParams,
  { previous, origins, remap }: Reuse,
  lengthOf: (starts: Uint32Array) => Uint32Array,
): { sentence: InvertedIndex; paragraph: InvertedIndex; article: InvertedIndex } | undefined {
  const earlier = previous.postings;
  if (!earlier) return undefined;
  let last = -1;
  for (const j of origins) {
    if (j < 0) continue;
    if (j <= last) return undefined;
    last = j;
  }
  const old = previous.segments;
  const { sourceSentStart, sentParagraph, sentTermStart, termSequence } = segments;
  const sentenceMap = new Int32Array(old.sentStart.length).fill(-1);
  const paragraphMap = new Int32Array(old.paraSource.length).fill(-1);
  const sourceMap = new Int32Array(old.sourceSentStart.length - 1).fill(-1);
  // The sources analysed afresh, their sentences, paragraphs and terms numbered apart, in order.
  const freshSentences: number[] = [];
  const freshParagraphs: number[] = [];
  const freshSources: number[] = [];
  const paragraphOfFresh: number[] = [];
  const sourceOfFreshParagraph: number[] = [];
  for (let i = 0; i + 1 < sourceSentStart.length; i++) {
    const first = sourceSentStart[i]!;
    const end = sourceSentStart[i + 1]!;
    const j = origins[i]!;
    if (j >= 0) {
      sourceMap[j] = i;
      const oldFirst = old.sourceSentStart[j]!;
      for (let k = 0; k < end - first; k++) sentenceMap[oldFirst + k] = first + k;
      if (end > first) {
        const oldParagraph = old.sentParagraph[oldFirst]!;
        const paragraph = sentParagraph[first]!;
        for (let k = 0; k <= sentParagraph[end - 1]! - paragraph; k++) paragraphMap[oldParagraph + k] = paragraph + k;
      }
    } else if (end > first) {
      freshSources.push(i);
      for (let s = first; s < end; s++) {
        if (freshParagraphs.at(-1) !== sentParagraph[s]) {
          freshParagraphs.push(sentParagraph[s]!);
          sourceOfFreshParagraph.push(freshSources.length - 1);
        }
        freshSentences.push(s);
        paragraphOfFresh.push(freshParagraphs.length - 1);
      }
    }
  }
  let freshTermCount = 0;
  for (const s of freshSentences) freshTermCount += sentTermStart[s + 1]! - sentTermStart[s]!;
  const freshTerms = new Uint32Array(freshTermCount);
  const freshStart = new Uint32Array(freshSentences.length + 1);
  freshSentences.forEach((s, c) => {
    freshTerms.set(termSequence.subarray(sentTermStart[s]!, sentTermStart[s + 1]!), freshStart[c]!);
    freshStart[c + 1] = freshStart[c]! + sentTermStart[s + 1]! - sentTermStart[s]!;
  });
  const freshLengths = (docs: readonly number[], lengths: Uint32Array) => Uint32Array.from(docs, (d) => lengths[d]!);
  const sentenceLengths = new Uint32Array(sentTermStart.length - 1);
  for (let s = 0; s < sentenceLengths.length; s++) sentenceLengths[s] = sentTermStart[s + 1]! - sentTermStart[s]!;
  const paragraphLengths = lengthOf(segments.paraSentStart);
  const sourceLengths = lengthOf(sourceSentStart);
  const freshSentence = InvertedIndex.build(freshTerms, freshStart, vocabularySize, params);
  const freshParagraph = freshSentence.coarsen(Uint32Array.from(paragraphOfFresh), freshLengths(freshParagraphs, paragraphLengths));
  const freshArticle = freshParagraph.coarsen(Uint32Array.from(sourceOfFreshParagraph), freshLengths(freshSources, sourceLengths));
  const merge = (earlierLevel: PostingArrays, docMap: Int32Array, fresh: InvertedIndex, freshDocs: readonly number[], lengths: Uint32Array) =>
    InvertedIndex.merge(earlierLevel, remap, docMap, fresh.arrays, Uint32Array.from(freshDocs), lengths, params);
  return {
    sentence: merge(earlier.sentence, sentenceMap, freshSentence, freshSentences, sentenceLengths),
    paragraph: merge(earlier.paragraph, paragraphMap, freshParagraph, freshParagraphs, paragraphLengths),
    article: merge(earlier.article, sourceMap, freshArticle, freshSources, sourceLengths),
  };
}

/** An append-only typed array, doubling as it fills: a corpus's terms without a million small arrays. */
class Growable<T extends Uint32Array | Uint8Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: new (n: number) => T) {
    this.data = new make(1 << 16);
  }

  static of<T extends Uint32Array | Uint8Array>(make: new (n: number) => T, ...values: number[]): Growable<T> {
    const g = new Growable(make);
    for (const v of values) g.push(v);
    return g;
  }

  /** Room for `extra` more values; returns the array to write them into (from `length` on). */
  reserve(extra: number): T {
    if (this.length + extra > this.data.length) {
      let size = this.data.length * 2;
      while (size < this.length + extra) size *= 2;
      const grown = new this.make(size);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    return this.data;
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = v;
  }

  /** Appends `source[from..to)`, each value plus `shift`. */
  append(source: Uint32Array | Uint8Array, from: number, to: number, shift = 0): void {
    const data = this.reserve(to - from);
    if (shift === 0) data.set(source.subarray(from, to), this.length);
    else for (let i = from, at = this.length; i < to; i++) data[at++] = source[i]! + shift;
    this.length += to - from;
  }

  fill(v: number, count: number): void {
    this.reserve(count).fill(v, this.length, this.length + count);
    this.length += count;
  }

  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

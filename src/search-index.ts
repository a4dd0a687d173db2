/**
 * Stages 3–4: sources → sentences and paragraphs → two BM25 indexes → ranked sentences.
 *
 * A sentence is scored on its own words plus, weighted, its paragraph's: the sentence is what the bot
 * quotes, the paragraph says what the sentence is about ("It can reach 190 miles" in a paragraph about
 * ATACMS). Sentences and paragraphs are kept column-wise in typed arrays so that a million sentences
 * cost tens of megabytes, not a million objects.
 */
import { DocSet, InvertedIndex, Vocabulary, type Bm25Params } from './bm25.ts';
import { analyzeQuery, analyzeText, containsWord, TermKind, type ParagraphSentences } from './language.ts';
import type { Source } from './types.ts';

export interface RankingParams extends Bm25Params {
  /** Weight of the paragraph's BM25 score in a sentence's score; 0 ranks sentences on their own words. */
  paragraphWeight: number;
  /** Weight of the whole article's BM25 score: which article a sentence is in says what it is about. */
  articleWeight: number;
  /**
   * Re-ranking of the BM25 top `rerankDepth`: a question's neighbouring terms found in the same order
   * close together in a sentence ("launchers used to deploy") add `proximityWeight` × the rarer term's IDF;
   * a word found exactly as typed ("manufactures", not "manufactured") adds `exactWeight` × its IDF.
   */
  proximityWeight: number;
  exactWeight: number;
  /**
   * A sentence that holds the kind of thing the question asks for adds `answerTypeWeight` × an IDF: for
   * "What launcher…", a name next to "launcher" (× the focus term's IDF); for "Who…" or "How many…", a
   * name or number that the question does not already hold (× the question's mean term IDF).
   */
  answerTypeWeight: number;
  /**
   * Coordination: each distinct question term the sentence itself holds adds `coordinationWeight` × its
   * IDF, so a sentence holding more of the question beats one that repeats a single term or is merely short.
   */
  coordinationWeight: number;
  rerankDepth: number;
}

export const DEFAULT_RANKING: RankingParams = {
  k1: 1.2,
  b: 0.75,
  paragraphWeight: 0.5,
  articleWeight: 0,
  proximityWeight: 0.5,
  exactWeight: 0.25,
  answerTypeWeight: 0.5,
  coordinationWeight: 0.5,
  rerankDepth: 50,
};

/** Question terms this many positions apart in a sentence, in order, count as neighbours. */
const PROXIMITY_WINDOW = 3;
/** Lower-cased sentences kept at once: all of SQuAD's 10k; at most about 15 MB of text however large the corpus. */
const LOWER_SENTENCE_CACHE = 50_000;
/** A name this many term positions before or after the focus noun is attached to it ("Himars mobile rocket launchers"). */
const FOCUS_WINDOW = 3;

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

export interface RankedSentence {
  sentence: number;
  sourceIndex: number;
  start: number;
  end: number;
  score: number;
}

/** How much of the question's evidence a sentence (with its paragraph) holds. */
export interface Evidence {
  /**
   * Share of the question's IDF mass found in the sentence or its paragraph, 0 to 1; a term found only
   * elsewhere in the article counts half (the article says what "the missiles" of a sentence are).
   */
  coverage: number;
  /** Share of the question's IDF mass found in the sentence itself. */
  sentenceCoverage: number;
}

export interface QueryPlan {
  /** Known terms, deduplicated, as IDs. */
  termIds: number[];
  /** Term IDs in question order, -1 for a term the corpus lacks. */
  sequence: number[];
  /** Words as typed, with their term IDs, for exact-form matching. */
  surfaces: { word: string; termId: number }[];
  /** Every distinct question term, known or not, with its IDF (an unknown term gets the IDF of df 0). */
  idfMass: number;
  terms: string[];
  /** What the question asks for: `TermKind` flags, and the focus noun's term ID (-1 for none or unknown). */
  answerKinds: number;
  focusTermId: number;
}

export class SearchIndex {
  private readonly sentenceScores: Float32Array;
  private readonly paragraphScores: Float32Array;
  private readonly articleScores: Float32Array;
  private readonly touchedArticles = new DocSet();
  private readonly touchedSentences = new DocSet();
  private readonly touchedParagraphs = new DocSet();
  /**
   * Recently used sentences in lower case, for exact-form matching: lower-casing the candidates of every
   * query cost a fifth of its ranking time, and the same sentences come back question after question.
   * Bounded, so a long-running bot over a large corpus does not end up holding a copy of all of it.
   */
  private readonly lowerSentences = new Map<number, string>();

  constructor(
    readonly sources: readonly Source[],
    readonly segments: Segments,
    readonly vocabulary: Vocabulary,
    readonly sentenceIndex: InvertedIndex,
    readonly paragraphIndex: InvertedIndex,
    readonly articleIndex: InvertedIndex,
    readonly params: RankingParams,
  ) {
    this.sentenceScores = new Float32Array(sentenceIndex.docCount);
    this.paragraphScores = new Float32Array(paragraphIndex.docCount);
    this.articleScores = new Float32Array(articleIndex.docCount);
  }

  get sentenceCount(): number {
    return this.segments.sentStart.length;
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

  /** The question's terms, as the index knows them. */
  plan(question: string): QueryPlan {
    const analysis = analyzeQuery(question);
    const terms = [...new Set(analysis.terms)];
    const termIds: number[] = [];
    const sequence = analysis.terms.map((t) => this.vocabulary.idOf(t) ?? -1);
    const surfaces: QueryPlan['surfaces'] = [];
    for (const [word, term] of analysis.surfaces) {
      const termId = this.vocabulary.idOf(term);
      if (termId !== undefined) surfaces.push({ word, termId });
    }
    let idfMass = 0;
    for (const term of terms) {
      const id = this.vocabulary.idOf(term);
      if (id === undefined) idfMass += this.sentenceIndex.idfOfDf(0);
      else {
        termIds.push(id);
        idfMass += this.sentenceIndex.idf(id);
      }
    }
    const { kinds, focus } = analysis.answerType;
    const focusTermId = focus === undefined ? -1 : (this.vocabulary.idOf(focus) ?? -1);
    return { termIds, sequence, surfaces, idfMass, terms, answerKinds: kinds, focusTermId };
  }

  /**
   * The `k` best sentences for the planned question, best first. Every sentence of a paragraph that
   * matches is a candidate, so a sentence that answers with a pronoun ("It can reach…") still ranks
   * through its paragraph. `allowSource` restricts the search to some sources.
   */
  rankSentences(plan: QueryPlan, k: number, allowSource?: (sourceIndex: number) => boolean): RankedSentence[] {
    const { sentenceScores, paragraphScores, articleScores, touchedSentences, touchedParagraphs, touchedArticles } = this;
    const { paraSentStart, paraSource, sentStart, sentEnd } = this.segments;
    const lambda = this.params.paragraphWeight;
    const mu = this.params.articleWeight;
    try {
      for (const t of plan.termIds) {
        this.sentenceIndex.accumulate(t, 1, sentenceScores, touchedSentences);
        if (lambda > 0) this.paragraphIndex.accumulate(t, lambda, paragraphScores, touchedParagraphs);
        if (mu > 0) this.articleIndex.accumulate(t, mu, articleScores, touchedArticles);
      }
      const top = new TopK(Math.max(k, this.params.rerankDepth));
      const { sentParagraph } = this.segments;
      // Sentences holding a question term first: they set the bar of the top k quickly.
      for (let i = 0; i < touchedSentences.size; i++) {
        const s = touchedSentences.at(i);
        const p = sentParagraph[s]!;
        if (allowSource && !allowSource(paraSource[p]!)) continue;
        // The article's score is read only when it counts: at a million sentences every random read shows.
        top.offer(s, sentenceScores[s]! + (lambda > 0 ? paragraphScores[p]! + (mu > 0 ? articleScores[paraSource[p]!]! : 0) : 0));
      }
      if (lambda > 0) {
        // Then the sentences with no question term of their own ("It can reach 190 miles"), which score only
        // their paragraph's context: only a paragraph whose context clears the bar can add one, so at a
        // million sentences most matching paragraphs cost one comparison, not a loop over their sentences.
        for (let i = 0; i < touchedParagraphs.size; i++) {
          const p = touchedParagraphs.at(i);
          const context = paragraphScores[p]! + (mu > 0 ? articleScores[paraSource[p]!]! : 0);
          if (!top.admits(context) || (allowSource && !allowSource(paraSource[p]!))) continue;
          for (let s = paraSentStart[p]!; s < paraSentStart[p + 1]!; s++) if (sentenceScores[s] === 0) top.offer(s, context);
        }
      }
      return this.rerank(plan, top.sorted())
        .slice(0, k)
        .map(({ doc, score }) => ({
          sentence: doc,
          sourceIndex: paraSource[this.segments.sentParagraph[doc]!]!,
          start: sentStart[doc]!,
          end: sentEnd[doc]!,
          score,
        }));
    } finally {
      clearScores(sentenceScores, touchedSentences);
      clearScores(paragraphScores, touchedParagraphs);
      clearScores(articleScores, touchedArticles);
      touchedSentences.clear();
      touchedParagraphs.clear();
      touchedArticles.clear();
    }
  }

  /**
   * The final score of every sentence (0 where nothing matches), for evaluations that rank the whole
   * corpus: the same sum and re-ranking as `rankSentences`, without the top-k cut.
   */
  scoreAll(plan: QueryPlan): Float32Array {
    const sentence = new Float32Array(this.sentenceCount);
    const paragraph = new Float32Array(this.paragraphIndex.docCount);
    const article = new Float32Array(this.articleIndex.docCount);
    const touched = new DocSet();
    const { paragraphWeight, articleWeight } = this.params;
    for (const t of plan.termIds) {
      this.sentenceIndex.accumulate(t, 1, sentence, touched);
      // A weight of 0 adds nothing: skip scanning those postings, as `rankSentences` does.
      if (paragraphWeight > 0) this.paragraphIndex.accumulate(t, paragraphWeight, paragraph, touched);
      if (articleWeight > 0) this.articleIndex.accumulate(t, articleWeight, article, touched);
    }
    const { sentParagraph, paraSource } = this.segments;
    for (let s = 0; s < sentence.length; s++) sentence[s]! += paragraph[sentParagraph[s]!]! + article[paraSource[sentParagraph[s]!]!]!;
    const best = new TopK(this.params.rerankDepth);
    for (let s = 0; s < sentence.length; s++) if (sentence[s]! > 0) best.offer(s, sentence[s]!);
    for (const { doc, score } of this.rerank(plan, best.sorted())) sentence[doc] = score;
    return sentence;
  }

  /** Adds proximity, exact-form, coordination and answer-type evidence to BM25's best candidates and re-sorts them. */
  private rerank(plan: QueryPlan, ranked: { doc: number; score: number }[]): { doc: number; score: number }[] {
    const { proximityWeight, exactWeight, answerTypeWeight, coordinationWeight } = this.params;
    if (ranked.length === 0 || (proximityWeight === 0 && exactWeight === 0 && answerTypeWeight === 0 && coordinationWeight === 0)) return ranked;
    const pairs: [number, number, number][] = [];
    for (let i = 0; i + 1 < plan.sequence.length; i++) {
      const a = plan.sequence[i]!;
      const b = plan.sequence[i + 1]!;
      if (a >= 0 && b >= 0 && a !== b) pairs.push([a, b, Math.min(this.sentenceIndex.idf(a), this.sentenceIndex.idf(b))]);
    }
    const { termSequence, sentTermStart, sentStart, sentEnd, sentParagraph, paraSource } = this.segments;
    for (const r of ranked) {
      const from = sentTermStart[r.doc]!;
      const to = sentTermStart[r.doc + 1]!;
      for (const [a, b, idf] of pairs) {
        found: for (let i = from; i < to; i++) {
          if (termSequence[i] !== a) continue;
          for (let j = i + 1; j <= i + PROXIMITY_WINDOW && j < to; j++) {
            if (termSequence[j] === b) {
              r.score += proximityWeight * idf;
              break found;
            }
          }
        }
      }
      if (exactWeight > 0) {
        let text: string | undefined;
        for (const { word, termId } of plan.surfaces) {
          // The word as typed can only be in the sentence if its term is, and most are not: look at the text only then.
          if (!hasTerm(termSequence, from, to, termId)) continue;
          text ??= this.sentenceTextLower(r.doc);
          if (containsWord(text, word)) r.score += exactWeight * this.sentenceIndex.idf(termId);
        }
      }
      if (coordinationWeight > 0) {
        for (const t of plan.termIds) if (hasTerm(termSequence, from, to, t)) r.score += coordinationWeight * this.sentenceIndex.idf(t);
      }
      if (answerTypeWeight > 0 && plan.answerKinds !== 0) r.score += answerTypeWeight * this.answerTypeEvidence(plan, from, to);
    }
    return ranked.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }

  /** Sentence s in lower case. */
  private sentenceTextLower(s: number): string {
    let lower = this.lowerSentences.get(s);
    if (lower === undefined) {
      if (this.lowerSentences.size >= LOWER_SENTENCE_CACHE) this.lowerSentences.clear();
      const { sentStart, sentEnd, sentParagraph, paraSource } = this.segments;
      lower = this.sources[paraSource[sentParagraph[s]!]!]!.text.slice(sentStart[s]!, sentEnd[s]!).toLowerCase();
      this.lowerSentences.set(s, lower);
    }
    return lower;
  }

  /**
   * An IDF-weighted 0-or-1 for whether terms `[from, to)` of the sequence hold what the question asks for:
   * a name beside the focus noun when the question has one, else any term of the wanted kind that the
   * question does not hold itself (the answer to "Who is Andriy Zagorodnyuk?" is not "Zagorodnyuk").
   */
  private answerTypeEvidence(plan: QueryPlan, from: number, to: number): number {
    // Plain loops, no closures: this runs for every candidate of every question.
    const { termSequence, termKinds } = this.segments;
    const { answerKinds, termIds, focusTermId } = plan;
    if (focusTermId >= 0) {
      for (let i = from; i < to; i++) {
        if (termSequence[i] !== focusTermId) continue;
        for (let j = Math.max(from, i - FOCUS_WINDOW); j < Math.min(to, i + FOCUS_WINDOW + 1); j++) {
          if ((termKinds[j]! & TermKind.NAME) !== 0 && !termIds.includes(termSequence[j]!)) return this.sentenceIndex.idf(focusTermId);
        }
      }
      return 0;
    }
    for (let i = from; i < to; i++) if ((termKinds[i]! & answerKinds) !== 0 && !termIds.includes(termSequence[i]!)) return plan.idfMass / plan.terms.length;
    return 0;
  }

  /** Which share of the question's IDF mass the sentence, and the sentence with its paragraph, hold. */
  evidence(plan: QueryPlan, sentence: number): Evidence {
    if (plan.idfMass === 0) return { coverage: 0, sentenceCoverage: 0 };
    const paragraph = this.segments.sentParagraph[sentence]!;
    const article = this.segments.paraSource[paragraph]!;
    let inSentence = 0;
    let inContext = 0;
    for (const t of plan.termIds) {
      const idf = this.sentenceIndex.idf(t);
      if (this.sentenceIndex.contains(t, sentence)) {
        inSentence += idf;
        inContext += idf;
      } else if (this.paragraphIndex.contains(t, paragraph)) inContext += idf;
      else if (this.articleIndex.contains(t, article)) inContext += idf / 2;
    }
    return { coverage: inContext / plan.idfMass, sentenceCoverage: inSentence / plan.idfMass };
  }
}

function hasTerm(sequence: Uint32Array, from: number, to: number, term: number): boolean {
  for (let i = from; i < to; i++) if (sequence[i] === term) return true;
  return false;
}

/** Zeroes the touched scores: one by one when few, all at once (a sequential fill) when many. */
function clearScores(scores: Float32Array, touched: DocSet): void {
  if (touched.size > scores.length / 8) scores.fill(0);
  else for (let i = 0; i < touched.size; i++) scores[touched.at(i)] = 0;
}

/** Keeps the k highest-scoring documents; ties go to the lower document ID, so results are stable. */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(doc: number, score: number): void {
    const { docs, scores, k } = this;
    if (k <= 0) return;
    if (docs.length === k && !better(score, doc, scores[k - 1]!, docs[k - 1]!)) return;
    let i = docs.length === k ? k - 1 : docs.length;
    while (i > 0 && better(score, doc, scores[i - 1]!, docs[i - 1]!)) {
      docs[i] = docs[i - 1]!;
      scores[i] = scores[i - 1]!;
      i--;
    }
    docs[i] = doc;
    scores[i] = score;
  }

  /** Whether a document scoring `score` could still enter (ties may, depending on the document ID). */
  admits(score: number): boolean {
    return this.docs.length < this.k || score >= this.scores[this.k - 1]!;
  }

  sorted(): { doc: number; score: number }[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! }));
  }
}

function better(score: number, doc: number, otherScore: number, otherDoc: number): boolean {
  return score > otherScore || (score === otherScore && doc < otherDoc);
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

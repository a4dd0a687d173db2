/**
 * Stage 4a: a planned question → the BM25 candidates, best first.
 *
 * A sentence is scored on its own words plus, weighted, its paragraph's (and optionally its article's): the
 * sentence is what the bot quotes, the paragraph says what the sentence is about ("It can reach 190 miles" in
 * a paragraph about ATACMS). Every sentence of a matching paragraph is a candidate, so a sentence that
 * answers with a pronoun still ranks through its context.
 */
import { DocSet } from '../index/bm25.ts';
import type { QueryPlan } from './query.ts';
import type { SearchIndex } from '../index/search-index.ts';

/** A sentence and its score so far. */
export interface Scored {
  doc: number;
  score: number;
}

/**
 * Scores questions against one index. Holds score arrays the size of the corpus, reused (and reset) by
 * every question, so a query allocates nothing proportional to the corpus. Not re-entrant: one question at
 * a time, which is how a single-threaded engine asks.
 */
export class Retriever {
  private readonly sentenceScores: Float32Array;
  private readonly paragraphScores: Float32Array;
  private readonly articleScores: Float32Array;
  private readonly touchedArticles = new DocSet();
  private readonly touchedSentences = new DocSet();
  private readonly touchedParagraphs = new DocSet();

  constructor(private readonly index: SearchIndex) {
    this.sentenceScores = new Float32Array(index.sentenceIndex.docCount);
    this.paragraphScores = new Float32Array(index.paragraphIndex.docCount);
    this.articleScores = new Float32Array(index.articleIndex.docCount);
  }

  /**
   * The `k` best sentences by BM25 with context, best first (ties to the earlier sentence). `allowSource`
   * restricts the search to some sources.
   */
  retrieve(plan: QueryPlan, k: number, allowSource?: (sourceIndex: number) => boolean): Scored[] {
    const { sentenceScores, paragraphScores, articleScores, touchedSentences, touchedParagraphs, touchedArticles } = this;
    const { segments, sentenceIndex, paragraphIndex, articleIndex, params } = this.index;
    const { paraSentStart, paraSource, sentParagraph } = segments;
    const lambda = params.paragraphWeight;
    const mu = params.articleWeight;
    try {
      for (const [t, w, unless] of weightedTerms(plan, params.expansionWeight, params.specificityWeight)) {
        sentenceIndex.accumulate(t, w, sentenceScores, touchedSentences, unless);
        if (lambda > 0) paragraphIndex.accumulate(t, w * lambda, paragraphScores, touchedParagraphs, unless);
        if (mu > 0) articleIndex.accumulate(t, w * mu, articleScores, touchedArticles, unless);
      }
      const top = new TopK(k);
      // The most any sentence's context adds: once the top k is full, a sentence whose own score plus that
      // cannot enter is passed over without reading its paragraph (at a million sentences, most of them).
      let mostContext = 0;
      if (lambda > 0) {
        for (let i = 0; i < touchedParagraphs.size; i++) {
          const p = touchedParagraphs.at(i);
          const context = paragraphScores[p]! + (mu > 0 ? articleScores[paraSource[p]!]! : 0);
          if (context > mostContext) mostContext = context;
        }
      }
      // Sentences holding a question term first: they set the bar of the top k quickly.
      for (let i = 0; i < touchedSentences.size; i++) {
        const s = touchedSentences.at(i);
        if (!top.admits(sentenceScores[s]! + mostContext)) continue;
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
      return top.sorted();
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
   * The BM25-with-context score of every sentence (0 where nothing matches), for evaluations that rank the
   * whole corpus: the same sum as `retrieve`, without the top-k cut.
   */
  scoreAll(plan: QueryPlan): Float32Array {
    const { sentenceIndex, paragraphIndex, articleIndex, params, segments, sentenceCount } = this.index;
    const sentence = new Float32Array(sentenceCount);
    const paragraph = new Float32Array(paragraphIndex.docCount);
    const article = new Float32Array(articleIndex.docCount);
    const touched = new DocSet();
    const { paragraphWeight, articleWeight } = params;
    for (const [t, w, unless] of weightedTerms(plan, params.expansionWeight, params.specificityWeight)) {
      sentenceIndex.accumulate(t, w, sentence, touched, unless);
      // A weight of 0 adds nothing: skip scanning those postings, as `retrieve` does.
      if (paragraphWeight > 0) paragraphIndex.accumulate(t, w * paragraphWeight, paragraph, touched, unless);
      if (articleWeight > 0) articleIndex.accumulate(t, w * articleWeight, article, touched, unless);
    }
    const { sentParagraph, paraSource } = segments;
    for (let s = 0; s < sentence.length; s++) sentence[s]! += paragraph[sentParagraph[s]!]! + article[paraSource[sentParagraph[s]!]!]!;
    return sentence;
  }
}

/** The terms to search for with their weights: the question's own at 1, their neighbours by similarity. */
function weightedTerms(plan: QueryPlan, expansionWeight: number, specificity: number): [term: number, weight: number, unless: number][] {
  // A common English word ("things", "time") says less of what is asked than a rare one, whatever the corpus's IDF.
  const weightOf = (termId: number) => {
    const q = plan.termIdOf.indexOf(termId);
    return q < 0 || specificity === 0 ? 1 : 1 - specificity + specificity * plan.termRarity[q]!;
  };
  const out: [number, number, number][] = plan.termIds.map((t) => [t, weightOf(t), -1]);
  for (const e of plan.expansions) out.push([e.termId, expansionWeight * e.similarity, e.unless ?? -1]);
  return out;
}

/** Zeroes the touched scores: one by one when few, all at once (a sequential fill) when many. */
function clearScores(scores: Float32Array, touched: DocSet): void {
  if (touched.size > scores.length / 8) scores.fill(0);
  else for (let i = 0; i < touched.size; i++) scores[touched.at(i)] = 0;
}

/** Keeps the k highest-scoring documents; ties go to the lower document ID, so results are stable. */
export class TopK {
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

  sorted(): Scored[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! }));
  }
}

function better(score: number, doc: number, otherScore: number, otherDoc: number): boolean {
  return score > otherScore || (score === otherScore && doc < otherDoc);
}

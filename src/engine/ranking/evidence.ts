/**
 * How much of a question a sentence answers: what the composer decides to answer or decline on. Kept apart
 * from the ranking, so that the decision reads plain figures, not the index.
 *
 * Every figure is a share of the question's weight, each question term weighing its IDF (a term the corpus
 * lacks weighs the most, as a term found nowhere would). Whether to answer is then a logistic model over these
 * figures (`DeclineModel`), fitted on questions that do and do not have an answer (`npm run calibrate`).
 */
import { TermKind } from '../language/language.ts';
import type { QueryPlan } from './query.ts';
import type { SearchIndex } from '../index/search-index.ts';

/** How much of the question's evidence a sentence (with its paragraph) holds. */
export interface Evidence {
  /**
   * Share of the question's weight found in the sentence or its paragraph, 0 to 1; a term found only
   * elsewhere in the article counts half (the article says what "the missiles" of a sentence are).
   */
  coverage: number;
  /** Share of the question's weight found in the sentence itself. */
  sentenceCoverage: number;
  /**
   * As `coverage`, but a term the sentence says in other words counts by how close those words are
   * ("expensive" for "pricey" counts about 0.6).
   */
  softCoverage: number;
  /** Share of the question's weight in words the corpus lacks and has nothing close to: what it knows nothing of. */
  foreign: number;
  /**
   * For a question that asks for a number ("How far…", "When…"): 1 when the sentence holds one the question
   * does not, -1 when it holds none; 0 for other questions. (Names are everywhere in articles: whether a
   * sentence holds one says little, so only numbers count here.)
   */
  answerNumber: number;
  /** How likely the sentence answers the question, 0 to 1, by the decline model. */
  confidence: number;
}

/**
 * A logistic model of "this sentence answers the question" over `Evidence`'s figures: the confidence is
 * σ(bias + Σ weight × figure).
 */
export const DECLINE_FIGURES = ['coverage', 'sentenceCoverage', 'softCoverage', 'foreign', 'answerNumber'] as const;

export type DeclineModel = { bias: number } & Record<(typeof DECLINE_FIGURES)[number], number>;

export function confidenceOf(model: DeclineModel, e: Omit<Evidence, 'confidence'>): number {
  let z = model.bias;
  for (const f of DECLINE_FIGURES) z += model[f] * e[f];
  return 1 / (1 + Math.exp(-z));
}

/** What every sentence of one question shares: its weights, and which of its terms the corpus knows nothing of. */
export interface QuestionWeights {
  total: number;
  foreign: number;
}

export function questionWeights(plan: QueryPlan): QuestionWeights {
  let total = 0;
  let foreign = 0;
  const hasNeighbour = new Set<number>();
  for (const r of plan.related.values()) hasNeighbour.add(r.of);
  plan.terms.forEach((_, q) => {
    total += plan.termIdf[q]!;
    if (plan.termIdOf[q]! < 0 && !hasNeighbour.has(q)) foreign += plan.termIdf[q]!;
  });
  return { total, foreign };
}

/**
 * The evidence sentence `sentence` holds for the question. `answerTypeMet` says whether it holds the kind of
 * thing the question asks for (from the re-rank).
 */
export function evidenceOf(
  index: SearchIndex,
  plan: QueryPlan,
  sentence: number,
  answerTypeMet: boolean,
  model: DeclineModel,
  weights: QuestionWeights = questionWeights(plan),
): Evidence {
  const { sentenceIndex, paragraphIndex, articleIndex, segments } = index;
  const paragraph = segments.sentParagraph[sentence]!;
  const article = segments.paraSource[paragraph]!;
  const { termSequence, sentTermStart } = segments;
  // The closest word the sentence holds to each question term it lacks.
  const soft = new Float64Array(plan.terms.length);
  if (plan.related.size > 0) {
    for (let i = sentTermStart[sentence]!; i < sentTermStart[sentence + 1]!; i++) {
      const r = plan.related.get(termSequence[i]!);
      if (r !== undefined && r.similarity > soft[r.of]!) soft[r.of] = r.similarity;
    }
  }
  let inSentence = 0;
  let inContext = 0;
  let softly = 0;
  plan.terms.forEach((_, q) => {
    const t = plan.termIdOf[q]!;
    const w = plan.termIdf[q]!;
    let found = 0;
    if (t >= 0) {
      if (sentenceIndex.contains(t, sentence)) {
        inSentence += w;
        found = 1;
      } else if (paragraphIndex.contains(t, paragraph)) found = 1;
      else if (articleIndex.contains(t, article)) found = 0.5;
    }
    inContext += found * w;
    softly += Math.max(found, soft[q]!) * w;
  });
  const wantsNumber = (plan.answerKinds & TermKind.NUMBER) !== 0;
  const total = weights.total || 1;
  const e = {
    coverage: inContext / total,
    sentenceCoverage: inSentence / total,
    softCoverage: softly / total,
    foreign: weights.foreign / total,
    answerNumber: wantsNumber ? (answerTypeMet ? 1 : -1) : 0,
  };
  return { ...e, confidence: confidenceOf(model, e) };
}

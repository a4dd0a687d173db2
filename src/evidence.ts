/**
 * How much of a question's evidence a sentence holds: what the composer declines on. Kept apart from the
 * ranking, so that the decision to answer reads plain figures, not the index.
 */
import type { QueryPlan } from './query.ts';
import type { SearchIndex } from './search-index.ts';

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

/** Which share of the question's IDF mass the sentence, and the sentence with its paragraph, hold. */
export function evidenceOf(index: SearchIndex, plan: QueryPlan, sentence: number): Evidence {
  if (plan.idfMass === 0) return { coverage: 0, sentenceCoverage: 0 };
  const { sentenceIndex, paragraphIndex, articleIndex, segments } = index;
  const paragraph = segments.sentParagraph[sentence]!;
  const article = segments.paraSource[paragraph]!;
  let inSentence = 0;
  let inContext = 0;
  for (const t of plan.termIds) {
    const idf = sentenceIndex.idf(t);
    if (sentenceIndex.contains(t, sentence)) {
      inSentence += idf;
      inContext += idf;
    } else if (paragraphIndex.contains(t, paragraph)) inContext += idf;
    else if (articleIndex.contains(t, article)) inContext += idf / 2;
  }
  return { coverage: inContext / plan.idfMass, sentenceCoverage: inSentence / plan.idfMass };
}

/**
 * A question as the index knows it: its terms as IDs, in order and deduplicated, the words as typed, and
 * what kind of answer it asks for. Made once per question; retrieval, re-ranking and evidence all read it.
 */
import { analyzeQuery } from './language.ts';
import type { SearchIndex } from './search-index.ts';

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

export function planQuery(index: SearchIndex, question: string): QueryPlan {
  const { vocabulary, sentenceIndex } = index;
  const analysis = analyzeQuery(question);
  const terms = [...new Set(analysis.terms)];
  const termIds: number[] = [];
  const sequence = analysis.terms.map((t) => vocabulary.idOf(t) ?? -1);
  const surfaces: QueryPlan['surfaces'] = [];
  for (const [word, term] of analysis.surfaces) {
    const termId = vocabulary.idOf(term);
    if (termId !== undefined) surfaces.push({ word, termId });
  }
  let idfMass = 0;
  for (const term of terms) {
    const id = vocabulary.idOf(term);
    if (id === undefined) idfMass += sentenceIndex.idfOfDf(0);
    else {
      termIds.push(id);
      idfMass += sentenceIndex.idf(id);
    }
  }
  const { kinds, focus } = analysis.answerType;
  const focusTermId = focus === undefined ? -1 : (vocabulary.idOf(focus) ?? -1);
  return { termIds, sequence, surfaces, idfMass, terms, answerKinds: kinds, focusTermId };
}

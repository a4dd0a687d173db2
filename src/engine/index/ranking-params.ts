/** How sentences are scored: BM25's own parameters, how context counts, and the re-rank's weights. */
import type { Bm25Params } from './bm25.ts';

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
   * A sentence that holds the kind of thing the question asks for adds a weight × an IDF: for "What
   * launcher…", a name next to "launcher" (× the focus term's IDF); for "Who…" or "How many…", a name or
   * number that the question does not already hold (× the question's mean term IDF). `answerNumberWeight`
   * when the question asks for a number ("How far…", "When…"), `answerNameWeight` otherwise.
   */
  answerNameWeight: number;
  answerNumberWeight: number;
  /**
   * Coordination: each distinct question term the sentence itself holds adds `coordinationWeight` × its
   * IDF, so a sentence holding more of the question beats one that repeats a single term or is merely short.
   */
  coordinationWeight: number;
  rerankDepth: number;
  /**
   * Meaning beyond exact words: each question term also searches for up to `neighboursPerTerm` corpus terms
   * whose word vectors are at least `minSimilarity` close to it, with BM25 weight `expansionWeight` × their
   * similarity. 0 turns it off (exact terms only).
   */
  expansionWeight: number;
  minSimilarity: number;
  neighboursPerTerm: number;
  /**
   * A word WordNet does not know (slang, a name) reaches the corpus words whose vectors are at least this
   * similar to it; a word WordNet knows reaches only its WordNet relations unless this is below 1... (see
   * `CorpusVectors.neighbours`): `vectorOnlyKnown` is the same bar for those, 1 to trust WordNet alone.
   */
  vectorOnly: number;
  vectorOnlyKnown: number;
  /**
   * In the re-rank, a question term the sentence lacks but holds a word close to (similarity at least
   * `softMinSimilarity`) adds `softMatchWeight` × similarity × the term's IDF: "pricey" half-matches "expensive".
   */
  softMatchWeight: number;
  softMinSimilarity: number;
  /** An earlier sentence of its source adds `leadWeight` × the question's mean IDF / (1 + its position). */
  leadWeight: number;
  /**
   * The learned ranking's trees (`rank-model.json`, fitted by `npm run learn`) add `treeWeight` × their score
   * × the question's IDF mass to the linear score; 0 ranks by the linear score alone.
   */
  treeWeight: number;
  /**
   * How much a question term's English rarity scales its BM25 weight: 1 − s + s × rarity (0: not at all). In a
   * small corpus "things" can be as rare as "Lockheed"; in English it is not.
   */
  specificityWeight: number;
}

export const DEFAULT_RANKING: RankingParams = {
  k1: 1.2,
  b: 0.75,
  paragraphWeight: 0.5,
  articleWeight: 0,
  proximityWeight: 0.5,
  exactWeight: 1,
  answerNameWeight: 0.5,
  answerNumberWeight: 6,
  coordinationWeight: 1.5,
  rerankDepth: 50,
  expansionWeight: 0.5,
  minSimilarity: 0.6,
  neighboursPerTerm: 3,
  vectorOnly: 0.65,
  vectorOnlyKnown: 0.65,
  softMatchWeight: 1.5,
  softMinSimilarity: 0.45,
  leadWeight: 2,
  treeWeight: 1,
  specificityWeight: 0,
};

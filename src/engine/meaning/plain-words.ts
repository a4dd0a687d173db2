/**
 * The commonest verbs, adjectives and nouns members ask with, and the words news articles say them with: "what does
 * ukraine want" is answered by "officials… advocating for additional Western weapons", "she called for greater
 * unity", "Kyiv has long sought permission"; "how much did zelensky get" by "he secured $325 million".
 * WordNet's synonym sets for verbs this general are left out as too loose (`wordnet.ts` keeps common senses
 * only), and the word vectors' nearest words to them are other common words ("want": "need", "go", "see"), so
 * neither bridges the two registers. A small table of English paraphrases, for any corpus: each entry is what
 * a thesaurus gives for the plain word's everyday sense.
 */
import { termsOfWord } from '../language/language.ts';

const PLAIN_TO_FORMAL: Readonly<Record<string, string>> = {
  want: 'seek request demand advocate urge call',
  wanted: 'seek request demand advocate urge call',
  get: 'receive obtain acquire secure gain',
  got: 'receive obtain acquire secure gain',
  give: 'provide supply transfer grant deliver',
  gave: 'provide supply transfer grant deliver',
  buy: 'purchase acquire procure',
  happy: 'celebrate welcome glad pleased',
  upset: 'frustration anger criticize',
  mad: 'frustration anger criticize',
  angry: 'frustration anger criticize',
  think: 'view believe consider expect',
  build: 'manufacture produce construct',
  built: 'manufacture produce construct',
  scared: 'fear hesitant concern',
  afraid: 'fear hesitant concern',
  worried: 'fear concern',
  careful: 'cautious judicious',
  carefully: 'cautiously judiciously',
  sparingly: 'judiciously cautiously',
  fancy: 'advanced sophisticated',
  fanciest: 'advanced sophisticated',
  gear: 'equipment weaponry',
  big: 'significant major',
  okay: 'approve authorize permit',
  start: 'begin launch initiate',
  started: 'begin launch initiate',
};

/** How close a formal word counts to the plain one: as WordNet's similar words (`Relation.SIMILAR`). */
export const FORMAL_SIMILARITY = 0.8;

/** Per plain term (as the index stems it), the terms of its formal words. */
const byTerm = new Map<string, readonly string[]>();
for (const [plain, formal] of Object.entries(PLAIN_TO_FORMAL)) {
  const term = termsOfWord(plain)[0]!;
  const terms = formal.split(' ').flatMap((w) => termsOfWord(w));
  byTerm.set(term, [...new Set([...(byTerm.get(term) ?? []), ...terms])]);
}

/** The terms news articles say question term `term` with ("want" → "seek", "request", "advoc"…), or none. */
export function formalTermsOf(term: string): readonly string[] {
  return byTerm.get(term) ?? [];
}

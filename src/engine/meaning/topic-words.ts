/**
 * Which words a corpus is about: those it uses far more often than English does. "ATACMS", "missile",
 * "Ukraine" and "minefield" are; "weather", "life" or "France", which five articles on the war happen to
 * use once each, are not. A question that says none of them asks about something else, however many of its
 * common words the articles contain (`Evidence.topicWords`).
 *
 * English frequency is read from the word-vector table, whose rows are in frequency order (Zipf's law puts
 * the word of rank r at about 0.1 / r of running text); a word the table lacks (a name, "ATACMS") is rarer
 * than its last row.
 */
import type { SearchIndex } from '../index/search-index.ts';
import type { WordVectors } from './word-vectors.ts';

/** How much more often than in English a term must occur to count at all, and to count fully (as log2 ratios). */
const FROM_LOG2 = 1;
const FULL_LOG2 = 5;

/**
 * For each corpus term ID, 0 to 1: how characteristic of the corpus it is. Without word vectors nothing is
 * known of English, and every term counts fully.
 */
export function corpusCharacter(termSequence: Uint32Array, vocabularySize: number, terms: readonly string[], vectors: WordVectors | undefined): Float32Array {
  const character = new Float32Array(vocabularySize);
  if (!vectors) return character.fill(1);
  const counts = new Uint32Array(vocabularySize);
  for (let i = 0; i < termSequence.length; i++) counts[termSequence[i]!]!++;
  const total = Math.max(1, termSequence.length);
  for (let id = 0; id < vocabularySize; id++) {
    const row = vectors.rowOf(terms[id]!);
    const english = 0.1 / ((row < 0 ? vectors.size : row) + 10);
    const log2 = Math.log2(counts[id]! / total / english);
    character[id] = Math.min(1, Math.max(0, (log2 - FROM_LOG2) / (FULL_LOG2 - FROM_LOG2)));
  }
  return character;
}

/**
 * For each corpus term ID, whether the corpus writes it as a name ("Lockheed", "Storm Shadow", "Kursk") more
 * often than not, from the part of speech of each occurrence. A member who writes "storm shadow" in lower
 * case still names the missile: an answer that does not mention it is not about it.
 */
export function corpusNames(termSequence: Uint32Array, termKinds: Uint8Array, vocabularySize: number, nameKind: number): Uint8Array {
  const named = new Uint32Array(vocabularySize);
  const total = new Uint32Array(vocabularySize);
  for (let i = 0; i < termSequence.length; i++) {
    const t = termSequence[i]!;
    total[t]!++;
    if ((termKinds[i]! & nameKind) !== 0) named[t]!++;
  }
  const names = new Uint8Array(vocabularySize);
  for (let t = 0; t < vocabularySize; t++) names[t] = total[t]! > 0 && named[t]! * 2 > total[t]! ? 1 : 0;
  return names;
}

/** How many times as often as any other source one must say a word to be the source about it. */
const SUBJECT_LEAD = 2;

/**
 * The source (its index) a corpus term makes the subject of, as a member means "the kursk article": the one
 * whose heading or title line says it ("ATACMS Deployment in Kursk"), or, when no heading does, the one that says
 * it at least `SUBJECT_LEAD` times as often as any other. Undefined when several headings say it, or no source
 * leads: "the atacms article" names none of five articles on ATACMS. Nor does a word every one of several
 * sources says, whatever one heading says: in "the missile story in 2023", every story is a missile story.
 */
export function sourceAbout(index: SearchIndex, term: number): number | undefined {
  const sentences = index.sentenceIndex.arrays;
  const articles = index.articleIndex.arrays;
  const sayers = articles.termStart[term + 1]! - articles.termStart[term]!;
  if (index.sources.length >= 3 && sayers === index.sources.length) return undefined;
  let headed = -1;
  for (let p = sentences.termStart[term]!; p < sentences.termStart[term + 1]!; p++) {
    const s = sentences.postingDoc[p]!;
    if (!index.isHeading(s)) continue;
    const source = index.sourceOf(s);
    if (headed >= 0 && headed !== source) return undefined;
    headed = source;
  }
  if (headed >= 0) return headed;
  let best = -1;
  let bestCount = 0;
  let second = 0;
  for (let p = articles.termStart[term]!; p < articles.termStart[term + 1]!; p++) {
    const count = articles.postingTf[p]!;
    if (count > bestCount) {
      second = bestCount;
      bestCount = count;
      best = articles.postingDoc[p]!;
    } else if (count > second) second = count;
  }
  return best >= 0 && bestCount >= SUBJECT_LEAD * second ? best : undefined;
}

/**
 * Stage 4b: BM25's best candidates → re-scored with evidence BM25 cannot see: question words found in the
 * same order close together, words found exactly as typed, how much of the question a sentence holds itself,
 * and whether it holds the kind of thing the question asks for.
 */
import { containsWord, TermKind } from './language.ts';
import type { QueryPlan } from './query.ts';
import type { Scored } from './retrieve.ts';
import type { SearchIndex } from './search-index.ts';

/** Question terms this many positions apart in a sentence, in order, count as neighbours. */
const PROXIMITY_WINDOW = 3;
/** Lower-cased sentences kept at once: all of SQuAD's 10k; at most about 15 MB of text however large the corpus. */
const LOWER_SENTENCE_CACHE = 50_000;
/** A name this many term positions before or after the focus noun is attached to it ("Himars mobile rocket launchers"). */
const FOCUS_WINDOW = 3;

export class Reranker {
  /**
   * Recently used sentences in lower case, for exact-form matching: lower-casing the candidates of every
   * query cost a fifth of its ranking time, and the same sentences come back question after question.
   * Bounded, so a long-running bot over a large corpus does not end up holding a copy of all of it.
   */
  private readonly lowerSentences = new Map<number, string>();

  constructor(private readonly index: SearchIndex) {}

  /** Adds proximity, exact-form, coordination and answer-type evidence to `ranked` and re-sorts it, in place. */
  rerank(plan: QueryPlan, ranked: Scored[]): Scored[] {
    const { params, sentenceIndex, segments } = this.index;
    const { proximityWeight, exactWeight, answerTypeWeight, coordinationWeight } = params;
    if (ranked.length === 0 || (proximityWeight === 0 && exactWeight === 0 && answerTypeWeight === 0 && coordinationWeight === 0)) return ranked;
    const pairs: [number, number, number][] = [];
    for (let i = 0; i + 1 < plan.sequence.length; i++) {
      const a = plan.sequence[i]!;
      const b = plan.sequence[i + 1]!;
      if (a >= 0 && b >= 0 && a !== b) pairs.push([a, b, Math.min(sentenceIndex.idf(a), sentenceIndex.idf(b))]);
    }
    const { termSequence, sentTermStart } = segments;
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
          if (containsWord(text, word)) r.score += exactWeight * sentenceIndex.idf(termId);
        }
      }
      if (coordinationWeight > 0) {
        for (const t of plan.termIds) if (hasTerm(termSequence, from, to, t)) r.score += coordinationWeight * sentenceIndex.idf(t);
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
      const { sources, segments } = this.index;
      lower = sources[this.index.sourceOf(s)]!.text.slice(segments.sentStart[s]!, segments.sentEnd[s]!).toLowerCase();
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
    const { termSequence, termKinds } = this.index.segments;
    const { answerKinds, termIds, focusTermId } = plan;
    if (focusTermId >= 0) {
      for (let i = from; i < to; i++) {
        if (termSequence[i] !== focusTermId) continue;
        for (let j = Math.max(from, i - FOCUS_WINDOW); j < Math.min(to, i + FOCUS_WINDOW + 1); j++) {
          if ((termKinds[j]! & TermKind.NAME) !== 0 && !termIds.includes(termSequence[j]!)) return this.index.sentenceIndex.idf(focusTermId);
        }
      }
      return 0;
    }
    for (let i = from; i < to; i++) if ((termKinds[i]! & answerKinds) !== 0 && !termIds.includes(termSequence[i]!)) return plan.idfMass / plan.terms.length;
    return 0;
  }
}

function hasTerm(sequence: Uint32Array, from: number, to: number, term: number): boolean {
  for (let i = from; i < to; i++) if (sequence[i] === term) return true;
  return false;
}

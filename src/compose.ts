/**
 * Stage 5: ranked sentences → the quotes of an answer, or a decline.
 *
 * Every quote is `source.text.slice(start, end)`: the composer picks and orders sentences, it never
 * edits them. All wording that is not a quote is fixed interface text from `MESSAGES`.
 */
import type { DeclineModel, Evidence } from './evidence.ts';
import type { Answer, Quote, Source } from './types.ts';

export const MAX_QUESTION_CHARS = 500;

export const MESSAGES = {
  empty: 'Please ask a question: the message was empty.',
  tooLong: (n: number) => `Questions can be at most ${MAX_QUESTION_CHARS} characters; this one has ${n}. Please shorten it.`,
  noWords: 'That question has no words to search for. Please ask it in words, e.g. "How far can ATACMS reach?"',
  notFound: 'I found nothing on that in the sources.',
} as const;

export interface ComposeOptions {
  /** Most quotes in one answer. */
  maxQuotes: number;
  /** How likely a sentence answers the question, from its evidence (fitted by `npm run calibrate`). */
  declineModel: DeclineModel;
  /** Decline unless the best sentence's confidence reaches this; further quotes need it too. */
  minConfidence: number;
  /** Later quotes must score at least this share of the best quote's score. */
  relativeFloor: number;
}

export const DEFAULT_COMPOSE: ComposeOptions = {
  maxQuotes: 3,
  declineModel: { bias: -4.146, coverage: 1.722, sentenceCoverage: 1.036, softCoverage: 2.216, foreign: -0.984, answerNumber: 0.072 },
  minConfidence: 0.166,
  relativeFloor: 0.5,
};

/** Why a question cannot be searched at all, or null when it can. */
export function invalidQuestion(question: string): string | null {
  const trimmed = question.trim();
  if (trimmed === '') return MESSAGES.empty;
  if (question.length > MAX_QUESTION_CHARS) return MESSAGES.tooLong(question.length);
  return null;
}

/** A ranked sentence with the evidence it holds: everything the composer needs to know about it. */
export interface Candidate extends Evidence {
  sourceIndex: number;
  start: number;
  end: number;
  score: number;
}

/**
 * The quotes of an answer from `candidates` (best first), or a decline when even the best holds too little
 * of the question. `sources` are the texts the candidates' offsets index into.
 */
export function composeAnswer(question: string, candidates: readonly Candidate[], sources: readonly Source[], options: ComposeOptions): Answer {
  if (candidates.length === 0) return decline(question, 'no-match', MESSAGES.notFound);
  const best = candidates[0]!;
  if (best.confidence < options.minConfidence || !saysSomething(best)) return decline(question, 'weak', MESSAGES.notFound);

  const usable = candidates.filter((c) => saysSomething(c) && c.confidence >= options.minConfidence * FOLLOWING_QUOTE_BAR && c.score >= best.score * options.relativeFloor);
  const chosen: Candidate[] = [];
  const texts = new Set<string>();
  const take = (c: Candidate) => {
    const key = sources[c.sourceIndex]!.text.slice(c.start, c.end).toLowerCase().replace(/\s+/g, ' ');
    if (chosen.length >= options.maxQuotes || chosen.includes(c) || texts.has(key)) return;
    texts.add(key);
    chosen.push(c);
  };
  // First one quote per source, best first: several sources agreeing (or disagreeing) is worth more to a
  // reader than three sentences of one article. Then fill up with the next best.
  const sourcesShown = new Set<number>();
  for (const c of usable) {
    if (!sourcesShown.has(c.sourceIndex)) {
      sourcesShown.add(c.sourceIndex);
      take(c);
    }
  }
  for (const c of usable) take(c);
  chosen.sort((a, b) => b.score - a.score);

  const quotes: Quote[] = chosen.map((c) => {
    const source = sources[c.sourceIndex]!;
    return { sourceId: source.id, text: source.text.slice(c.start, c.end), start: c.start, end: c.end, score: round(c.score) };
  });
  return { question, answered: true, quotes };
}

/**
 * Once the best sentence answers, the next quotes need only part of its confidence: they add to an answer
 * already given, and a member asked for several.
 */
const FOLLOWING_QUOTE_BAR = 0.5;

/**
 * A quote must say something about the question itself, in its words or in close ones, not only sit in a
 * relevant paragraph.
 */
function saysSomething(c: Candidate): boolean {
  return c.sentenceCoverage > 0 || c.softCoverage > c.coverage;
}

export function decline(question: string, kind: NonNullable<Answer['reason']>['kind'], message: string): Answer {
  return { question, answered: false, quotes: [], reason: { kind, message } };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

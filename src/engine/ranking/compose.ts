/**
 * Stage 5: ranked sentences → the quotes of an answer, or a decline.
 *
 * Every quote is `source.text.slice(start, end)`: the composer picks and orders sentences, it never
 * edits them. All wording that is not a quote is fixed interface text from `MESSAGES`.
 */
import type { DeclineModel, Evidence } from './evidence.ts';
import type { Answer, Quote, Source } from '../../types.ts';

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
  /**
   * Decline unless the best sentence's confidence reaches this; further quotes need half of it. Chosen with
   * `npm run calibrate` where the model declines 3% of answerable SQuAD questions (see bench/RESULTS.md).
   */
  minConfidence: number;
  /** Later quotes must score at least this share of the best quote's score. */
  relativeFloor: number;
}

export const DEFAULT_COMPOSE: ComposeOptions = {
  maxQuotes: 3,
  // Fitted on SQuAD halves and WikiQA train answer triggering by `npm run calibrate`.
  declineModel: { bias: -4.088, coverage: 1.69, sentenceCoverage: 0.932, softCoverage: 2.247, foreign: -1.024, answerNumber: 0.074 },
  minConfidence: 0.169,
  relativeFloor: 0.3,
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
  sentence: number;
  sourceIndex: number;
  start: number;
  end: number;
  score: number;
  /** The sentence's term IDs, to tell a quote that says something new from one that repeats another. */
  terms: Uint32Array;
  /** The sentence says "not", "no", "never"…: where another says the same thing without, the sources differ. */
  negated: boolean;
}

/** What the composer needs to know about the question itself. */
export interface QuestionFacts {
  /** It asks about change over time ("still", "now", "anymore", "changed"): older and newer sources both count. */
  asksAboutChange: boolean;
}

/**
 * The quotes of an answer from `candidates` (best first), or a decline when even the best holds too little
 * of the question. `sources` are the texts the candidates' offsets index into.
 */
export function composeAnswer(
  question: string,
  candidates: readonly Candidate[],
  sources: readonly Source[],
  options: ComposeOptions,
  facts: QuestionFacts = { asksAboutChange: false },
): Answer {
  if (candidates.length === 0) return decline(question, 'no-match', MESSAGES.notFound);
  const best = candidates[0]!;
  if (best.confidence < options.minConfidence || !saysSomething(best)) return decline(question, 'weak', MESSAGES.notFound);

  const usable = candidates.filter(
    (c) => saysSomething(c) && c.confidence >= options.minConfidence * FOLLOWING_QUOTE_BAR && c.score >= best.score * options.relativeFloor,
  );
  // The same sentence in two files (a copied article) is one quote.
  const textOf = (c: Candidate) => sources[c.sourceIndex]!.text.slice(c.start, c.end).toLowerCase().replace(/\s+/g, ' ');
  const chosen = chooseQuotes(usable, options.maxQuotes, facts.asksAboutChange, textOf);
  // Best first; but where the question asks what changed and every quoted source is dated, oldest first, so
  // the quotes read as what was said then and what is said now.
  const dates = chosen.map((c) => sources[c.sourceIndex]!.meta.published);
  if (facts.asksAboutChange && chosen.length > 1 && dates.every((d) => d !== undefined)) {
    chosen.sort((a, b) => sources[a.sourceIndex]!.meta.published!.localeCompare(sources[b.sourceIndex]!.meta.published!) || b.score - a.score);
  } else chosen.sort((a, b) => b.score - a.score);

  const quotes: Quote[] = chosen.map((c) => {
    const source = sources[c.sourceIndex]!;
    return { sourceId: source.id, text: source.text.slice(c.start, c.end), start: c.start, end: c.end, score: round(c.score) };
  });
  return { question, answered: true, quotes };
}

/** How much a further quote's score counts against how much it repeats the quotes already chosen. */
const RELEVANCE = 0.7;
/** …when the question asks what changed: then a source that says something else matters more. */
const CHANGE_RELEVANCE = 0.5;
/** A further quote from a source not yet quoted gains this: several sources agreeing or disagreeing tell a reader more. */
const NEW_SOURCE = 0.15;
/** …and, when the question asks what changed, one that negates where the best quote does not (or the reverse). */
const OTHER_POLARITY = 0.15;

/**
 * The best candidate, then up to `max - 1` more by maximal marginal relevance (Carbonell and Goldstein 1998):
 * each next quote is the one whose score (relative to the best) weighed by `relevance`, less how much it
 * repeats a chosen quote (shared terms), is highest; a source not yet quoted gains a little, and for a question
 * about change, so does a sentence whose polarity differs ("committed not to target Russian territory"
 * beside "authorized to strike inside Russia"). So five articles saying the same give one such quote, and
 * room for the one that says the opposite.
 */
function chooseQuotes(usable: readonly Candidate[], max: number, asksAboutChange: boolean, textOf: (c: Candidate) => string): Candidate[] {
  const relevance = asksAboutChange ? CHANGE_RELEVANCE : RELEVANCE;
  const best = usable[0];
  if (!best) return [];
  const chosen = [best];
  const texts = new Set([textOf(best)]);
  const pool = usable.slice(1);
  // How much each candidate repeats the chosen quotes so far: updated with each new quote only.
  const repeats = new Float64Array(pool.length);
  const taken = new Uint8Array(pool.length);
  let last = best;
  while (chosen.length < max) {
    const lastTerms = new Set(last.terms);
    let pick = -1;
    let pickValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      if (taken[i]) continue;
      repeats[i] = Math.max(repeats[i]!, overlap(c.terms, lastTerms));
      const newSource = chosen.some((x) => x.sourceIndex === c.sourceIndex) ? 0 : NEW_SOURCE;
      const otherPolarity = asksAboutChange && chosen.every((x) => x.negated !== c.negated) ? OTHER_POLARITY : 0;
      const value = relevance * (c.score / best.score) - (1 - relevance) * repeats[i]! + newSource + otherPolarity;
      if (value > pickValue) [pick, pickValue] = [i, value];
    }
    if (pick < 0) break;
    taken[pick] = 1;
    const text = textOf(pool[pick]!);
    if (texts.has(text)) continue;
    texts.add(text);
    last = pool[pick]!;
    chosen.push(last);
  }
  return chosen;
}

/** The share of `terms` (with repeats, as written) that `other` holds, against their union: a Jaccard index near enough. */
function overlap(terms: Uint32Array, other: ReadonlySet<number>): number {
  let shared = 0;
  for (let i = 0; i < terms.length; i++) if (other.has(terms[i]!)) shared++;
  const union = terms.length + other.size - shared;
  return union <= 0 ? 0 : shared / union;
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

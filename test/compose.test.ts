import { describe, expect, it } from 'vitest';
import { type Candidate, composeAnswer, DEFAULT_COMPOSE } from '../src/engine/ranking/compose.ts';
import type { Source } from '../src/types.ts';

const A = 'Kursk holds the front. Kursk is where the missiles go first. Other words entirely.';
const B = 'Kyiv said little about Kursk or anything else.';
const source = (id: string, text: string): Source =>
  ({ id, file: `${id}.txt`, text, bodyStart: 0, title: id, meta: {}, bytes: text.length, mtimeMs: 0 }) as Source;
const SOURCES = [source('a', A), source('b', B)];

/** A candidate sentence `[start, end)` of source `sourceIndex` with the given score and confidence. */
function candidate(sourceIndex: number, text: string, sentence: string, score: number, confidence: number, terms: number[]): Candidate {
  const start = text.indexOf(sentence);
  return {
    sentence: start,
    sourceIndex,
    start,
    end: start + sentence.length,
    score,
    terms: Uint32Array.from(terms),
    negated: false,
    heading: false,
    coverage: 0.5,
    sentenceCoverage: 0.5,
    softCoverage: 0.5,
    foreign: 0,
    missingTop: 0,
    answerNumber: 0,
    answerName: 0,
    mass: 1,
    topicWords: 1,
    missingName: 0,
    confidence,
    possible: true,
    topical: 1,
  };
}

describe('choosing the quotes', () => {
  // Two passages of one article near the question, a slightly weaker one of another article.
  const candidates = (confidence: number, otherScore = 8.5) => [
    candidate(0, A, 'Kursk holds the front.', 10, confidence, [1, 2]),
    candidate(0, A, 'Kursk is where the missiles go first.', 9, confidence, [1, 3, 4]),
    candidate(1, B, 'Kyiv said little about Kursk or anything else.', otherScore, confidence, [1, 5, 6]),
  ];

  it('shows the closest passages nearest first, whichever article they come from', () => {
    const answer = composeAnswer('where will they fire first', candidates(0.01), SOURCES, { ...DEFAULT_COMPOSE, maxQuotes: 2 });
    expect(answer.outcome).toBe('closest');
    expect(answer.quotes.map((q) => q.text)).toEqual(['Kursk holds the front.', 'Kursk is where the missiles go first.']);
  });

  it('puts first among the closest passages the one that says more of the question, unless it ranks far below', () => {
    const saying = (softCoverage: number, score: number, sentence: string, terms: number[]) => ({
      ...candidate(0, A, sentence, score, 0.01, terms),
      softCoverage,
    });
    const order = (second: number) =>
      composeAnswer(
        'where will they fire first',
        [saying(0.2, 10, 'Kursk holds the front.', [1, 2]), saying(0.9, second, 'Kursk is where the missiles go first.', [1, 3, 4])],
        SOURCES,
        { ...DEFAULT_COMPOSE, maxQuotes: 2 },
      ).quotes.map((q) => q.text);
    // 0.9 + 0.2 × 0.9 against 1 + 0.2 × 0.2: the passage that says the question comes first.
    expect(order(9)).toEqual(['Kursk is where the missiles go first.', 'Kursk holds the front.']);
    // 0.7 + 0.18 against 1.04: the ranking’s clear first stays first.
    expect(order(7)).toEqual(['Kursk holds the front.', 'Kursk is where the missiles go first.']);
    // An answer keeps the ranking's order.
    const answered = composeAnswer(
      'where will they fire first',
      [
        { ...saying(0.2, 10, 'Kursk holds the front.', [1, 2]), confidence: 0.9 },
        { ...saying(0.9, 9, 'Kursk is where the missiles go first.', [1, 3, 4]), confidence: 0.9 },
      ],
      SOURCES,
      { ...DEFAULT_COMPOSE, maxQuotes: 2 },
    );
    expect(answered.quotes[0]!.text).toBe('Kursk holds the front.');
  });

  it('lets a second source into an answer, where sources agreeing tell a reader more', () => {
    const answer = composeAnswer('where will they fire first', candidates(0.9), SOURCES, { ...DEFAULT_COMPOSE, maxQuotes: 2 });
    expect(answer.outcome).toBe('answered');
    expect(answer.quotes.map((q) => q.sourceId)).toEqual(['a', 'b']);
  });

  it('keeps a passage beside the best one over a clearly weaker one of another article', () => {
    const answer = composeAnswer('where will they fire first', candidates(0.9, 7.5), SOURCES, { ...DEFAULT_COMPOSE, maxQuotes: 2 });
    expect(answer.quotes.map((q) => q.text)).toEqual(['Kursk holds the front.', 'Kursk is where the missiles go first.']);
  });

  it('passes over a first passage that only its paragraph ties to the question, and declines when none says anything', () => {
    const onlyContext = { ...candidate(0, A, 'Other words entirely.', 12, 0.3, [7, 8]), sentenceCoverage: 0, softCoverage: 0.5 };
    const answer = composeAnswer('where will they fire first', [onlyContext, ...candidates(0.01)], SOURCES, { ...DEFAULT_COMPOSE, maxQuotes: 2 });
    expect(answer.outcome).toBe('closest');
    expect(answer.quotes.map((q) => q.text)).toEqual(['Kursk holds the front.', 'Kursk is where the missiles go first.']);
    const none = composeAnswer('where will they fire first', [onlyContext], SOURCES, { ...DEFAULT_COMPOSE, maxQuotes: 2 });
    expect(none).toMatchObject({ outcome: 'declined', reason: { kind: 'no-match' } });
  });

  it('reads the first closest passage on into the next sentence of its paragraph when that one says a word of the question it lacks', () => {
    // "what do the ferries do when the ice comes": the first sentence says the ice, the next what the ferries do.
    const text = 'When the ice comes the harbour freezes. The ferries then sail from the south pier.\n\nThe ferries are blue.';
    const ferries = [source('f', text)];
    const at = (sentence: number, words: string, score: number, terms: number[]) => ({ ...candidate(0, text, words, score, 0.01, terms), sentence });
    const first = at(0, 'When the ice comes the harbour freezes.', 10, [1, 2]);
    const next = at(1, 'The ferries then sail from the south pier.', 0, [3, 4]);
    const last = at(2, 'The ferries are blue.', 0, [3, 5]);
    const compose = (asked: number[], c = first, after = next) =>
      composeAnswer('what do the ferries do when the ice comes', [c], ferries, DEFAULT_COMPOSE, {
        asksAboutChange: false,
        askedTerms: asked,
        sentenceAfter: () => after,
      }).quotes[0]!.text;
    expect(compose([1, 3])).toBe('When the ice comes the harbour freezes. The ferries then sail from the south pier.');
    // Not when it says no word of the question the first does not, nor across a paragraph's end, nor in an answer.
    expect(compose([1])).toBe('When the ice comes the harbour freezes.');
    expect(compose([1, 3], { ...next, score: 10, confidence: 0.01 }, last)).toBe('The ferries then sail from the south pier.');
    const answered = composeAnswer('what do the ferries do when the ice comes', [{ ...first, confidence: 0.9 }], ferries, DEFAULT_COMPOSE, {
      asksAboutChange: false,
      askedTerms: [1, 3],
      sentenceAfter: () => next,
    });
    expect(answered.quotes[0]!.text).toBe('When the ice comes the harbour freezes.');
  });

  it('quotes a heading only when no other passage says anything', () => {
    const heading = { ...candidate(0, A, 'Kursk holds the front.', 12, 0.9, [1, 2]), heading: true };
    const answer = composeAnswer('where will they fire first', [heading, ...candidates(0.9).slice(1)], SOURCES, { ...DEFAULT_COMPOSE, maxQuotes: 2 });
    expect(answer.quotes.map((q) => q.text)).not.toContain('Kursk holds the front.');
    expect(answer.quotes[0]!.text).toBe('Kursk is where the missiles go first.');
    expect(composeAnswer('where will they fire first', [heading], SOURCES, DEFAULT_COMPOSE).quotes.map((q) => q.text)).toEqual(['Kursk holds the front.']);
  });
});

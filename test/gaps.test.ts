/** Grouping similar unanswered questions by the engine's own normalised terms. */
import { describe, expect, it } from 'vitest';
import { groupGaps } from '../src/store/gaps.ts';
import type { GapRow } from '../src/store/records.ts';

let id = 0;
const row = (question: string, askedAt: number, why: GapRow['why'] = 'declined'): GapRow => ({ questionId: ++id, question, askedAt, why });

describe('groupGaps', () => {
  it('groups wordings that share their terms after normalisation, most asked first', () => {
    const groups = groupGaps([
      row('What is the capital of France?', 900),
      row('how far can ATACMS missiles reach', 800, 'not-helpful'),
      row('The capital of France?', 700),
      row('ATACMS missile reach?', 600),
      row('what’s the CAPITAL of france', 500),
      row('Who won the 1998 World Cup?', 400),
    ]);
    expect(groups).toEqual([
      { question: 'What is the capital of France?', count: 3, notHelpful: 0, closest: 0, lastAskedAt: 900 },
      { question: 'how far can ATACMS missiles reach', count: 2, notHelpful: 1, closest: 0, lastAskedAt: 800 },
      { question: 'Who won the 1998 World Cup?', count: 1, notHelpful: 0, closest: 0, lastAskedAt: 400 },
    ]);
  });

  it('keeps questions apart that share only a word, and groups wordless ones only when written alike', () => {
    const groups = groupGaps([row('France population 2024', 3), row('capital of France', 2), row('???', 1), row(' ??? ', 0), row('!!', 0)]);
    expect(groups.map((g) => [g.question, g.count])).toEqual([
      ['???', 2],
      ['France population 2024', 1],
      ['capital of France', 1],
      ['!!', 1],
    ]);
  });
});

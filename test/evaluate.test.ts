import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerEngine } from '../src/engine/engine.ts';
import { evaluate, parseQuestionFile, showsAllSources, summarize } from '../src/engine/evaluate.ts';
import { tempCorpus } from './helpers.ts';

describe('parseQuestionFile', () => {
  it('reads needsSources as single sources or lists of alternatives', () => {
    const items = parseQuestionFile(
      [
        JSON.stringify({ id: 'a', question: 'q?', answers: ['x'], sources: ['s1'], needsSources: ['s1', ['s2', 's3']] }),
        JSON.stringify({ id: 'b', question: 'q?', answerable: false }),
      ].join('\n'),
    );
    expect(items[0]!.needsSources).toEqual(['s1', ['s2', 's3']]);
    expect(items[1]!.needsSources).toBeUndefined();
  });

  it('names the file and line of a malformed needsSources', () => {
    for (const bad of [[], 's1', [[]], [1], [['s1', 2]], ['']]) {
      const line = JSON.stringify({ id: 'a', question: 'q?', answers: ['x'], needsSources: bad });
      expect(() => parseQuestionFile(`\n${line}`, 'set.jsonl')).toThrow(/^set\.jsonl:2: "needsSources"/);
    }
  });
});

describe('showsAllSources', () => {
  const quotes = [{ sourceId: 'old' }, { sourceId: 'new-b' }];
  it('needs every listed source, and one of each list of alternatives', () => {
    expect(showsAllSources(quotes, ['old', ['new-a', 'new-b']])).toBe(true);
    expect(showsAllSources(quotes, [['old'], ['new-b']])).toBe(true);
    expect(showsAllSources(quotes, ['old', 'new-a'])).toBe(false);
    expect(showsAllSources(quotes, [['new-a', 'other']])).toBe(false);
    expect(showsAllSources([], ['old'])).toBe(false);
  });
});

describe('evaluate with needed sources', () => {
  let engine: AnswerEngine;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const corpus = await tempCorpus({
      'old.txt': 'In 2023 Ukraine promised not to strike Russian territory with the long-range missiles.\n',
      'new.txt': 'In 2024 the United States allowed Ukraine to strike Russian territory with the long-range missiles.\n',
      'bread.txt': 'Sourdough bread rises slowly in a warm kitchen.\n',
    });
    cleanup = corpus.cleanup;
    engine = await AnswerEngine.fromCorpus(corpus.dir);
  });
  afterAll(() => cleanup());

  it('counts the questions whose quotes came from every needed source, and lists the others', () => {
    const items = parseQuestionFile(
      [
        {
          id: 'both',
          question: 'May Ukraine strike Russian territory with the long-range missiles?',
          answers: ['strike Russian territory'],
          sources: ['old', 'new'],
          needsSources: [['old'], ['new']],
        },
        {
          id: 'bread',
          question: 'May Ukraine strike Russian territory with the long-range missiles?',
          answers: ['strike Russian territory'],
          sources: ['old', 'new'],
          needsSources: ['old', 'bread'],
        },
        { id: 'plain', question: 'What rises slowly in a warm kitchen?', answers: ['Sourdough bread'], sources: ['bread'] },
        { id: 'off', question: 'Who won the chess olympiad?', answerable: false },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const report = evaluate(engine, items);
    expect(report.cases[0]!.answer.quotes.map((q) => q.sourceId).sort()).toEqual(['new', 'old']);
    expect([report.needsSources, report.allSourcesShown]).toEqual([2, 1]);
    expect(report.cases.map((c) => c.allSourcesShown)).toEqual([true, false, undefined, undefined]);
    const summary = summarize(report);
    expect(summary).not.toHaveProperty('cases');
    expect(summary).toMatchObject({ answerable: 3, unanswerable: 1, hitAt1: 3, needsSources: 2, allSourcesShown: 1, correctlyDeclined: 1 });
    expect(summary.sourcesMissing).toEqual(['bread']);
    expect(summary.missedAt1).toEqual([]);
    expect(summary.wronglyAnswered).toEqual([]);
  });
});

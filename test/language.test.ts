import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus.ts';
import { analyzeText, queryTerms, splitParagraphs, termsOfWord } from '../src/language.ts';
import { CORPUS } from './helpers.ts';

describe('sentences and paragraphs', () => {
  it('gives exact offsets for every sentence of the corpus, inside one line each', async () => {
    const { sources } = await loadCorpus(CORPUS);
    let sentences = 0;
    for (const source of sources) {
      for (const para of analyzeText(source.text, source.bodyStart)) {
        for (const s of para.sentences) {
          sentences++;
          const text = source.text.slice(s.start, s.end);
          expect(text).toBe(text.trim());
          expect(text).not.toMatch(/[\r\n]/);
          expect(s.start).toBeGreaterThanOrEqual(para.start);
          expect(s.end).toBeLessThanOrEqual(para.end);
        }
      }
    }
    expect(sentences).toBeGreaterThan(100);
  });

  it('never glues a heading line to the next sentence', () => {
    const text = 'On Sunday, strikes killed 20.\nStrategic Implications\nintroduction of ATACMS comes as winter nears.';
    const sentences = analyzeText(text).flatMap((p) => p.sentences.map((s) => text.slice(s.start, s.end)));
    expect(sentences).toEqual(['On Sunday, strikes killed 20.', 'Strategic Implications', 'introduction of ATACMS comes as winter nears.']);
  });

  it('drops Markdown block markers and rules from paragraphs', () => {
    const text = '## Heading\n- a list item\n> a quoted line\n---\n12. numbered';
    expect(splitParagraphs(text).map((p) => text.slice(p.start, p.end))).toEqual(['Heading', 'a list item', 'a quoted line', 'numbered']);
  });

  it('splits sentences inside a line', () => {
    const text = 'The U.S. sent missiles. They cost $1.5 million each! Why?';
    const [para] = analyzeText(text);
    expect(para!.sentences.map((s) => text.slice(s.start, s.end))).toEqual(['The U.S. sent missiles.', 'They cost $1.5 million each!', 'Why?']);
  });
});

describe('matching terms', () => {
  it('normalises case, curly quotes, possessives, abbreviations, numbers and hyphens', () => {
    expect(queryTerms('Zelenskiy’s')).toEqual(queryTerms("zelenskiy's"));
    expect(queryTerms('ZELENSKIY')).toEqual(['zelenskiy']);
    expect(queryTerms('U.S. officials')).toEqual(queryTerms('US officials'));
    expect(queryTerms('10,000 troops')).toEqual(['10000', 'troop']);
    expect(queryTerms('$1.5 million')).toEqual(['1.5', 'million']);
    expect(queryTerms('long-range')).toEqual(queryTerms('long range'));
    expect(queryTerms('manufactures')).toEqual(queryTerms('manufactured'));
  });

  it('folds demonyms into country names', () => {
    expect(queryTerms('Russian')).toEqual(queryTerms('Russia'));
    expect(queryTerms('Ukrainian')).toEqual(queryTerms('Ukraine'));
    expect(queryTerms('French')).toEqual(queryTerms('France'));
    expect(queryTerms('British')).toEqual(queryTerms('Britain'));
  });

  it('drops function words but keeps acronyms that spell one and content words on the stop list', () => {
    expect(queryTerms('What is the capital of it?')).toEqual(['capit']);
    expect(queryTerms('IT budget')).toEqual(['it', 'budget']);
    expect(queryTerms('the front lines')).toEqual(['front', 'line']);
    expect(queryTerms('first ten')).toEqual(['first', 'ten']);
  });

  it('folds accents and ignores punctuation-only words', () => {
    expect(termsOfWord('café')).toEqual(termsOfWord('cafe'));
    expect(termsOfWord('’s')).toEqual([]);
    expect(queryTerms('?!… — **')).toEqual([]);
  });
});

describe('containsWord', () => {
  it('finds whole words only, possessives included', async () => {
    const { containsWord } = await import('../src/language.ts');
    expect(containsWord("zelenskiy's visit", 'zelenskiy')).toBe(true);
    expect(containsWord('manufactured', 'manufacture')).toBe(false);
    expect(containsWord('the us-made missiles', 'made')).toBe(true);
    expect(containsWord('café noir', 'caf')).toBe(false);
    expect(containsWord('a rerun, then run', 'run')).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import packageModel from 'wink-eng-lite-web-model';
import { leanWinkModel, winkReader } from '../src/engine/language/wink-model.ts';
import { loadCorpus } from '../src/sources/corpus.ts';
import { CORPUS } from './helpers.ts';

/** Every token of `texts` as wink-nlp reads it with `model`: value, normal form, type, tag, lemma, stem, and sentence. */
function readAll(model: Parameters<typeof winkReader>[0], texts: readonly string[]): string[] {
  const nlp = winkReader(model, ['sbd', 'pos']);
  const its = nlp.its;
  return texts.map((text) => {
    const doc = nlp.readDoc(text);
    const sentences = doc.sentences().out(its.span) as unknown as number[][];
    const tokens = doc.tokens();
    const columns = [
      tokens.out(its.value),
      tokens.out(its.normal),
      tokens.out(its.type),
      tokens.out(its.pos),
      tokens.out(its.lemma as unknown as typeof its.normal),
      tokens.out(its.stem as unknown as typeof its.normal),
      tokens.out(its.precedingSpaces),
    ];
    return JSON.stringify({ sentences, columns });
  });
}

describe('the lean wink-nlp model', () => {
  it('reads the corpus and the question sets exactly as the package’s own entry does', async () => {
    const { sources } = await loadCorpus(CORPUS);
    const questions = readFileSync(new URL('./fixtures/seed-members.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { question: string }).question);
    const texts = [
      ...sources.map((s) => s.text),
      ...questions,
      'İzmir’s mayor, Dr. Smith, said “no” at 5:30 p.m. — didn’t he? $1.5 million; 10,000 km; U.S.-made ATACMS!!! 🚀',
    ];
    expect(readAll(leanWinkModel(), texts)).toEqual(readAll(packageModel, texts));
  });

  it('reads a text the same whatever it read before', async () => {
    // wink-nlp itself takes "men's" whole once it has read "men's," (a word before punctuation), and from then
    // on reads "international men's day" as the name "men's" rather than "men" (lemma "man") and "'s".
    const question = "when is international men's day";
    const [first, , again] = readAll(leanWinkModel(), [question, "Unlike the men's, the women's tournament…", question]);
    expect(again).toEqual(first);
    const { sources } = await loadCorpus(CORPUS);
    const texts = sources.map((s) => s.text);
    expect(readAll(leanWinkModel(), [...texts].reverse()).reverse()).toEqual(readAll(leanWinkModel(), texts));
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerEngine } from '../src/engine/engine.ts';
import { parseQuestionFile } from '../src/engine/evaluate.ts';
import { BuildTimeout, buildInWorker, type WorkerBuildOptions } from '../src/engine/rebuild.ts';
import { DEFAULT_RANKING } from '../src/engine/index/ranking-params.ts';
import { loadSnapshot } from '../src/engine/index/snapshot.ts';
import { queryTerms } from '../src/engine/language/question.ts';
import { DEV_SET, scratchCorpora, tempCorpus } from './helpers.ts';

const questions = parseQuestionFile(readFileSync(DEV_SET, 'utf8')).map((q) => q.question);
let corpus: Awaited<ReturnType<typeof tempCorpus>>;
beforeAll(async () => {
  corpus = await tempCorpus({}, true);
});
afterAll(() => corpus?.cleanup());

/** A corpus of its own (the seed articles) and a file for its saved index, removed after the test. */
const scratch = scratchCorpora();
/** A reload's build that saves after replying, awaited until it has saved. */
async function buildAndSave(dir: string, options: WorkerBuildOptions): Promise<AnswerEngine> {
  let saved = () => {};
  const savedNow = new Promise<void>((resolve) => (saved = resolve));
  const engine = await buildInWorker(dir, { ...options, saveAfterReply: true, onSaved: () => saved() });
  await savedNow;
  return engine;
}

describe('buildInWorker', () => {
  it('builds in a worker thread exactly the engine that fromCorpus builds on this one', async () => {
    const here = await AnswerEngine.fromCorpus(corpus.dir);
    const there = await buildInWorker(corpus.dir);
    expect(there.sources).toEqual(here.sources);
    expect(there.index.segments).toEqual(here.index.segments);
    for (const q of questions) expect(there.ask(q)).toEqual(here.ask(q));
  });

  it("takes unchanged sources' texts from the engine it replaces, and changed ones from the files", async () => {
    const first = await buildInWorker(corpus.dir);
    const changed = first.sources[1]!;
    writeFileSync(path.join(corpus.dir, changed.file), `${changed.text}\nThe Zorblatt launcher fires ATACMS.\n`);
    const second = await buildInWorker(corpus.dir, { previous: first.sources });
    expect(second.sources[1]!.text).toContain('Zorblatt');
    // Where the text came from shows only if it differs from the file's: mark the one held here.
    const marked = first.sources.map((s) => ({ ...s, text: `${s.text.slice(0, -1)}#` }));
    const third = await buildInWorker(corpus.dir, { previous: marked });
    expect(third.sources[0]!.text).toBe(marked[0]!.text);
    expect(third.sources[1]!.text).toContain('Zorblatt'); // changed since `first`: read from the file
    for (const q of [...questions, 'Zorblatt launcher']) {
      for (const quote of second.ask(q).quotes) expect(second.source(quote.sourceId)!.text.slice(quote.start, quote.end)).toBe(quote.text);
    }
    expect(second.ask('Zorblatt launcher').quotes[0]?.text).toBe('The Zorblatt launcher fires ATACMS.');
  });

  it('hands a reload back with the saved acronym table, then puts the fresh one in place and saves that', async () => {
    const { dir, file } = await scratch();
    const first = await buildInWorker(dir, { snapshotFile: file });
    expect(first.index.acronyms.expand('qps')).toBeUndefined();
    writeFileSync(path.join(dir, 'zz-quokkas.txt'), 'The Quokka Preservation Society met on Rottnest. The Quokka Preservation Society voted.\n');
    const second = await buildAndSave(dir, { snapshotFile: file, previous: first.sources });
    expect(second.origin).toMatchObject({ kind: 'built', reused: 5 });
    // The worker sent the table before saving, and messages arrive in order: it is in place by now.
    expect(second.origin).not.toHaveProperty('staleAcronyms');
    expect(second.index.acronyms.expand('QPS')).toEqual(queryTerms('quokka preservation society'));
    expect(second.ask('what did the QPS vote').quotes[0]?.text).toBe('The Quokka Preservation Society voted.');
    const reloaded = loadSnapshot(file, second.sources, DEFAULT_RANKING);
    if (!reloaded.index) throw new Error(reloaded.reason);
    expect(reloaded.index.acronyms.toBytes()).toEqual(second.index.acronyms.toBytes());
  });

  it("reuses the analyses of the index it is handed, not the saved file's, when the corpus has changed", async () => {
    const { dir, file } = await scratch();
    const first = await buildInWorker(dir, { snapshotFile: file });
    writeFileSync(path.join(dir, 'zz-new.txt'), 'A new article about the Zorblatt launcher.\n');
    // The saved file is damaged: a build that read it could reuse nothing. (Each build is awaited until it has
    // saved, so the damage done before the next is not overwritten.)
    writeFileSync(file, 'not an index');
    const blind = await buildAndSave(dir, { snapshotFile: file, previous: first.sources });
    expect(blind.origin).not.toHaveProperty('reused');
    writeFileSync(file, 'not an index');
    const handed = await buildAndSave(dir, { snapshotFile: file, previous: first.sources, previousIndex: first.index });
    expect(handed.origin).toMatchObject({ kind: 'built', why: 'the corpus has changed since the index was saved', reused: 5 });
    expect(handed.index.segments).toEqual(blind.index.segments);
    expect(handed.index.vocabulary.terms).toEqual(blind.index.vocabulary.terms);
    for (const q of [...questions, 'Zorblatt launcher']) expect(handed.ask(q)).toEqual(blind.ask(q));
  });

  it('stops a build that outlives its time limit, or is cancelled', async () => {
    await expect(buildInWorker(corpus.dir, { timeoutMs: 1 })).rejects.toBeInstanceOf(BuildTimeout);
    const cancel = new AbortController();
    const cancelled = buildInWorker(corpus.dir, { signal: cancel.signal });
    cancel.abort();
    await expect(cancelled).rejects.toThrow(/cancelled/);
    expect((await buildInWorker(corpus.dir)).sources.length).toBe(5);
  });

  it('fails with the reason when the corpus cannot be read', async () => {
    await expect(buildInWorker(path.join(corpus.dir, 'no-such-folder'))).rejects.toThrow(/ENOENT/);
  });
});

import { readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus.ts';
import { AnswerEngine, DEFAULT_ENGINE_OPTIONS } from '../src/engine.ts';
import { parseQuestionFile } from '../src/evaluate.ts';
import { progress } from '../src/progress.ts';
import { DEFAULT_RANKING } from '../src/ranking-params.ts';
import { SearchIndex } from '../src/search-index.ts';
import { snapshotFileFor } from '../src/settings.ts';
import { loadSnapshot, saveSnapshot } from '../src/snapshot.ts';
import { DEV_SET, tempCorpus } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function scratch() {
  const corpus = await tempCorpus({}, true);
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'quotebot-cache-'));
  cleanups.push(corpus.cleanup, () => rm(cacheDir, { recursive: true, force: true }));
  return { dir: corpus.dir, file: path.join(cacheDir, 'index.qbix') };
}
const questions = parseQuestionFile(readFileSync(DEV_SET, 'utf8')).map((q) => q.question);

describe('saved index', () => {
  it('answers every dev question exactly as the index it was saved from', async () => {
    const { dir, file } = await scratch();
    const { sources } = await loadCorpus(dir);
    const built = SearchIndex.build(sources);
    const bytes = saveSnapshot(file, built);
    expect(bytes).toBe(statSync(file).size);
    const loaded = loadSnapshot(file, sources, DEFAULT_RANKING);
    if (!loaded.index) throw new Error(loaded.reason);
    expect(loaded.index.vocabulary.terms).toEqual(built.vocabulary.terms);
    expect(loaded.index.segments).toEqual(built.segments);
    const a = new AnswerEngine(built, []);
    const b = new AnswerEngine(loaded.index, []);
    for (const q of questions) expect(b.ask(q)).toEqual(a.ask(q));
  });

  it('is rebuilt when a source is newer or changed, or the saved file is damaged', async () => {
    const { dir, file } = await scratch();
    const first = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(first.origin).toMatchObject({ kind: 'built', why: 'no saved index', saved: { file } });
    const second = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(second.origin.kind).toBe('loaded');

    const article = path.join(dir, first.sources[0]!.file);
    const later = new Date(statSync(file).mtimeMs + 60_000);
    utimesSync(article, later, later);
    const touched = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(touched.origin).toMatchObject({ kind: 'built', why: 'a source is newer than the saved index' });

    // Same time stamps, other content: the saved sizes no longer match.
    writeFileSync(article, `${readFileSync(article, 'utf8')}\nThe Zorblatt launcher fires ATACMS.\n`);
    const past = new Date(statSync(file).mtimeMs - 60_000);
    utimesSync(article, past, past);
    const edited = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(edited.origin).toMatchObject({ kind: 'built', why: 'the corpus has changed since the index was saved' });
    expect(edited.ask('Zorblatt launcher').quotes[0]?.text).toBe('The Zorblatt launcher fires ATACMS.');
    expect((await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file })).ask('Zorblatt launcher').answered).toBe(true);

    truncateSync(file, statSync(file).size - 100);
    const damaged = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(damaged.origin).toMatchObject({ kind: 'built', why: 'the saved index is truncated' });

    writeFileSync(file, 'not an index at all');
    const garbage = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(garbage.origin).toMatchObject({ kind: 'built', why: 'not a saved index' });
    expect(garbage.ask('How far can ATACMS reach?').answered).toBe(true);
  });

  it('still answers when the index cannot be saved', async () => {
    const { dir, file } = await scratch();
    await mkdir(file); // a folder where the file should go
    const engine = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: path.join(file) });
    expect(engine.origin).toMatchObject({ kind: 'built', saved: { file, error: expect.any(String) } });
    expect(engine.saveFailure).toEqual({ file, error: expect.any(String) });
    expect(engine.ask('Who manufactures ATACMS?').quotes[0]?.text).toContain('Lockheed Martin');
  });

  it('lives in one file per corpus folder, and can be turned off', () => {
    const a = snapshotFileFor('/srv/corpus', { INDEX_CACHE_DIR: '/tmp/idx' });
    expect(path.dirname(a!)).toBe('/tmp/idx');
    expect(snapshotFileFor('/srv/other', { INDEX_CACHE_DIR: '/tmp/idx' })).not.toBe(a);
    expect(snapshotFileFor('/srv/corpus', { INDEX_CACHE_DIR: 'off' })).toBeUndefined();
  });
});

describe('progress', () => {
  function recorder(isTTY: boolean) {
    const out: string[] = [];
    const stream = { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
    return { out, stream };
  }

  it('stays quiet for a short build', () => {
    const { out, stream } = recorder(true);
    const bar = progress('Indexing', 10, { stream, now: () => 0 });
    for (let i = 1; i <= 10; i++) bar.update(i);
    bar.finish();
    expect(out).toEqual([]);
  });

  it('prints plain lines every tenth when not in a terminal', () => {
    const { out, stream } = recorder(false);
    let t = 0;
    const bar = progress('Indexing', 100, { stream, now: () => t });
    for (let i = 1; i <= 100; i++) {
      t += 50;
      bar.update(i);
    }
    bar.finish();
    expect(out.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(out.length).toBeGreaterThanOrEqual(9);
    expect(out.length).toBeLessThanOrEqual(11);
    expect(out.at(-1)).toMatch(/^Indexing: 100 of 100 \(100%\)/);
  });

  it('redraws one bar line in a terminal and ends it', () => {
    const { out, stream } = recorder(true);
    let t = 0;
    const bar = progress('Indexing', 4, { stream, now: () => t, plain: false });
    for (let i = 1; i <= 4; i++) {
      t += 1000;
      bar.update(i);
    }
    bar.finish();
    expect(out.slice(0, -1).every((s) => s.startsWith('\r['))).toBe(true);
    expect(out.at(-2)).toContain('[##############################] Indexing: 4 of 4 (100%)');
    expect(out.at(-1)).toBe('\n');
  });
});

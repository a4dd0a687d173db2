import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/sources/corpus.ts';
import { AnswerEngine, DEFAULT_ENGINE_OPTIONS } from '../src/engine/engine.ts';
import { parseQuestionFile } from '../src/engine/evaluate.ts';
import { progress } from '../src/progress.ts';
import { DEFAULT_RANKING } from '../src/engine/index/ranking-params.ts';
import { SearchIndex } from '../src/engine/index/search-index.ts';
import { snapshotFileFor } from '../src/settings.ts';
import { indexArrays, loadSnapshot, saveSnapshot, saveSnapshotAsync } from '../src/engine/index/snapshot.ts';
import { DEV_SET, scratchCorpora } from './helpers.ts';

/** Where each array sits in a saved index (the format `src/engine/index/snapshot.ts` writes). */
function layout(bytes: Buffer) {
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.toString('utf8', 40, 40 + headerLength)) as { arrays: { name: string; offset: number; length: number }[] };
  return { base: Math.ceil((40 + headerLength) / 8) * 8, arrays: header.arrays };
}
/** The bytes with a fresh checksum, as a colliding hash or a bug in the writer would leave them. */
function withChecksum(bytes: Buffer): Buffer {
  createHash('sha256').update(bytes.subarray(40)).digest().copy(bytes, 8);
  return bytes;
}
function mutate(pristine: Buffer, name: string, damage: (a: Uint32Array) => void): Buffer {
  const bytes = Buffer.from(pristine);
  const { base, arrays } = layout(bytes);
  const entry = arrays.find((a) => a.name === name)!;
  const copy = new Uint32Array(entry.length);
  for (let i = 0; i < entry.length; i++) copy[i] = bytes.readUInt32LE(base + entry.offset + 4 * i);
  damage(copy);
  for (let i = 0; i < entry.length; i++) bytes.writeUInt32LE(copy[i]!, base + entry.offset + 4 * i);
  return bytes;
}

const scratch = scratchCorpora();
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
    // The acronym table rides in the file: a loaded index never reads every source again to make it.
    expect(built.acronyms.size).toBeGreaterThan(10);
    expect(loaded.index.acronyms.toBytes()).toEqual(built.acronyms.toBytes());
    const a = new AnswerEngine(built);
    const b = new AnswerEngine(loaded.index);
    for (const q of questions) expect(b.ask(q)).toEqual(a.ask(q));
  });

  it('is saved byte for byte the same by the writer that does not hold the thread', async () => {
    const { dir, file } = await scratch();
    const { sources } = await loadCorpus(dir);
    const built = SearchIndex.build(sources);
    const bytes = saveSnapshot(file, built);
    const other = `${file}.async`;
    expect(await saveSnapshotAsync(other, built)).toBe(bytes);
    expect(readFileSync(other)).toEqual(readFileSync(file));
    const loaded = loadSnapshot(other, sources, DEFAULT_RANKING);
    expect(loaded.index?.segments).toEqual(built.segments);
  });

  it('clears away the half-written files of a process that stopped in the middle of a save, and only those', async () => {
    const { dir, file } = await scratch();
    const { sources } = await loadCorpus(dir);
    const built = SearchIndex.build(sources);
    // A process ID that runs no process, one that does (this one's parent), and another file's leftovers.
    const gone = `${file}.4194303.k3j2h1.tmp`;
    const running = `${file}.${process.ppid}.a1b2c3.tmp`;
    const other = `${file}x.4194303.k3j2h1.tmp`;
    for (const f of [gone, running, other]) writeFileSync(f, 'half an index');
    saveSnapshot(file, built);
    expect([gone, running, other].map((f) => existsSync(f))).toEqual([false, true, true]);
    await saveSnapshotAsync(file, built);
    expect(existsSync(running)).toBe(true);
  });

  it('is rebuilt when a source changed, even with the same size and time, or the saved file is damaged', async () => {
    const { dir, file } = await scratch();
    const first = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(first.origin).toMatchObject({ kind: 'built', why: 'no saved index', saved: { file } });
    const second = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(second.origin.kind).toBe('loaded');

    // A newer time stamp alone changes nothing: the content is what the index was made from.
    const article = path.join(dir, first.sources[0]!.file);
    const later = new Date(statSync(file).mtimeMs + 60_000);
    utimesSync(article, later, later);
    expect((await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file })).origin.kind).toBe('loaded');

    // What `cp -p`, `rsync -a` or `tar -x` can do: other content, same size, same modification time.
    const before = statSync(article);
    const text = readFileSync(article, 'utf8');
    const word = /\b[A-Z][a-z]{3,}([a-z])(?!\1)[a-z]\b/.exec(text)![0]; // last two letters differ, so swapping them changes the text
    const swapped = `${word.slice(0, -2)}${word.slice(-1)}${word.slice(-2, -1)}`;
    writeFileSync(article, text.replace(word, swapped));
    utimesSync(article, before.atime, before.mtime);
    expect(statSync(article)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
    const edited = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(edited.origin).toMatchObject({ kind: 'built', why: 'the corpus has changed since the index was saved' });
    for (const q of questions)
      for (const quote of edited.ask(q).quotes) expect(edited.source(quote.sourceId)!.text.slice(quote.start, quote.end)).toBe(quote.text);

    truncateSync(file, statSync(file).size - 100);
    const damaged = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(damaged.origin).toMatchObject({ kind: 'built', why: expect.stringMatching(/damaged/) });

    writeFileSync(file, 'not an index at all');
    const garbage = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(garbage.origin).toMatchObject({ kind: 'built', why: 'not a saved index of this version' });
    expect(garbage.ask('How far can ATACMS reach?').answered).toBe(true);
  });

  it('refuses an index whose array bytes were damaged behind an intact header', async () => {
    const { dir, file } = await scratch();
    const { sources } = await loadCorpus(dir);
    saveSnapshot(file, SearchIndex.build(sources));
    const bytes = readFileSync(file);
    const { base, arrays } = layout(bytes);
    const termSequence = arrays.find((a) => a.name === 'segments.termSequence')!;
    bytes.writeUInt32LE(0x7fffffff, base + termSequence.offset + 4 * 10);
    writeFileSync(file, bytes);
    expect(loadSnapshot(file, sources, DEFAULT_RANKING)).toEqual({ index: null, reason: expect.stringMatching(/damaged/) });
    const engine = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(engine.origin.kind).toBe('built');
    expect(engine.ask('Who manufactures ATACMS?').quotes[0]?.text).toContain('Lockheed Martin');
  });

  it('checks every offset and ID even when the checksum matches, so damage can never be read out of range', async () => {
    const { dir, file } = await scratch();
    const { sources } = await loadCorpus(dir);
    saveSnapshot(file, SearchIndex.build(sources));
    const pristine = readFileSync(file);
    const cases: [string, (a: Uint32Array) => void][] = [
      ['segments.termSequence', (a) => (a[3] = 0xffffffff)],
      ['segments.sentEnd', (a) => (a[a.length - 1] = 1 << 30)],
      ['segments.sentParagraph', (a) => (a[0] = 5)],
      ['segments.paraSentStart', (a) => (a[1] = 0xffffff)],
      ['segments.paraSource', (a) => (a[0] = 99)],
      ['sentence.termStart', (a) => (a[2] = 0xfffffff0)],
      ['paragraph.postingDoc', (a) => (a[0] = 1 << 24)],
    ];
    for (const [name, damage] of cases) {
      writeFileSync(file, withChecksum(mutate(pristine, name, damage)));
      expect(loadSnapshot(file, sources, DEFAULT_RANKING), name).toEqual({ index: null, reason: expect.stringMatching(/inconsistent/) });
    }
  });

  it('never throws at question time, whatever bytes an index with a matching checksum holds', async () => {
    const { dir, file } = await scratch();
    const { sources } = await loadCorpus(dir);
    saveSnapshot(file, SearchIndex.build(sources));
    const pristine = readFileSync(file);
    const { base } = layout(pristine);
    let loaded = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: base, max: pristine.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (edits) => {
          const bytes = Buffer.from(pristine);
          for (const [at, value] of edits) bytes[at] = value;
          writeFileSync(file, withChecksum(bytes));
          const result = loadSnapshot(file, sources, DEFAULT_RANKING);
          if (!result.index) return;
          loaded++;
          const engine = new AnswerEngine(result.index);
          for (const q of questions) engine.ask(q);
        },
      ),
      { numRuns: 60, seed: 8 },
    );
    expect(loaded).toBeGreaterThan(0); // some damage (a term kind, a length) leaves a usable, if different, index
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

describe('reusing the saved index’s analyses', () => {
  /** Every array of an index, and its vocabulary, as plain data to compare. */
  const arraysOf = (index: SearchIndex) => Object.fromEntries([...indexArrays(index)].map(([name, a]) => [name, Array.from(a)]));

  it('analyses only the new and changed sources, and comes out array for array as a build from scratch', async () => {
    const { dir, file } = await scratch();
    const first = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(first.origin).toMatchObject({ kind: 'built', why: 'no saved index' });
    expect(first.origin.kind === 'built' && first.origin.reused).toBeUndefined();

    writeFileSync(path.join(dir, '000_added.txt'), 'Quokka Census\nThe quokka census counted 12,345 quokkas on Rottnest Island.\n');
    const changed = path.join(dir, '003_592e011c8967ab50.txt');
    writeFileSync(changed, `${readFileSync(changed, 'utf8')}\nA sentence added to the end of this article about ATACMS launchers.\n`);
    const again = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(again.origin).toMatchObject({ kind: 'built', why: 'the corpus has changed since the index was saved', reused: 4 });
    const scratchBuilt = await AnswerEngine.fromCorpus(dir);
    expect(arraysOf(again.index)).toEqual(arraysOf(scratchBuilt.index));
    for (const q of [...questions, 'How many quokkas were counted?']) expect(again.ask(q)).toEqual(scratchBuilt.ask(q));
    // And the reused build was saved: the next start loads it.
    expect((await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file })).origin.kind).toBe('loaded');
  });

  it('analyses again the same bytes whose body starts elsewhere (.txt renamed to .md with front matter)', async () => {
    const { dir, file } = await scratch();
    writeFileSync(path.join(dir, 'fm.txt'), '---\ntitle: Front\n---\nThe body of the front matter test.\n');
    await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    const { renameSync } = await import('node:fs');
    renameSync(path.join(dir, 'fm.txt'), path.join(dir, 'fm.md'));
    const again = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(again.origin).toMatchObject({ kind: 'built', reused: 5 });
    expect(arraysOf(again.index)).toEqual(arraysOf((await AnswerEngine.fromCorpus(dir)).index));
  });

  it('reuses nothing from a damaged saved index', async () => {
    const { dir, file } = await scratch();
    await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    writeFileSync(path.join(dir, '000_added.txt'), 'Another article about something else entirely.\n');
    const pristine = readFileSync(file);
    // Sentence offsets past the end of their text, behind a valid checksum: not an analysis to copy.
    writeFileSync(file, withChecksum(mutate(pristine, 'segments.sentEnd', (a) => a.fill(0xffffff))));
    const { sources } = await loadCorpus(dir);
    const result = loadSnapshot(file, sources, DEFAULT_RANKING);
    expect(result).toMatchObject({ index: null, previous: undefined });
    const again = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: file });
    expect(again.origin.kind === 'built' && again.origin.reused).toBeUndefined();
  });
});

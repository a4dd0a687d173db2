/** The library's reloads: one asked for during another still sees every change made before it was asked for. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Library } from '../src/bot/library.ts';
import { loadCorpus } from '../src/sources/corpus.ts';
import { AnswerEngine } from '../src/engine/engine.ts';
import { DEFAULT_RANKING } from '../src/engine/index/ranking-params.ts';
import type { SaveOutcome } from '../src/engine/rebuild.ts';
import { loadSnapshot } from '../src/engine/index/snapshot.ts';
import { tempCorpus } from './helpers.ts';

describe('Library.reload', () => {
  it('runs once more after a running reload for those who asked during it, and shares that run', async () => {
    const corpus = await tempCorpus({ 'a.txt': 'Alpha text.' });
    try {
      let builds = 0;
      let hold: Promise<void> = Promise.resolve();
      const library = await Library.open(corpus.dir, {
        build: async (dir) => {
          builds++;
          // The folder is read at once, as a real build does, then the build takes its time.
          const engine = AnswerEngine.fromCorpus(dir);
          await hold;
          return engine;
        },
      });
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      const first = library.reload();
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Written after the first reload read the folder: only a later run can see it.
      await writeFile(path.join(corpus.dir, 'b.txt'), 'Beta text.');
      const second = library.reload();
      const third = library.reload();
      expect(third).toBe(second);
      release();
      expect((await first).added).toEqual([]);
      expect((await second).added).toEqual(['b']);
      expect(builds).toBe(3);
      expect(library.engine.source('b')).toBeDefined();
    } finally {
      await corpus.cleanup();
    }
  });
});

describe('Library reload in a worker thread', () => {
  it('swaps the new index in first and saves it after, reusing the saved analyses', async () => {
    const corpus = await tempCorpus({ 'a.txt': 'Alpha text about aardvarks.' }, true);
    const cache = await mkdtemp(path.join(tmpdir(), 'quotebot-cache-'));
    try {
      const file = path.join(cache, 'index.qbix');
      const saves: SaveOutcome[] = [];
      const library = await Library.open(corpus.dir, { snapshotFile: file, onSaved: (s) => saves.push(s) });
      expect(library.engine.origin).toMatchObject({ kind: 'built', saved: { file } });
      await writeFile(path.join(corpus.dir, 'b.txt'), 'Beta text about bandicoots.');
      const report = await library.reload();
      expect(report.added).toEqual(['b']);
      expect(library.engine.origin).toMatchObject({ kind: 'built', reused: 6 });
      expect(library.engine.ask('What about bandicoots?').answered).toBe(true);
      await vi.waitFor(() => expect(saves).toEqual([{ file, bytes: expect.any(Number) }]), { timeout: 10_000 });
      const { sources } = await loadCorpus(corpus.dir);
      expect(loadSnapshot(file, sources, DEFAULT_RANKING).index).not.toBeNull();
      library.close();
    } finally {
      await corpus.cleanup();
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('takes files unchanged since the last load unread, still quotes them, and sees the one that changed', async () => {
    const corpus = await tempCorpus({ 'a.txt': 'Alpha text about aardvarks.', 'b.txt': 'Beta text about bandicoots.' });
    try {
      // Files written less than two seconds before they are read are always read again ("racy" times).
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const library = await Library.open(corpus.dir);
      await writeFile(path.join(corpus.dir, 'b.txt'), 'Beta text about capybaras.');
      const report = await library.reload();
      expect(report.changed).toEqual(['b']);
      expect(library.engine.ask('What about capybaras?').quotes[0]?.text).toBe('Beta text about capybaras.');
      expect(library.engine.ask('What about aardvarks?').quotes[0]?.text).toBe('Alpha text about aardvarks.');
      expect(library.engine.source('a')?.text).toBe('Alpha text about aardvarks.');
      library.close();
    } finally {
      await corpus.cleanup();
    }
  });
});

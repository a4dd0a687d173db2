/** The library's reloads: one asked for during another still sees every change made before it was asked for. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../src/bot/library.ts';
import { AnswerEngine } from '../src/engine.ts';
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

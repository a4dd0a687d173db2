/**
 * Compiles the word vectors once before the test files run (in parallel, they would each compile them: about
 * 20 s and most of a gigabyte apiece on a fresh clone), into the cache every test process then loads from.
 */
import { vectorsDirFrom } from '../src/settings.ts';
import { openWordVectors } from '../src/engine/meaning/compile-vectors.ts';

export default function setup(): void {
  const dir = vectorsDirFrom();
  if (dir !== 'off')
    openWordVectors(dir, (event) =>
      process.stderr.write('reason' in event ? `compiling word vectors (${event.reason})…\n` : `compiled word vectors in ${(event.ms / 1000).toFixed(1)} s\n`),
    );
}

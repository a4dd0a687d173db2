/** Where things are, from the command line or the environment, with the project's defaults. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `--corpus DIR`, else `CORPUS_DIR`, else the project's own `corpus/`. */
export function corpusDirFrom(flag?: string): string {
  return path.resolve(flag ?? process.env.CORPUS_DIR ?? path.join(PROJECT_ROOT, 'corpus'));
}

/** Where things are, from the command line or the environment, with the project's defaults. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding `package.json`, found by walking up from this file, so that it is the same whether this
 * runs as `src/settings.ts` (tsx, vitest) or compiled as `dist/src/settings.js`.
 */
export const PROJECT_ROOT = projectRootFrom(path.dirname(fileURLToPath(import.meta.url)));

function projectRootFrom(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${start} or any folder above it`);
  }
}

/**
 * A setting from the environment: trimmed, and unset when empty. The one way settings are read, so that a
 * line such as `CORPUS_DIR=` (copied from `.env.example`, or an `env_file` passing it on) means the default,
 * never "the working folder".
 */
export function envValue(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** `--corpus DIR`, else `CORPUS_DIR`, else the project's own `corpus/`. */
export function corpusDirFrom(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = flag?.trim() || envValue('CORPUS_DIR', env);
  return path.resolve(given ?? path.join(PROJECT_ROOT, 'corpus'));
}

/** `DATA_DIR` (the console's database and keys), else `.data/` in the project. */
export function dataDirFrom(value?: string): string {
  return path.resolve(value?.trim() || path.join(PROJECT_ROOT, '.data'));
}

/**
 * Where the saved index of `corpusDir` lives: `INDEX_CACHE_DIR` (or `.cache/index/` in the project),
 * one file per corpus folder. `INDEX_CACHE_DIR=off` turns saving and loading off.
 */
export function snapshotFileFor(corpusDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = envValue('INDEX_CACHE_DIR', env) ?? path.join(PROJECT_ROOT, '.cache', 'index');
  if (dir === 'off') return undefined;
  const key = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
  return path.join(path.resolve(dir), `${path.basename(corpusDir)}-${key}.qbix`);
}

/**
 * Where the compiled word vectors are cached: `VECTORS_CACHE_DIR`, else `.cache/vectors/` in the project.
 * `VECTORS_CACHE_DIR=off` answers on exact words only, without word vectors.
 */
export function vectorsDirFrom(env: NodeJS.ProcessEnv = process.env): string | 'off' {
  const dir = envValue('VECTORS_CACHE_DIR', env) ?? path.join(PROJECT_ROOT, '.cache', 'vectors');
  return dir === 'off' ? 'off' : path.resolve(dir);
}

import { mkdtemp, writeFile, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = path.join(ROOT, 'corpus');
export const DEV_SET = path.join(ROOT, 'test', 'fixtures', 'seed-dev.jsonl');
/** Questions in members' own words over the seed corpus (typos, chat spelling, synonyms). */
export const PARAPHRASE_SET = path.join(ROOT, 'test', 'fixtures', 'seed-paraphrase.jsonl');

/** A throw-away corpus folder with the given files (name → text or bytes). */
export async function tempCorpus(files: Record<string, string | Uint8Array> = {}, withSeed = false): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'quotebot-corpus-'));
  if (withSeed) await cp(CORPUS, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

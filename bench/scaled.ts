/**
 * Benchmark corpora as folders of article files, so that every engine (and this project's own loader and
 * saved index) reads them the way the product reads `corpus/`.
 *
 * The scaled corpus is real text made large: the 48 SQuAD dev articles copied until it holds the asked
 * number of sentences, each copy with a quarter of its words swapped for words drawn from the whole
 * SQuAD text (so each copy's word frequencies are those of real English, postings grow like a real
 * corpus's, and no two copies score alike). A fixed seed makes it the same on every machine. It is
 * written under `.cache/bench/` once and reused; never committed.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/settings.ts';
import type { Squad } from './squad.ts';

export const BENCH_CACHE = path.join(PROJECT_ROOT, '.cache', 'bench');

/** Share of words replaced in each copy. */
const PERTURB = 0.25;

/** The SQuAD articles as a corpus folder, one file per article. */
export function squadCorpus(squad: Squad): string {
  return writeOnce('squad-corpus', () => squad.sources.map((s, i) => [`${String(i).padStart(2, '0')}_${safe(s.id)}.txt`, s.text]));
}

/**
 * The SQuAD articles copied `copies` times with perturbed words (copy 0 is the original), one file per
 * article copy. SQuAD's 48 articles hold about 10.4k sentences, so 97 copies make about a million.
 */
export function scaledCorpus(squad: Squad, copies: number): string {
  return writeOnce(`scaled-${copies}-corpus`, function* () {
    const vocabulary = squad.sources.flatMap((s) => s.text.match(/\p{L}+/gu) ?? []);
    const random = mulberry32(20261123);
    for (let c = 0; c < copies; c++) {
      for (const [i, s] of squad.sources.entries()) {
        const text = c === 0 ? s.text : s.text.replace(/\p{L}+/gu, (w) => (random() < PERTURB ? vocabulary[Math.floor(random() * vocabulary.length)]! : w));
        yield [`${String(c).padStart(3, '0')}_${String(i).padStart(2, '0')}_${safe(s.id)}.txt`, text] as [string, string];
      }
    }
  });
}

/** Writes the files into a fresh folder and renames it into place, so a half-written corpus is never used. */
function writeOnce(name: string, files: () => Iterable<[string, string]>): string {
  const dir = path.join(BENCH_CACHE, name);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  const temp = `${dir}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  for (const [file, text] of files()) writeFileSync(path.join(temp, file), text);
  writeFileSync(path.join(temp, '.complete'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  return dir;
}

function safe(id: string): string {
  return id.replace(/[^\w.-]+/g, '_');
}

/** A small seeded PRNG (Mulberry32): the same corpus on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

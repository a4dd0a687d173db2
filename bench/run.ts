/**
 * npm run bench — speed and memory of this project's engine beside wink-bm25-text-search, MiniSearch and
 * Orama: same corpus, same questions, each engine in its own process, several runs, medians, ratios.
 *   npm run bench -- [--runs 3] [--corpora seed,squad] [--queries 2000]
 * Corpora: `seed` (the shipped corpus) and `squad` (the 48 SQuAD v1.1 dev articles, about 10k sentences,
 * from ../shared/data/squad). Questions: SQuAD dev questions.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus.ts';
import { SearchIndex } from '../src/search-index.ts';
import { PROJECT_ROOT } from '../src/settings.ts';
import type { Source } from '../src/types.ts';
import { loadSquad } from './squad.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, corpora: { type: 'string', default: 'seed,squad' }, queries: { type: 'string', default: '2000' } } });
const ENGINES = ['quotebot', 'wink-bm25-text-search', 'minisearch', 'orama'];
const runs = Number(values.runs);
const cacheDir = path.join(PROJECT_ROOT, '.cache', 'bench');
mkdirSync(cacheDir, { recursive: true });

const squad = loadSquad();
const questions = [...new Set(squad.questions.map((q) => q.question))].slice(0, Number(values.queries));

function cacheCorpus(name: string, sources: readonly Source[]): string {
  const index = SearchIndex.build(sources);
  const { sentStart, sentEnd, sentParagraph, paraSource } = index.segments;
  const sentences = Array.from(sentStart, (start, s) => sources[paraSource[sentParagraph[s]!]!]!.text.slice(start, sentEnd[s]));
  const file = path.join(cacheDir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ sources: sources.map((s) => ({ id: s.id, text: s.text })), sentences, questions }));
  return file;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number, d = 2) => x.toFixed(d);
const report: string[] = [`Each figure is the median of ${runs} runs, each engine in its own process; ${questions.length} SQuAD dev questions, top 10.`];

for (const corpusName of values.corpora!.split(',')) {
  const sources = corpusName === 'seed' ? (await loadCorpus(path.join(PROJECT_ROOT, 'corpus'))).sources : squad.sources;
  const file = cacheCorpus(corpusName, sources);
  const rows: Record<string, Record<string, number>> = {};
  for (const engine of ENGINES) {
    const results: Record<string, number>[] = [];
    for (let r = 0; r < runs; r++) {
      const out = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(PROJECT_ROOT, 'bench/engine-worker.ts'), engine, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (out.status !== 0) throw new Error(`${engine} on ${corpusName} failed:\n${out.stderr}`);
      results.push(JSON.parse(out.stdout.trim().split('\n').pop()!));
      process.stderr.write('.');
    }
    rows[engine] = Object.fromEntries(['docs', 'buildMs', 'heapMB', 'rssMB', 'p50', 'p99'].map((k) => [k, median(results.map((x) => x[k]!))]));
  }
  const peers = ENGINES.filter((e) => e !== 'quotebot');
  const fastest = peers.reduce((a, b) => (rows[a]!.p50! <= rows[b]!.p50! ? a : b));
  const leanest = peers.reduce((a, b) => (rows[a]!.rssMB! <= rows[b]!.rssMB! ? a : b));
  report.push(
    '',
    `### ${corpusName}: ${rows.quotebot!.docs} sentences`,
    '',
    '| engine | build ms | heap MB | RSS MB | query p50 ms | query p99 ms | p50 vs fastest peer |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...ENGINES.map((e) => {
      const r = rows[e]!;
      return `| ${e} | ${fmt(r.buildMs!, 0)} | ${fmt(r.heapMB!, 1)} | ${fmt(r.rssMB!, 1)} | ${fmt(r.p50!, 3)} | ${fmt(r.p99!, 3)} | ${fmt(r.p50! / rows[fastest]!.p50!)}× |`;
    }),
    '',
    `Fastest peer: ${fastest}; quotebot's p50 is ${fmt(rows[fastest]!.p50! / rows.quotebot!.p50!)}× faster. Leanest peer by RSS: ${leanest} (${fmt(rows[leanest]!.rssMB!, 1)} MB) against quotebot's ${fmt(rows.quotebot!.rssMB!, 1)} MB.`,
  );
}
process.stderr.write('\n');
process.stdout.write(`${report.join('\n')}\n`);

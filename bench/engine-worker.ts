/**
 * One engine on one corpus, in a process of its own (so memory figures are its own):
 *   node --expose-gc --import tsx bench/engine-worker.ts ENGINE CORPUS_CACHE.json
 * Prints one JSON line: build time, heap and RSS after build, and top-10 query latencies.
 */
import { readFileSync } from 'node:fs';

interface CorpusCache {
  sources: { id: string; text: string }[];
  /** The same sentences the product indexes (wink-nlp segmentation), as plain texts for the peers. */
  sentences: string[];
  questions: string[];
}

interface Engine {
  search(q: string): unknown;
}

const [engineName, cacheFile] = process.argv.slice(2);
const corpus = JSON.parse(readFileSync(cacheFile!, 'utf8')) as CorpusCache;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

gc();
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const engine = await build(engineName!);
const buildMs = performance.now() - started;
gc();
const mem = process.memoryUsage();

// Warm up the JIT, then time each query on its own.
for (const q of corpus.questions.slice(0, 50)) await engine.search(q);
const times: number[] = [];
for (const q of corpus.questions) {
  const t0 = performance.now();
  await engine.search(q);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
process.stdout.write(
  `${JSON.stringify({ engine: engineName, docs: corpus.sentences.length, buildMs, heapMB: mem.heapUsed / 2 ** 20, rssMB: mem.rss / 2 ** 20, rssGrowthMB: (mem.rss - rssBefore) / 2 ** 20, queries: times.length, p50: at(0.5), p99: at(0.99) })}\n`,
);

async function build(name: string): Promise<Engine> {
  if (name === 'quotebot') {
    const { SearchIndex } = await import('../src/search-index.ts');
    const sources = corpus.sources.map((s) => ({ id: s.id, file: s.id, text: s.text, bodyStart: 0, title: s.id, meta: {}, bytes: s.text.length, mtimeMs: 0 }));
    const index = SearchIndex.build(sources);
    return { search: (q) => index.rankSentences(index.plan(q), 10) };
  }
  if (name === 'wink-bm25-text-search') {
    const { default: bm25 } = (await import('wink-bm25-text-search')) as { default: () => any };
    const engine = bm25();
    engine.defineConfig({ fldWeights: { body: 1 }, bm25Params: { k1: 1.2, b: 0.75 } });
    engine.definePrepTasks([words]);
    corpus.sentences.forEach((body, i) => engine.addDoc({ body }, i));
    engine.consolidate();
    return { search: (q) => engine.search(q, 10) };
  }
  if (name === 'minisearch') {
    const { default: MiniSearch } = await import('minisearch');
    const engine = new MiniSearch({ fields: ['body'], idField: 'id', tokenize: words, processTerm: (t) => t });
    engine.addAll(corpus.sentences.map((body, id) => ({ id, body })));
    return { search: (q) => engine.search(q).slice(0, 10) };
  }
  if (name === 'orama') {
    const { create, insertMultiple, search } = await import('@orama/orama');
    const db = create({ schema: { body: 'string' } as const, components: { tokenizer: { stemming: false } } });
    await insertMultiple(db, corpus.sentences.map((body) => ({ body })), 5000);
    return { search: (q) => search(db, { term: q, properties: ['body'], limit: 10, relevance: { k: 1.2, b: 0.75, d: 0.5 } }) };
  }
  throw new Error(`unknown engine ${name}`);
}

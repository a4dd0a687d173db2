/**
 * One engine on one corpus, in a process of its own (so memory figures are its own).
 *
 *   node --expose-gc --import tsx bench/engine-worker.ts run  ENGINE CORPUS_DIR SENTENCES.json QUESTIONS.json SAVED_FILE QUERIES BUDGET_MS
 *     builds the index, saves it to SAVED_FILE (its size on disk), then times top-10 queries; prints one JSON line.
 *   node --import tsx bench/engine-worker.ts cold ENGINE CORPUS_DIR SENTENCES.json SAVED_FILE|- QUESTION
 *     starts from nothing (or from SAVED_FILE), answers QUESTION and exits: the parent times the process.
 *   node --import tsx bench/engine-worker.ts wink PIPE CORPUS_DIR
 *     wink-nlp alone with PIPE (sbd,pos or sbd) on the corpus's lines, first pass; prints its MB/s and tokens/s.
 *
 * This project's engine reads CORPUS_DIR as the product does (loader, wink-nlp, saved index). The peers
 * index SENTENCES.json: the same sentences, as the product's wink-nlp segmentation made them, as
 * documents; they tokenise with a lower-case word regex and drop the same function words as the product.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { FUNCTION_WORDS } from '../src/engine/language/function-words.ts';

interface Engine {
  search(q: string): unknown;
  /** Writes the index to `file` in the engine's own saved form. */
  save(file: string): void;
  docs: number;
  /** Indexed terms (this project's engine only; for build throughput in tokens). */
  tokens?: number;
}

const [mode, engineName, corpusDir, sentencesFile, ...rest] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const words = (t: string) => (t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !FUNCTION_WORDS.has(w));
const sentences = () => JSON.parse(readFileSync(sentencesFile!, 'utf8')) as string[];
const MINISEARCH_OPTIONS = { tokenize: words, processTerm: (t: string) => t };
const ORAMA_TOKENIZER = { stemming: false, stopWords: [...FUNCTION_WORDS] };
/** Orama's top-10 query with BM25 at the same k1 and b as everyone else, the same when built or loaded. */
const oramaQuery = (q: string) => ({ term: q, properties: ['body' as const], limit: 10, relevance: { k: 1.2, b: 0.75, d: 0.5 } });

if (mode === 'wink') {
  // wink-nlp alone on the corpus's lines (up to 8 MB), its model loaded first, the first pass timed.
  const [pipe, dir] = [engineName!, corpusDir!];
  const { default: winkNLP } = await import('wink-nlp');
  const { default: model } = await import('wink-eng-lite-web-model');
  const { loadCorpus } = await import('../src/sources/corpus.ts');
  const texts: string[] = [];
  let bytes = 0;
  for (const s of (await loadCorpus(dir)).sources) {
    if (bytes > 8 * 2 ** 20) break;
    texts.push(...s.text.split('\n').filter((l) => l.trim() !== ''));
    bytes += s.bytes;
  }
  const nlp = winkNLP(model, pipe.split(',') as never);
  const t0 = performance.now();
  let tokens = 0;
  for (const t of texts) tokens += nlp.readDoc(t).tokens().length();
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify({ mbs: bytes / 2 ** 20 / seconds, tokensPerS: tokens / seconds })}\n`);
  process.exit(0);
}

if (mode === 'cold') {
  const [saved, question] = rest;
  // This project's engine starts as `npm start` does, through the loader (and the saved index when given).
  const engine = saved === '-' && engineName !== 'quotebot' ? await build(engineName!) : await load(engineName!, saved!);
  const hits = await engine.search(question!);
  process.stdout.write(`${JSON.stringify({ answered: Array.isArray(hits) ? hits.length : (hits as { count?: number }).count })}\n`);
  process.exit(0);
}

const [questionsFile, savedFile, queriesText, budgetText] = rest;
const questions = (JSON.parse(readFileSync(questionsFile!, 'utf8')) as string[]).slice(0, Number(queriesText));
await loadCode(engineName!);
gc();
const started = performance.now();
const engine = await build(engineName!);
const buildMs = performance.now() - started;
gc();
const mem = process.memoryUsage();
const peakRssMB = process.resourceUsage().maxRSS / 1024;
// A peer's saved form is one JSON string; past V8's string limit (about 512 MB) it cannot be made at all.
const savedStarted = performance.now();
let saveError: string | undefined;
try {
  engine.save(savedFile!);
} catch (err) {
  saveError = (err as Error).message;
  rmSync(savedFile!, { force: true });
}
const saveMs = performance.now() - savedStarted;
const diskMB = saveError === undefined ? statSync(savedFile!).size / 2 ** 20 : Number.NaN;

// Warm up the JIT, then time each query on its own, within the time budget.
for (const q of questions.slice(0, 20)) await engine.search(q);
const times: number[] = [];
const budgetEnd = performance.now() + Number(budgetText);
for (const q of questions) {
  const t0 = performance.now();
  await engine.search(q);
  const t1 = performance.now();
  times.push(t1 - t0);
  if (t1 > budgetEnd) break;
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
process.stdout.write(
  `${JSON.stringify({ engine: engineName, docs: engine.docs, tokens: engine.tokens, buildMs, saveMs, diskMB, saveError, heapMB: mem.heapUsed / 2 ** 20, rssMB: mem.rss / 2 ** 20, peakRssMB, queries: times.length, p50: at(0.5), p99: at(0.99) })}\n`,
);

/** What the benchmark uses of wink-bm25-text-search, which ships no types. */
interface WinkBm25 {
  defineConfig(config: { fldWeights: Record<string, number>; bm25Params: { k1: number; b: number } }): void;
  definePrepTasks(tasks: ((text: string) => string[])[]): void;
  addDoc(doc: { body: string }, id: number): void;
  consolidate(): void;
  search(query: string, limit: number): unknown[];
  exportJSON(): string;
  importJSON(json: string): void;
}

/**
 * Loads an engine's code before its build is timed: what loading code costs (for this project, wink-nlp's
 * language model, about 0.3 s) is a start-up cost, measured by the cold starts, not indexing; the build then
 * times reading the corpus, indexing it and (for this project) loading the word vectors.
 */
async function loadCode(name: string): Promise<void> {
  if (name === 'quotebot') {
    await Promise.all([
      import('../src/sources/corpus.ts'),
      import('../src/engine/index/search-index.ts'),
      import('../src/engine/engine.ts'),
      import('../src/engine/index/snapshot.ts'),
    ]);
  } else if (name === 'wink-bm25-text-search') await import('wink-bm25-text-search');
  else if (name === 'minisearch') await import('minisearch');
  else if (name === 'orama') await import('@orama/orama');
}

async function build(name: string): Promise<Engine> {
  if (name === 'quotebot') {
    const { loadCorpus } = await import('../src/sources/corpus.ts');
    const { SearchIndex } = await import('../src/engine/index/search-index.ts');
    const { AnswerEngine, defaultVectors } = await import('../src/engine/engine.ts');
    const { saveSnapshot } = await import('../src/engine/index/snapshot.ts');
    const { sources } = await loadCorpus(corpusDir!);
    const index = SearchIndex.build(sources);
    // The product's engine as it answers: with the word vectors (loaded from their cache, compiled once).
    const engine = new AnswerEngine(index, { vectors: defaultVectors() });
    return {
      search: (q) => engine.rankSentences(q, 10),
      save: (file) => saveSnapshot(file, index),
      docs: index.sentenceCount,
      tokens: index.segments.termSequence.length,
    };
  }
  const docs = sentences();
  if (name === 'wink-bm25-text-search') {
    const { default: bm25 } = (await import('wink-bm25-text-search')) as { default: () => WinkBm25 };
    const engine = bm25();
    engine.defineConfig({ fldWeights: { body: 1 }, bm25Params: { k1: 1.2, b: 0.75 } });
    engine.definePrepTasks([words]);
    docs.forEach((body, i) => {
      engine.addDoc({ body }, i);
    });
    engine.consolidate();
    return { search: (q) => engine.search(q, 10), save: (file) => writeFileSync(file, engine.exportJSON()), docs: docs.length };
  }
  if (name === 'minisearch') {
    const { default: MiniSearch } = await import('minisearch');
    const engine = new MiniSearch({ fields: ['body'], idField: 'id', ...MINISEARCH_OPTIONS });
    engine.addAll(docs.map((body, id) => ({ id, body })));
    return { search: (q) => engine.search(q).slice(0, 10), save: (file) => writeFileSync(file, JSON.stringify(engine)), docs: docs.length };
  }
  if (name === 'orama') {
    const { create, insertMultiple, search, save } = await import('@orama/orama');
    const db = create({ schema: { body: 'string' } as const, components: { tokenizer: ORAMA_TOKENIZER } });
    await insertMultiple(
      db,
      docs.map((body) => ({ body })),
      5000,
    );
    return {
      search: (q) => search(db, oramaQuery(q)),
      save: (file) => writeFileSync(file, JSON.stringify(save(db))),
      docs: docs.length,
    };
  }
  throw new Error(`unknown engine ${name}`);
}

/** The engine from its saved form, without re-indexing (`-`: this project's engine with no saved index). */
async function load(name: string, file: string): Promise<Engine> {
  const noSave = () => {
    throw new Error('already saved');
  };
  if (name === 'quotebot') {
    const { AnswerEngine, DEFAULT_ENGINE_OPTIONS } = await import('../src/engine/engine.ts');
    const engine = await AnswerEngine.fromCorpus(corpusDir!, DEFAULT_ENGINE_OPTIONS, file === '-' ? {} : { snapshotFile: file });
    if (file !== '-' && engine.origin.kind !== 'loaded') throw new Error(`the saved index was not used: ${engine.origin.why}`);
    return { search: (q) => engine.ask(q, { limit: 10 }).quotes, save: noSave, docs: engine.index.sentenceCount };
  }
  const json = readFileSync(file, 'utf8');
  if (name === 'wink-bm25-text-search') {
    const { default: bm25 } = (await import('wink-bm25-text-search')) as { default: () => WinkBm25 };
    const engine = bm25();
    engine.importJSON(json);
    engine.definePrepTasks([words]);
    return { search: (q) => engine.search(q, 10), save: noSave, docs: 0 };
  }
  if (name === 'minisearch') {
    const { default: MiniSearch } = await import('minisearch');
    const engine = MiniSearch.loadJSON(json, { fields: ['body'], idField: 'id', ...MINISEARCH_OPTIONS });
    return { search: (q) => engine.search(q).slice(0, 10), save: noSave, docs: 0 };
  }
  if (name === 'orama') {
    const { create, load: restore, search } = await import('@orama/orama');
    const db = create({ schema: { body: 'string' } as const, components: { tokenizer: ORAMA_TOKENIZER } });
    restore(db, JSON.parse(json));
    return { search: (q) => search(db, oramaQuery(q)), save: noSave, docs: 0 };
  }
  throw new Error(`unknown engine ${name}`);
}

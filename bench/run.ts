/**
 * npm run bench — speed, memory, size and cold start of this project's engine beside wink-bm25-text-search,
 * MiniSearch and Orama: same corpus, same questions, each engine in its own process, medians of several
 * runs, ratios against the best peer measured in the same run.
 *
 *   npm run bench -- [--corpora seed,squad,scaled,ack,reload] [--runs 3] [--scaled-runs 1] [--queries 1000]
 *                    [--budget-s 120] [--copies 97] [--engines quotebot,wink-bm25-text-search,minisearch,orama]
 *                    [--ack-rate 5] [--ack-idle-s 20]
 *   npm run bench -- --report [--corpora …]   prints the tables of the last run again
 *
 * Corpora: `seed` (the shipped corpus), `squad` (the 48 SQuAD v1.1 dev articles, about 10k sentences) and
 * `scaled` (SQuAD copied `--copies` times with perturbed words: about 1M sentences; see bench/scaled.ts).
 * `ack` is not an engine comparison: the bot (as `npm start` runs it, against the fake Discord) answers
 * `--ack-rate` questions a second while idle, then while `/sources reload` rebuilds the scaled corpus's
 * index; its figure is the acknowledgement latency in both phases (bench/ack.ts). `reload` is the time to
 * add one article to the scaled corpus and reload, and to change one and reload, beside a full rebuild in
 * the same run (bench/reload.ts).
 * Questions: SQuAD v1.1 dev questions. An engine stops querying after `--budget-s` seconds on one corpus
 * (Orama needs seconds per query at 1M sentences); the tables say how many queries each engine ran.
 * Each corpus's figures are also written to bench/results/<corpus>.json, which bench/chart.ts plots.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AnswerEngine, DEFAULT_ENGINE_OPTIONS } from '../src/engine/engine.ts';
import { PROJECT_ROOT } from '../src/settings.ts';
import { ackLatency, type AckSummary } from './ack.ts';
import { reloadCost, reloadTable, type ReloadSummary } from './reload.ts';
import { BENCH_CACHE, scaledCorpus, squadCorpus } from './scaled.ts';
import { loadSquad } from './squad.ts';

const { values } = parseArgs({
  options: {
    corpora: { type: 'string', default: 'seed,squad,scaled,ack,reload' },
    runs: { type: 'string', default: '3' },
    'scaled-runs': { type: 'string', default: '1' },
    queries: { type: 'string', default: '1000' },
    'budget-s': { type: 'string', default: '120' },
    copies: { type: 'string', default: '97' },
    engines: { type: 'string', default: 'quotebot,wink-bm25-text-search,minisearch,orama' },
    report: { type: 'boolean', default: false },
    'ack-rate': { type: 'string', default: '5' },
    'ack-idle-s': { type: 'string', default: '20' },
  },
});
const ENGINES = values.engines!.split(',');
const PEERS = ENGINES.filter((e) => e !== 'quotebot');
mkdirSync(BENCH_CACHE, { recursive: true });
const resultsDir = path.join(PROJECT_ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });

const squad = loadSquad();
const questions = [...new Set(squad.questions.map((q) => q.question))];
const questionsFile = path.join(BENCH_CACHE, 'questions.json');
writeFileSync(questionsFile, JSON.stringify(questions));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// A figure that could not be measured is NaN in this process and null once it has been through JSON.
const fmt = (x: number | null | undefined, d = 2) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(d));
const log = (s: string) => process.stderr.write(`${s}\n`);
const WORKER = path.join(PROJECT_ROOT, 'bench', 'engine-worker.ts');
const NODE_FLAGS = ['--expose-gc', '--max-old-space-size=20000', '--import', 'tsx'];

type Row = Record<string, number> & { saveError?: string };
type Summary = { corpus: string; sentences: number; textMB: number; runs: number; wink: Awaited<ReturnType<typeof winkThroughput>>; rows: Record<string, Row> };

if (values.report) {
  // Print the tables of the last run again, without measuring.
  for (const corpusName of values.corpora!.split(',')) {
    const file = path.join(resultsDir, `${corpusName}.json`);
    if (!existsSync(file)) continue;
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    process.stdout.write(
      `${corpusName === 'ack' ? ackTable(saved as AckSummary) : corpusName === 'reload' ? reloadTable(saved as ReloadSummary) : table(saved as Summary)}\n\n`,
    );
  }
  process.exit(0);
}

for (const corpusName of values.corpora!.split(',')) {
  if (corpusName === 'reload') {
    const dir = scaledCorpus(squad, Number(values.copies));
    log(`\n== reload: one article added to ${dir}`);
    // A real article's text made new (its first line), so no analysis of it can be reused.
    const newArticle = `An article added for the reload benchmark\n${squad.sources[0]!.text}`;
    const summary = await reloadCost({ corpusDir: dir, workDir: path.join(BENCH_CACHE, 'reload-work'), newArticle, log });
    writeFileSync(path.join(resultsDir, 'reload.json'), `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(`${reloadTable(summary)}\n`);
    continue;
  }
  if (corpusName === 'ack') {
    const dir = scaledCorpus(squad, Number(values.copies));
    log(`\n== ack: the bot on ${dir}`);
    const summary = await ackLatency({
      corpusDir: dir,
      cacheDir: path.join(BENCH_CACHE, 'ack-index'),
      questions,
      ratePerS: Number(values['ack-rate']),
      idleS: Number(values['ack-idle-s']),
      log,
    });
    writeFileSync(path.join(resultsDir, 'ack.json'), `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(`${ackTable(summary)}\n`);
    continue;
  }
  const runs = Number(corpusName === 'scaled' ? values['scaled-runs'] : values.runs);
  const dir =
    corpusName === 'seed' ? path.join(PROJECT_ROOT, 'corpus') : corpusName === 'squad' ? squadCorpus(squad) : scaledCorpus(squad, Number(values.copies));
  log(`\n== ${corpusName}: ${dir}`);
  const { sentencesFile, sentenceCount, textMB } = await peerSentences(corpusName, dir);
  const wink = await winkThroughput(dir);
  log(`wink-nlp tokenising: ${fmt(wink.fullMBs)} MB/s with the product's pipeline (sbd, pos), ${fmt(wink.sbdMBs)} MB/s with sentence detection only`);

  const rows: Record<string, Row> = {};
  for (const engine of ENGINES) {
    const saved = path.join(BENCH_CACHE, `${corpusName}.${engine}.saved`);
    const results: Row[] = [];
    const cold: number[] = [];
    const coldSaved: number[] = [];
    for (let r = 0; r < runs; r++) {
      log(`${engine}: run ${r + 1} of ${runs}`);
      results.push(spawnJson([WORKER, 'run', engine, dir, sentencesFile, questionsFile, saved, values.queries!, String(Number(values['budget-s']) * 1000)]));
      cold.push(coldStart(engine, dir, sentencesFile, '-'));
      coldSaved.push(existsSync(saved) ? coldStart(engine, dir, sentencesFile, saved) : Number.NaN);
      log(`  ${JSON.stringify({ ...results.at(-1), coldMs: cold.at(-1), coldSavedMs: coldSaved.at(-1) })}`);
    }
    const keys = ['docs', 'buildMs', 'saveMs', 'diskMB', 'heapMB', 'rssMB', 'peakRssMB', 'queries', 'p50', 'p99'];
    rows[engine] = Object.fromEntries(keys.map((k) => [k, median(results.map((x) => x[k]!))]));
    const saveError = results.find((x) => x.saveError)?.saveError;
    if (saveError) rows[engine].saveError = saveError;
    rows[engine].coldMs = median(cold);
    rows[engine].coldSavedMs = median(coldSaved);
    rows[engine].buildMBs = textMB / (rows[engine].buildMs! / 1000);
  }
  const summary: Summary = { corpus: corpusName, sentences: sentenceCount, textMB, runs, wink, rows };
  writeFileSync(path.join(resultsDir, `${corpusName}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${table(summary)}\n`);
}

/** The product's sentences of the corpus, as plain texts for the peers (built once, then from the saved index). */
async function peerSentences(name: string, dir: string) {
  const file = path.join(BENCH_CACHE, `${name}-sentences.json`);
  const engine = await AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, {
    snapshotFile: path.join(BENCH_CACHE, `${name}.sentences.qbix`),
    showProgress: true,
  });
  const { sentStart, sentEnd, sentParagraph, paraSource } = engine.index.segments;
  const textMB = engine.sources.reduce((n, s) => n + s.bytes, 0) / 2 ** 20;
  if (!existsSync(file) || statSync(file).mtimeMs < statSync(path.join(BENCH_CACHE, `${name}.sentences.qbix`)).mtimeMs) {
    const sentences = Array.from(sentStart, (start, s) => engine.sources[paraSource[sentParagraph[s]!]!]!.text.slice(start, sentEnd[s]));
    writeFileSync(file, JSON.stringify(sentences));
  }
  return { sentencesFile: file, sentenceCount: sentStart.length, textMB };
}

/**
 * wink-nlp's own tokenising speed on (up to 8 MB of) the corpus, the bound on this project's index build:
 * with the product's pipeline (sentence detection and POS tagging) and with sentence detection only.
 */
/**
 * wink-nlp's own tokenising speed on the corpus, each pipeline in a fresh process as every engine's build is
 * (model loaded, then the first pass timed): in this process the model has already read these texts, and
 * warm it runs about twice as fast as on a first pass (see `engine-worker.ts wink`).
 */
async function winkThroughput(dir: string) {
  const speed = (pipe: string) => spawnJson([WORKER, 'wink', pipe, dir]) as unknown as { mbs: number; tokensPerS: number };
  const full = speed('sbd,pos');
  const sbd = speed('sbd');
  return { fullMBs: full.mbs, fullTokensPerS: full.tokensPerS, sbdMBs: sbd.mbs, sbdTokensPerS: sbd.tokensPerS };
}

function spawnJson(args: string[]): Row {
  const out = spawnSync(process.execPath, [...NODE_FLAGS, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  if (out.status !== 0) throw new Error(`${args.slice(1, 3).join(' ')} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Row;
}

/** Milliseconds from starting a process to its first answer, with a saved index or (`-`) without. */
function coldStart(engine: string, dir: string, sentencesFile: string, saved: string): number {
  const t0 = performance.now();
  spawnJson([WORKER, 'cold', engine, dir, sentencesFile, saved, questions[0]!]);
  return performance.now() - t0;
}

function table(summary: Summary): string {
  const { rows } = summary;
  const best = (key: string) => PEERS.reduce((a, b) => (rows[a]![key]! <= rows[b]![key]! ? a : b));
  const fastest = best('p50');
  const leanest = best('peakRssMB');
  const q = rows.quotebot!;
  const lines = [
    `### ${summary.corpus}: ${summary.sentences.toLocaleString('en')} sentences, ${fmt(summary.textMB, 1)} MB of text (median of ${summary.runs} run${summary.runs > 1 ? 's' : ''})`,
    '',
    '| engine | build s | build MB/s | peak RSS MB | heap MB after build | index on disk MB | cold start s, no saved index | cold start s, saved index | queries | p50 ms | p99 ms | p50 × fastest peer |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...ENGINES.map((e) => {
      const r = rows[e]!;
      const seconds = (ms: number | null | undefined) => fmt(ms == null ? ms : ms / 1000);
      return `| ${e} | ${seconds(r.buildMs)} | ${fmt(r.buildMBs)} | ${fmt(r.peakRssMB, 0)} | ${fmt(r.heapMB, 0)} | ${fmt(r.diskMB, 1)} | ${seconds(r.coldMs)} | ${seconds(r.coldSavedMs)} | ${r.queries} | ${fmt(r.p50, 3)} | ${fmt(r.p99, 3)} | ${fmt(r.p50! / rows[fastest]!.p50!)} |`;
    }),
    '',
    `wink-nlp alone tokenises ${fmt(summary.wink.fullMBs)} MB/s (${Math.round(summary.wink.fullTokensPerS / 1000)}k tokens/s) with the product's pipeline and ${fmt(summary.wink.sbdMBs)} MB/s (${Math.round(summary.wink.sbdTokensPerS / 1000)}k tokens/s) with sentence detection only; quotebot builds at ${fmt((q.buildMBs! / summary.wink.fullMBs) * 100, 0)}% of the first.`,
  ];
  for (const e of ENGINES) {
    if (rows[e] && rows[e].diskMB == null) {
      lines.push(
        `${e}'s index could not be saved${rows[e].saveError ? ` (${rows[e].saveError})` : ''}: its saved form is one JSON string, past V8's string limit, so it has no size on disk and no cold start from a saved index.`,
      );
    }
  }
  if (PEERS.length > 0) {
    lines.push(
      `Fastest peer by p50: ${fastest}; quotebot is ${fmt(rows[fastest]!.p50! / q.p50!)}× as fast. Leanest peer by peak RSS: ${leanest} (${fmt(rows[leanest]!.peakRssMB, 0)} MB) against quotebot's ${fmt(q.peakRssMB, 0)} MB.`,
    );
  }
  return lines.join('\n');
}

function ackTable(s: AckSummary): string {
  const row = (name: string, p: AckSummary['idle']) =>
    `| ${name} | ${p.questions} | ${p.answered} | ${fmt(p.p50, 1)} | ${fmt(p.p99, 1)} | ${fmt(p.max, 1)} | ${fmt(p.finalP50, 1)} | ${fmt(p.finalP99, 1)} |`;
  return [
    `### ack: /ask acknowledgement latency, ${s.sentences.toLocaleString('en')} sentences, ${s.ratePerS} questions/s (rebuild took ${fmt(s.rebuildS, 0)} s: "${s.reloadReport}")`,
    '',
    '| bot is | questions | answered with quotes | ack p50 ms | ack p99 ms | ack max ms | final answer p50 ms | final answer p99 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row('idle (peer figure)', s.idle),
    row('rebuilding the index', s.rebuilding),
    '',
    `Ack p99 while rebuilding is ${fmt(s.rebuilding.p99 / s.idle.p99)}× the idle p99; Discord allows 3,000 ms.`,
  ].join('\n');
}

/**
 * npm run eval -- FILE.jsonl [FILE.jsonl …] [--verbose] [--json] [--set name=value …]: hit@1, hit@3,
 * source@1, declines, quotes from every needed source, and the verbatim check, one table per file (or one
 * JSON summary with --json). `--set` changes a ranking or composing parameter for the run, e.g.
 * `--set minConfidence=0` to measure the ranking without declining.
 */
import { readFile } from 'node:fs/promises';
import { AnswerEngine, type EngineOptions } from '../engine/engine.ts';
import { evaluate, parseQuestionFile, summarize, type EvalReport } from '../engine/evaluate.ts';
import { corpusDirFrom, snapshotFileFor } from '../settings.ts';
import { parseCli, runMain, UsageError, warnIfNotSaved } from './args.ts';
import { optionsFromFlags } from './options.ts';

const USAGE = 'usage: npm run eval -- FILE.jsonl [FILE.jsonl …] [--verbose] [--json] [--corpus DIR] [--set name=value …]';

runMain(async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), {
    verbose: { type: 'boolean', short: 'v', default: false },
    json: { type: 'boolean', default: false },
    corpus: { type: 'string' },
    set: { type: 'string', multiple: true },
  });
  let options: EngineOptions;
  try {
    options = optionsFromFlags(values.set);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (positionals.length === 0) throw new UsageError('name at least one question file');
  // Every file is read and checked before the engine starts, so a typo in the last one costs no indexing.
  const files = await Promise.all(positionals.map(async (file) => ({ file, items: parseQuestionFile(await readFile(file, 'utf8'), file) })));
  const corpusDir = corpusDirFrom(values.corpus);
  const engine = await AnswerEngine.fromCorpus(corpusDir, options, { snapshotFile: snapshotFileFor(corpusDir), showProgress: true });
  warnIfNotSaved(engine);
  const reports = files.map(({ file, items }) => ({ file, report: evaluate(engine, items) }));

  if (values.json) {
    const summary = { corpus: corpusDir, sources: engine.sources.length, files: reports.map(({ file, report }) => ({ file, ...summarize(report) })) };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const tables = reports.map(({ file, report }) => formatReport(file, report, engine.sources.length, values.verbose));
  process.stdout.write(`${tables.join('\n\n')}\n`);
}, USAGE);

function formatReport(file: string, r: EvalReport, sourceCount: number, verbose: boolean): string {
  const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
  const line = (name: string, n: number, d: number) => `${name.padEnd(30)}${`${n}/${d}`.padStart(9)}  ${pct(n, d).padStart(6)}`;
  const out = [
    `${file}: ${r.answerable} answerable, ${r.unanswerable} unanswerable on the topic, ${r.offTopic} off it; corpus of ${sourceCount} sources`,
    line('hit@1 (quotes shown)', r.hitAt1, r.answerable),
    line('hit@3 (quotes shown)', r.hitAt3, r.answerable),
    line('source@1', r.sourceAt1, r.answerable),
    line('answered', r.answered, r.answerable),
    line('  answered right', r.answeredRight, r.answered),
    line('closest passages', r.closest, r.answerable),
    line('told nothing (wrongly declined)', r.wronglyDeclined, r.answerable),
    ...(r.unanswerable > 0 ? [line('unanswerable, not answered', r.notConfident, r.unanswerable)] : []),
    ...(r.offTopic > 0 ? [line('off-topic, no quote', r.offTopicDeclined, r.offTopic)] : []),
    line('not answered (all unanswerable)', r.correctlyDeclined, r.unanswerable + r.offTopic),
    ...(r.needsSources > 0 ? [line('all needed sources', r.allSourcesShown, r.needsSources)] : []),
    line('verbatim quotes', r.verbatimQuotes, r.quotes),
    ...Object.entries(r.kinds).map(([kind, k]) => line(`kind ${kind}, right`, k.right, k.questions)),
  ];
  for (const c of r.cases) {
    const ok = c.right && (c.item.answerable === false || c.hitAt1);
    if (ok && !verbose) continue;
    out.push(`\n${ok ? 'ok  ' : 'MISS'} ${c.item.id} [${c.answer.outcome}]: ${c.item.question}`);
    if (c.allSourcesShown === false)
      out.push(`       (needs quotes from ${c.item.needsSources!.map((n) => (typeof n === 'string' ? n : n.join(' or '))).join(' and ')})`);
    for (const q of c.answer.quotes) out.push(`       [${q.sourceId} ${q.score}] ${q.text}`);
    if (c.answer.outcome === 'declined') out.push(`       (declined: ${c.answer.reason?.message})`);
  }
  return out.join('\n');
}

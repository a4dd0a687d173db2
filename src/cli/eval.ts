/** npm run eval -- FILE.jsonl [--verbose]: hit@1, hit@3, source@1, declines and the verbatim check. */
import { readFile } from 'node:fs/promises';
import { AnswerEngine } from '../engine.ts';
import { evaluate, parseQuestionFile } from '../evaluate.ts';
import { corpusDirFrom, snapshotFileFor } from '../settings.ts';
import { parseCli, runMain, UsageError, warnIfNotSaved } from './args.ts';

const USAGE = 'usage: npm run eval -- FILE.jsonl [--verbose] [--corpus DIR]';

runMain(async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), {
    verbose: { type: 'boolean', short: 'v', default: false },
    corpus: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('name one question file');
  const file = positionals[0]!;
  const items = parseQuestionFile(await readFile(file, 'utf8'), file);
  const corpusDir = corpusDirFrom(values.corpus);
  const engine = await AnswerEngine.fromCorpus(corpusDir, undefined, { snapshotFile: snapshotFileFor(corpusDir), showProgress: true });
  warnIfNotSaved(engine);
  const r = evaluate(engine, items);
  const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
  const line = (name: string, n: number, d: number) => `${name.padEnd(22)}${`${n}/${d}`.padStart(9)}  ${pct(n, d).padStart(6)}`;
  const out = [
    `${file}: ${r.answerable} answerable, ${r.unanswerable} to decline, corpus of ${engine.sources.length} sources`,
    line('hit@1', r.hitAt1, r.answerable),
    line('hit@3', r.hitAt3, r.answerable),
    line('source@1', r.sourceAt1, r.answerable),
    line('correctly declined', r.correctlyDeclined, r.unanswerable),
    line('wrongly declined', r.wronglyDeclined, r.answerable),
    line('verbatim quotes', r.verbatimQuotes, r.quotes),
  ];
  for (const c of r.cases) {
    const ok = c.item.answerable === false ? !c.answer.answered : c.hitAt1;
    if (ok && !values.verbose) continue;
    out.push(`\n${ok ? 'ok  ' : 'MISS'} ${c.item.id}: ${c.item.question}`);
    for (const q of c.answer.quotes) out.push(`       [${q.sourceId} ${q.score}] ${q.text}`);
    if (!c.answer.answered) out.push(`       (declined: ${c.answer.reason?.message})`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}, USAGE);

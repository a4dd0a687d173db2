/**
 * Ask the corpus from the terminal, exactly as the bot does:
 *   npm run ask -- "How far can ATACMS reach?"
 *   npm run ask -- --json "question"          one JSON object
 *   npm run ask -- --json < questions.txt      one JSON object per input line, in order
 */
import { createInterface } from 'node:readline';
import { AnswerEngine } from '../engine.ts';
import type { Answer } from '../types.ts';
import { corpusDirFrom, snapshotFileFor } from '../settings.ts';
import { parseCli, runMain, UsageError, warnIfNotSaved } from './args.ts';

const USAGE = `usage: npm run ask -- [--json] [--limit N] [--source ID] [--corpus DIR] "question"
       npm run ask -- --json < questions.txt   (one question per line)`;

runMain(async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), {
    json: { type: 'boolean', default: false },
    limit: { type: 'string' },
    source: { type: 'string' },
    corpus: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 10)) throw new UsageError('--limit takes a whole number from 1 to 10');
  const question = positionals.join(' ');
  if (!values.json && question === '') throw new UsageError('ask a question, e.g. npm run ask -- "How far can ATACMS reach?"');

  const corpusDir = corpusDirFrom(values.corpus);
  const engine = await AnswerEngine.fromCorpus(corpusDir, undefined, { snapshotFile: snapshotFileFor(corpusDir), showProgress: true });
  warnIfNotSaved(engine);
  for (const f of engine.failures) process.stderr.write(`warning: skipped ${f.file}: ${f.reason}\n`);
  const options = { limit, sourceId: values.source };

  if (!values.json) {
    process.stdout.write(formatForTerminal(engine, engine.ask(question, options)));
    return;
  }
  const toJson = (a: Answer) =>
    `${JSON.stringify({ question: a.question, answered: a.answered, quotes: a.quotes, ...(a.reason ? { reason: a.reason.message } : {}) })}\n`;
  if (positionals.length > 0) {
    process.stdout.write(toJson(engine.ask(question, options)));
    return;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    process.stdout.write(toJson(engine.ask(line, options)));
  }
}, USAGE);

function formatForTerminal(engine: AnswerEngine, answer: Answer): string {
  if (!answer.answered) return `${answer.reason?.message ?? 'I found nothing on that in the sources.'}\n`;
  return answer.quotes
    .map((q) => {
      const source = engine.source(q.sourceId);
      return `“${q.text}”\n    — ${q.sourceId}${source ? `: ${source.title}` : ''}\n`;
    })
    .join('\n');
}

/**
 * Ask the corpus from the terminal, exactly as the bot does:
 *   npm run ask -- "How far can ATACMS reach?"
 *   npm run ask -- --json "question"          one JSON object
 *   npm run ask -- --json < questions.txt      one JSON object per input line, in order
 * An input line may also be a JSON object `{"question", "source"?, "limit"?}`, so that an evaluation asks
 * each question of its own source in one process instead of starting one per question.
 */
import { createInterface } from 'node:readline';
import { AnswerEngine, type AskOptions } from '../engine/engine.ts';
import { MESSAGES } from '../engine/ranking/compose.ts';
import type { Answer } from '../types.ts';
import { corpusDirFrom, snapshotFileFor } from '../settings.ts';
import { parseCli, runMain, UsageError, warnIfNotSaved } from './args.ts';

const USAGE = `usage: npm run ask -- [--json] [--limit N] [--source ID] [--corpus DIR] "question"
       npm run ask -- --json < questions.txt   (one question per line, or {"question", "source", "limit"})`;

const LIMIT_RULE = 'takes a whole number from 1 to 10';

const noSuchSource = (id: string) => `there is no source with ID "${id}" (npm run source -- list shows them)`;

function validLimit(limit: unknown): limit is number {
  return typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= 10;
}

/**
 * One line of standard input: a plain question, or a JSON object whose `source` and `limit` override the
 * command line's for that line. A line starting with `{` is always read as JSON, so a malformed request
 * is reported rather than searched for as a question.
 */
function parseInputLine(
  line: string,
  defaults: AskOptions,
  knownSource: (id: string) => boolean,
): { question: string; options: AskOptions } | { error: string } {
  // A blank line still gets its answer line: the caller pairs the n-th output with the n-th input.
  if (line.trim() === '') return { error: 'empty line: no question' };
  if (!line.trimStart().startsWith('{')) return { question: line, options: defaults };
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (err) {
    return { error: `not valid JSON (${(err as Error).message})` };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return { error: 'expected a JSON object' };
  const { question, source, limit } = request as Record<string, unknown>;
  if (typeof question !== 'string') return { error: '"question" must be a string' };
  if (source !== undefined && typeof source !== 'string') return { error: '"source" must be a source ID (a string)' };
  if (source !== undefined && !knownSource(source)) return { error: noSuchSource(source) };
  if (limit !== undefined && !validLimit(limit)) return { error: `"limit" ${LIMIT_RULE}` };
  return { question, options: { sourceId: source ?? defaults.sourceId, limit: limit ?? defaults.limit } };
}

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
  if (limit !== undefined && !validLimit(limit)) throw new UsageError(`--limit ${LIMIT_RULE}`);
  const question = positionals.join(' ');
  if (!values.json && question === '') throw new UsageError('ask a question, e.g. npm run ask -- "How far can ATACMS reach?"');

  const corpusDir = corpusDirFrom(values.corpus);
  const engine = await AnswerEngine.fromCorpus(corpusDir, undefined, { snapshotFile: snapshotFileFor(corpusDir), showProgress: true });
  warnIfNotSaved(engine);
  for (const f of engine.failures) process.stderr.write(`warning: skipped ${f.file}: ${f.reason}\n`);
  // An unknown source is the caller's mistake, not a question the corpus cannot answer: it fails the command
  // (exit 1) instead of looking like a decline, which exits 0.
  if (values.source !== undefined && !engine.source(values.source)) throw new Error(noSuchSource(values.source));
  const options: AskOptions = { limit, sourceId: values.source };

  if (!values.json) {
    process.stdout.write(formatForTerminal(engine, engine.ask(question, options)));
    return;
  }
  const toJson = (a: Answer) =>
    `${JSON.stringify({ question: a.question, outcome: a.outcome, answered: a.answered, quotes: a.quotes, ...(a.reason ? { reason: a.reason.message } : {}) })}\n`;
  if (positionals.length > 0) {
    process.stdout.write(toJson(engine.ask(question, options)));
    return;
  }
  let lineNumber = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNumber++;
    const request = parseInputLine(line, options, (id) => engine.source(id) !== undefined);
    // A bad line gets its own one-line answer, in order, so the caller can still pair outputs with inputs.
    if ('error' in request) process.stdout.write(`${JSON.stringify({ line: lineNumber, error: request.error })}\n`);
    else process.stdout.write(toJson(engine.ask(request.question, request.options)));
  }
}, USAGE);

function formatForTerminal(engine: AnswerEngine, answer: Answer): string {
  if (answer.outcome === 'declined') return `${answer.reason?.message ?? MESSAGES.notFound}\n`;
  // The closest passages are labelled first, so that nobody takes them for an answer.
  const label = answer.outcome === 'closest' ? `${MESSAGES.closest}\n\n` : '';
  return (
    label +
    answer.quotes
      .map((q) => {
        const source = engine.source(q.sourceId);
        const date = source?.meta.published ? ` (${source.meta.published})` : '';
        return `“${q.text}”\n    — ${q.sourceId}${source ? `: ${source.title}` : ''}${date}\n`;
      })
      .join('\n')
  );
}

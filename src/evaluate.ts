/**
 * Scores the engine on a question file shaped like `qa/seed-dev.jsonl`: one JSON object per line,
 * `{id, question, answers: string[], sources: SourceId[]}` for answerable questions and
 * `{id, question, answerable: false}` for questions the bot must decline.
 */
import type { AnswerEngine } from './engine.ts';
import type { Answer, SourceId } from './types.ts';

export interface EvalQuestion {
  id: string;
  question: string;
  answers?: string[];
  sources?: SourceId[];
  answerable?: boolean;
}

export interface EvalCase {
  item: EvalQuestion;
  answer: Answer;
  hitAt1: boolean;
  hitAt3: boolean;
  sourceAt1: boolean;
}

export interface EvalReport {
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt3: number;
  sourceAt1: number;
  correctlyDeclined: number;
  /** Answerable questions the engine declined. */
  wronglyDeclined: number;
  quotes: number;
  verbatimQuotes: number;
  cases: EvalCase[];
}

export function parseQuestionFile(text: string, name = 'questions'): EvalQuestion[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch (err) {
        throw new Error(`${name}:${n}: not valid JSON (${(err as Error).message})`);
      }
      const q = item as EvalQuestion;
      if (typeof q?.question !== 'string') throw new Error(`${name}:${n}: "question" must be a string`);
      if (q.answerable !== false && !Array.isArray(q.answers)) throw new Error(`${name}:${n}: needs "answers" or "answerable": false`);
      return q;
    });
}

/** Case, curly quotes and runs of white space do not decide whether a quote holds the answer. */
export function foldForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

export function quoteHolds(quoteText: string, answers: readonly string[]): boolean {
  const folded = foldForMatch(quoteText);
  return answers.some((a) => folded.includes(foldForMatch(a)));
}

export function evaluate(engine: AnswerEngine, items: readonly EvalQuestion[]): EvalReport {
  const report: EvalReport = {
    answerable: 0,
    unanswerable: 0,
    hitAt1: 0,
    hitAt3: 0,
    sourceAt1: 0,
    correctlyDeclined: 0,
    wronglyDeclined: 0,
    quotes: 0,
    verbatimQuotes: 0,
    cases: [],
  };
  for (const item of items) {
    const answer = engine.ask(item.question);
    for (const q of answer.quotes) {
      report.quotes++;
      if (engine.source(q.sourceId)?.text.slice(q.start, q.end) === q.text) report.verbatimQuotes++;
    }
    const c: EvalCase = { item, answer, hitAt1: false, hitAt3: false, sourceAt1: false };
    if (item.answerable === false) {
      report.unanswerable++;
      if (!answer.answered) report.correctlyDeclined++;
    } else {
      report.answerable++;
      const answers = item.answers ?? [];
      c.hitAt1 = answer.quotes.length > 0 && quoteHolds(answer.quotes[0]!.text, answers);
      c.hitAt3 = answer.quotes.slice(0, 3).some((q) => quoteHolds(q.text, answers));
      c.sourceAt1 = answer.quotes.length > 0 && (item.sources ?? []).includes(answer.quotes[0]!.sourceId);
      if (c.hitAt1) report.hitAt1++;
      if (c.hitAt3) report.hitAt3++;
      if (c.sourceAt1) report.sourceAt1++;
      if (!answer.answered) report.wronglyDeclined++;
    }
    report.cases.push(c);
  }
  return report;
}

/**
 * Scores the engine on a question file shaped like `test/fixtures/seed-dev.jsonl`: one JSON object per line,
 * `{id, question, answers: string[], sources: SourceId[]}` for answerable questions and
 * `{id, question, answerable: false}` for questions the sources do not answer, which must not get a confident
 * answer (the closest passages are fine); `"offTopic": true` marks those that must get no quote at all
 * (another topic, a sum, a request for an opinion, an instruction to the bot, pings). An answerable question
 * whose honest answer needs several sources (they differ, or changed over time) adds `needsSources`; any
 * question may say what `kind` it is, and the report counts each kind apart.
 */
import type { AnswerEngine } from './engine.ts';
import type { Answer, Quote, SourceId } from '../types.ts';

/**
 * Sources an answer must quote: each entry is one source, or a list of which at least one must be quoted
 * (`[["2023 article"], ["2024 a", "2024 b"]]` asks for the 2023 article and any one of the 2024 ones).
 */
export type NeededSources = (SourceId | SourceId[])[];

export interface EvalQuestion {
  id: string;
  question: string;
  answers?: string[];
  sources?: SourceId[];
  answerable?: boolean;
  /** With `answerable: false`: no quote at all may be shown. */
  offTopic?: boolean;
  /** What sort of question it is ("chat", "change", "opinion"…), for the per-kind counts. */
  kind?: string;
  needsSources?: NeededSources;
}

export interface EvalCase {
  item: EvalQuestion;
  answer: Answer;
  /** The answer is in the first quote shown, or in one of the first three (answered or closest alike). */
  hitAt1: boolean;
  hitAt3: boolean;
  sourceAt1: boolean;
  /** For a question with `needsSources`: whether the quotes include every needed source. */
  allSourcesShown?: boolean;
  /** Whether the engine's reply is right for the question: see `caseIsRight`. */
  right: boolean;
}

export interface EvalReport {
  answerable: number;
  /** Questions the sources do not answer but that are about them: no confident answer wanted. */
  unanswerable: number;
  /** Questions that must get no quote at all. */
  offTopic: number;
  hitAt1: number;
  hitAt3: number;
  sourceAt1: number;
  /** Answerable questions by outcome, and how many confident answers held the answer among their quotes. */
  answered: number;
  answeredRight: number;
  closest: number;
  /** Answerable questions told "nothing" (declined). */
  wronglyDeclined: number;
  /** Unanswerable (on-topic) questions that got no confident answer. */
  notConfident: number;
  /** Off-topic questions that got no quote. */
  offTopicDeclined: number;
  /** All questions the sources do not answer, on topic or not, that got no confident answer (the old "declined"). */
  correctlyDeclined: number;
  quotes: number;
  verbatimQuotes: number;
  /** Questions with `needsSources`, and how many of them were answered with quotes from every needed source. */
  needsSources: number;
  allSourcesShown: number;
  /** Per `kind`: how many questions, and how many the engine got right (`caseIsRight`). */
  kinds: Record<string, { questions: number; right: number }>;
  cases: EvalCase[];
}

/**
 * Right: an answerable question with its answer among the first three quotes shown (and every needed source);
 * an off-topic one with no quote; an unanswerable one without a confident answer.
 */
function caseIsRight(c: Omit<EvalCase, 'right'>): boolean {
  if (c.item.answerable !== false) return c.hitAt3 && c.allSourcesShown !== false;
  return c.item.offTopic ? c.answer.quotes.length === 0 : c.answer.outcome !== 'answered';
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
      if (q.needsSources !== undefined && !isNeededSources(q.needsSources)) {
        throw new Error(`${name}:${n}: "needsSources" must be a non-empty list of source IDs or of non-empty lists of source IDs`);
      }
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

function isNeededSources(value: unknown): value is NeededSources {
  const isId = (x: unknown) => typeof x === 'string' && x !== '';
  return Array.isArray(value) && value.length > 0 && value.every((v) => isId(v) || (Array.isArray(v) && v.length > 0 && v.every(isId)));
}

/** Whether the quotes come from every needed source (for a list, from at least one of its sources). */
export function showsAllSources(quotes: readonly Pick<Quote, 'sourceId'>[], needed: NeededSources): boolean {
  const shown = new Set(quotes.map((q) => q.sourceId));
  return needed.every((need) => (typeof need === 'string' ? shown.has(need) : need.some((id) => shown.has(id))));
}

/** The report's counts without the cases, and the IDs of the questions it got wrong: for `npm run eval -- --json`. */
export function summarize(report: EvalReport) {
  const { cases, ...counts } = report;
  return {
    ...counts,
    missedAt1: cases.filter((c) => c.item.answerable !== false && !c.hitAt1).map((c) => c.item.id),
    missedAt3: cases.filter((c) => c.item.answerable !== false && !c.hitAt3).map((c) => c.item.id),
    wronglyAnswered: cases.filter((c) => c.item.answerable === false && c.answer.answered).map((c) => c.item.id),
    offTopicQuoted: cases.filter((c) => c.item.offTopic && c.answer.quotes.length > 0).map((c) => c.item.id),
    sourcesMissing: cases.filter((c) => c.allSourcesShown === false).map((c) => c.item.id),
  };
}

export function evaluate(engine: AnswerEngine, items: readonly EvalQuestion[]): EvalReport {
  const report: EvalReport = {
    answerable: 0,
    unanswerable: 0,
    offTopic: 0,
    hitAt1: 0,
    hitAt3: 0,
    sourceAt1: 0,
    answered: 0,
    answeredRight: 0,
    closest: 0,
    wronglyDeclined: 0,
    notConfident: 0,
    offTopicDeclined: 0,
    correctlyDeclined: 0,
    quotes: 0,
    verbatimQuotes: 0,
    needsSources: 0,
    allSourcesShown: 0,
    kinds: {},
    cases: [],
  };
  for (const item of items) {
    const answer = engine.ask(item.question);
    for (const q of answer.quotes) {
      report.quotes++;
      if (engine.source(q.sourceId)?.text.slice(q.start, q.end) === q.text) report.verbatimQuotes++;
    }
    const c: Omit<EvalCase, 'right'> = { item, answer, hitAt1: false, hitAt3: false, sourceAt1: false };
    if (item.answerable === false) {
      if (!answer.answered) report.correctlyDeclined++;
      if (item.offTopic) {
        report.offTopic++;
        if (answer.quotes.length === 0) report.offTopicDeclined++;
      } else {
        report.unanswerable++;
        if (!answer.answered) report.notConfident++;
      }
    } else {
      report.answerable++;
      const answers = item.answers ?? [];
      c.hitAt1 = answer.quotes.length > 0 && quoteHolds(answer.quotes[0]!.text, answers);
      c.hitAt3 = answer.quotes.slice(0, 3).some((q) => quoteHolds(q.text, answers));
      c.sourceAt1 = answer.quotes.length > 0 && (item.sources ?? []).includes(answer.quotes[0]!.sourceId);
      if (c.hitAt1) report.hitAt1++;
      if (c.hitAt3) report.hitAt3++;
      if (c.sourceAt1) report.sourceAt1++;
      if (answer.outcome === 'answered') {
        report.answered++;
        if (c.hitAt3) report.answeredRight++;
      } else if (answer.outcome === 'closest') report.closest++;
      else report.wronglyDeclined++;
      if (item.needsSources) {
        report.needsSources++;
        c.allSourcesShown = showsAllSources(answer.quotes, item.needsSources);
        if (c.allSourcesShown) report.allSourcesShown++;
      }
    }
    const scored: EvalCase = { ...c, right: caseIsRight(c) };
    if (item.kind !== undefined) {
      const kind = report.kinds[item.kind] ?? { questions: 0, right: 0 };
      report.kinds[item.kind] = kind;
      kind.questions++;
      if (scored.right) kind.right++;
    }
    report.cases.push(scored);
  }
  return report;
}

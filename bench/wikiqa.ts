/**
 * npm run eval:wikiqa [-- --split dev|train|both] [--verbose]
 *
 * WikiQA (Yang, Yih and Meek 2015): real search-engine questions, each asked of its own Wikipedia summary,
 * whose sentences are labelled 1 (answers the question) or 0. Read from ../shared/data/wikiqa/ (or
 * WIKIQA_DIR), never committed. Each summary becomes one source of a corpus under .cache/bench/, its
 * sentences joined by spaces into one paragraph, and every question is asked through the product:
 *  - through `ask` (as the CLI asks: its document as `source`, 10 quotes): MAP, MRR and P@1 over the "clean"
 *    questions (a correct and a wrong sentence); a decline, or quotes without a correct sentence, score 0;
 *  - the ranking alone (`rankAll`, every sentence ranked, nothing declined): the same three, ties at their
 *    expected value;
 *  - answer triggering over all questions: answering counts as triggering; it is right when the top quote
 *    is a correct sentence.
 * A quote is judged by the labelled sentence its span overlaps most: wink-nlp's sentences and WikiQA's do
 * not always agree, and how often they differ is reported. Figures go to bench/results/wikiqa.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AnswerEngine } from '../src/engine/engine.ts';
import { PROJECT_ROOT } from '../src/settings.ts';
import { describeOptions, optionsFromFlags } from '../src/cli/options.ts';
import { rankMeasures, type RankMeasures } from './ranking-measures.ts';
import { CACHE_DIR, labelledOf, readSplit, toLabelled, writeCorpus } from './wikiqa-data.ts';

const RESULTS_FILE = path.join(PROJECT_ROOT, 'bench', 'results', 'wikiqa.json');
const ASK_LIMIT = 10;

/** Yang et al. 2015, test split: MAP / MRR (Table 2) and the best answer-triggering F1 (Table 4). */
const PUBLISHED = {
  'word count': { map: 0.489, mrr: 0.492 },
  LCLR: { map: 0.599, mrr: 0.609 },
  'CNN-Cnt': { map: 0.652, mrr: 0.665 },
  answerTriggeringF1: 0.321,
};

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'both' },
    verbose: { type: 'boolean', short: 'v', default: false },
    set: { type: 'string', multiple: true },
  },
});
const engineOptions = optionsFromFlags(values.set);
process.stdout.write(`${describeOptions(engineOptions)}\n`);
const splits = values.split === 'both' ? ['dev', 'train'] : [values.split!];
if (!splits.every((s) => s === 'dev' || s === 'train')) {
  process.stderr.write('usage: npm run eval:wikiqa -- [--split dev|train|both] [--verbose]\n');
  process.exit(2);
}

function mean(xs: readonly RankMeasures[]) {
  const n = Math.max(xs.length, 1);
  const sum = (k: keyof RankMeasures) => xs.reduce((a, x) => a + x[k], 0) / n;
  return { map: sum('ap'), mrr: sum('rr'), p1: sum('p1') };
}

async function evaluateSplit(split: string) {
  const { questions, docs } = readSplit(split);
  const dir = writeCorpus(split, docs);
  const engine = await AnswerEngine.fromCorpus(dir, engineOptions, { snapshotFile: path.join(CACHE_DIR, `wikiqa-${split}.qbix`), showProgress: true });
  for (const f of engine.failures) process.stderr.write(`warning: skipped ${f.file}: ${f.reason}\n`);

  // How wink-nlp's sentences line up with WikiQA's.
  const { sourceSentStart, sentStart, sentEnd } = engine.index.segments;
  const split_ = { engineSentences: 0, identical: 0, partOfOne: 0, spanningSeveral: 0, labelled: 0, labelledNeverMost: 0, cleanWithNoReachableCorrect: 0 };
  /** Per document, the labelled sentences that some engine sentence overlaps most: only these can be judged correct. */
  const reachable = new Map<string, Set<number>>();
  engine.sources.forEach((source, i) => {
    const doc = docs.get(source.id)!;
    const most = new Set<number>();
    reachable.set(source.id, most);
    for (let s = sourceSentStart[i]!; s < sourceSentStart[i + 1]!; s++) {
      const span = { start: sentStart[s]!, end: sentEnd[s]! };
      split_.engineSentences++;
      const overlapped = doc.spans.filter((l) => l.start < span.end && span.start < l.end).length;
      if (overlapped > 1) split_.spanningSeveral++;
      else if (doc.spans.some((l) => l.start === span.start && l.end === span.end)) split_.identical++;
      else split_.partOfOne++;
      for (const l of labelledOf(doc.spans, span)) most.add(l);
    }
    split_.labelled += doc.spans.length;
    split_.labelledNeverMost += doc.spans.length - most.size;
  });

  const ask: RankMeasures[] = [];
  const ranking: RankMeasures[] = [];
  const readingOrder: RankMeasures[] = [];
  let withCorrect = 0;
  let declinedClean = 0;
  let quotes = 0;
  let quotesOverSeveral = 0;
  const trig = { triggered: 0, correct: 0 };
  const misses: string[] = [];
  for (const q of questions) {
    const doc = docs.get(q.doc)!;
    const correct = new Set(q.sentences.flatMap((s, i) => (s.label === 1 ? [i] : [])));
    const clean = correct.size > 0 && correct.size < q.sentences.length;
    if (correct.size > 0) withCorrect++;
    const answer = engine.ask(q.question, { sourceId: q.doc, limit: ASK_LIMIT });
    for (const quote of answer.quotes) {
      quotes++;
      if (doc.spans.filter((l) => l.start < quote.end && quote.start < l.end).length > 1) quotesOverSeveral++;
    }
    // The member sees the quotes in this order: no ties to average over.
    const asked = toLabelled(
      answer.quotes.map((quote, i) => ({ ...quote, score: -i })),
      doc,
      correct,
    );
    if (answer.answered) {
      trig.triggered++;
      if (labelledOf(doc.spans, answer.quotes[0]!).some((i) => correct.has(i))) trig.correct++;
    }
    if (!clean) continue;
    if (answer.outcome === 'declined') declinedClean++;
    if (![...correct].some((i) => reachable.get(q.doc)?.has(i))) split_.cleanWithNoReachableCorrect++;
    const viaAsk = rankMeasures(asked, correct.size);
    ask.push(viaAsk);
    const all = engine.rankAll(q.question, { sourceId: q.doc });
    const ranked = toLabelled(all, doc, correct);
    const alone = rankMeasures(ranked, correct.size);
    ranking.push(alone);
    readingOrder.push(
      rankMeasures(
        ranked.map((r, i) => ({ ...r, score: -i })),
        correct.size,
      ),
    );
    if (values.verbose && viaAsk.p1 < 1) {
      const top = answer.quotes[0];
      misses.push(
        `MISS ${q.id} (${q.doc}: ${doc.title}) ${q.question}\n` +
          `       ${answer.answered ? `top quote: ${top!.text}` : `declined: ${answer.reason?.message}`}\n` +
          [...correct].map((i) => `       correct: ${doc.sentences[i]}`).join('\n') +
          `\n       ranking alone: reciprocal rank ${alone.rr.toFixed(2)}`,
      );
    }
  }
  const precision = trig.triggered === 0 ? 0 : trig.correct / trig.triggered;
  const recall = withCorrect === 0 ? 0 : trig.correct / withCorrect;
  return {
    report: {
      questions: questions.length,
      withCorrect,
      clean: ask.length,
      documents: docs.size,
      declinedClean,
      ask: mean(ask),
      ranking: mean(ranking),
      rankingTiesInReadingOrder: mean(readingOrder),
      triggering: { ...trig, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) },
      sentenceSplit: { ...split_, quotes, quotesOverSeveral },
    },
    origin: engine.origin,
    misses,
  };
}

const f3 = (x: number) => x.toFixed(3);
const previous = existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { splits?: Record<string, unknown> }) : {};
const results = { published: PUBLISHED, splits: { ...previous.splits } as Record<string, unknown> };
for (const split of splits) {
  const { report: r, origin, misses } = await evaluateSplit(split);
  results.splits[split] = r;
  const how = origin.kind === 'loaded' ? `index loaded in ${origin.ms.toFixed(0)} ms` : `index built in ${(origin.ms / 1000).toFixed(1)} s (${origin.why})`;
  const row = (name: string, m: { map: number; mrr: number; p1?: number }, note = '') =>
    `  ${name.padEnd(28)}${f3(m.map).padStart(7)}${f3(m.mrr).padStart(7)}${(m.p1 === undefined ? '' : f3(m.p1)).padStart(7)}${note}`;
  const t = r.triggering;
  const s = r.sentenceSplit;
  const out = [
    ...misses,
    `\nWikiQA ${split}: ${r.questions} questions (${r.withCorrect} with a correct sentence, ${r.clean} clean) over ${r.documents} documents; ${how}`,
    `  ${''.padEnd(28)}${'MAP'.padStart(7)}${'MRR'.padStart(7)}${'P@1'.padStart(7)}`,
    row(`through ask (limit ${ASK_LIMIT})`, r.ask, `   declined ${r.declinedClean} of ${r.clean} clean`),
    row('ranking alone', r.ranking, `   (ties in reading order: MRR ${f3(r.rankingTiesInReadingOrder.mrr)})`),
    ...Object.entries(PUBLISHED)
      .filter((e): e is [string, { map: number; mrr: number }] => typeof e[1] === 'object')
      .map(([name, m]) => row(`published ${name} (test)`, m)),
    `  answer triggering over all ${r.questions}: triggered ${t.triggered}, right ${t.correct}; precision ${f3(t.precision)}, recall ${f3(t.recall)}, F1 ${f3(t.f1)} (published best F1 ${PUBLISHED.answerTriggeringF1}, test)`,
    `  sentence split: of ${s.engineSentences} wink sentences ${s.identical} are a WikiQA sentence, ${s.partOfOne} part of one, ${s.spanningSeveral} span several; ` +
      `${s.labelledNeverMost} of ${s.labelled} WikiQA sentences are never a quote's main sentence (${s.cleanWithNoReachableCorrect} clean questions lose every correct one); ${s.quotesOverSeveral} of ${s.quotes} quotes span several`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nFigures written to ${path.relative(process.cwd(), RESULTS_FILE)}\n`);

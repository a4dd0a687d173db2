/**
 * npm run calibrate — fits when to answer and when to decline: a logistic model of "the best sentence answers
 * the question" over its evidence (`src/engine/ranking/evidence.ts`), on two kinds of questions the product is not judged on
 * here:
 *  - SQuAD halves: the 48 dev articles split in two; each question is asked of the half that holds its article
 *    (it should be answered) and of the other half (nothing there covers it: it should be declined);
 *  - WikiQA train, answer triggering: each question asked of its own document; answering is right only when
 *    the top quote is a correct sentence (most questions have none).
 * Each data set weighs the same in the fit. It prints the fitted model and a table of thresholds against what
 * they cost on each data set, also on WikiQA dev and the seed question files (not fitted on): choose the
 * threshold there and put both into DEFAULT_COMPOSE.
 *
 *   npm run calibrate -- [--set name=value …]   (ranking parameters to calibrate under)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Candidate } from '../src/engine/ranking/compose.ts';
import { AnswerEngine } from '../src/engine/engine.ts';
import { parseQuestionFile, quoteHolds } from '../src/engine/evaluate.ts';
import { DECLINE_FIGURES, type DeclineModel } from '../src/engine/ranking/evidence.ts';
import { SearchIndex } from '../src/engine/index/search-index.ts';
import { PROJECT_ROOT, vectorsDirFrom } from '../src/settings.ts';
import { openWordVectors } from '../src/engine/meaning/compile-vectors.ts';
import { optionsFromFlags } from '../src/cli/options.ts';
import { loadSquad } from './squad.ts';
import { CACHE_DIR, labelledOf, readSplit, writeCorpus } from './wikiqa-data.ts';

const { values } = parseArgs({ options: { set: { type: 'string', multiple: true } } });
const options = optionsFromFlags(values.set);
const dir = vectorsDirFrom();
const vectors = dir === 'off' ? undefined : openWordVectors(dir);
/** Candidates looked at per question, as `ask` does for three quotes. */
const K = 24;

/** The best candidate's evidence figures (none when nothing matched at all) and whether answering is right. */
interface Example {
  figures: number[] | null;
  /** Answering is right (an answerable question, or a correct top sentence). */
  answer: boolean;
  /** For the seed files: the question's answers, to tell whether an answered question was answered right. */
  hit?: boolean;
}

const figuresOf = (c: Candidate | undefined) => (c && (c.sentenceCoverage > 0 || c.softCoverage > c.coverage) ? DECLINE_FIGURES.map((f) => c[f]) : null);

function squadHalves(): Example[] {
  const squad = loadSquad();
  const out: Example[] = [];
  for (const half of [0, 1]) {
    const inHalf = (a: number) => a % 2 === half;
    const engine = new AnswerEngine(
      SearchIndex.build(
        squad.sources.filter((_, a) => inHalf(a)),
        options.ranking,
      ),
      { options, vectors },
    );
    for (const q of squad.questions) out.push({ figures: figuresOf(engine.candidates(q.question, K)[0]), answer: inHalf(q.article) });
  }
  return out;
}

async function wikiqa(split: 'train' | 'dev'): Promise<Example[]> {
  const { questions, docs } = readSplit(split);
  const corpusDir = writeCorpus(split, docs);
  const engine = await AnswerEngine.fromCorpus(corpusDir, options, { snapshotFile: path.join(CACHE_DIR, `wikiqa-${split}.qbix`), vectors });
  return questions.map((q) => {
    const top = engine.candidates(q.question, K, { sourceId: q.doc })[0];
    const correct = new Set(q.sentences.flatMap((s, i) => (s.label === 1 ? [i] : [])));
    const right = top !== undefined && labelledOf(docs.get(q.doc)!.spans, top).some((i) => correct.has(i));
    return { figures: figuresOf(top), answer: right, hit: correct.size > 0 };
  });
}

async function seed(file: string): Promise<Example[]> {
  const engine = await AnswerEngine.fromCorpus(path.join(PROJECT_ROOT, 'corpus'), options, { vectors });
  return parseQuestionFile(readFileSync(file, 'utf8')).map((item) => {
    const candidates = engine.candidates(item.question, K);
    const top3 = candidates.slice(0, 3).map((c) => engine.source(engine.sources[c.sourceIndex]!.id)!.text.slice(c.start, c.end));
    return { figures: figuresOf(candidates[0]), answer: item.answerable !== false, hit: top3.some((t) => quoteHolds(t, item.answers ?? [])) };
  });
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const score = (w: number[], x: number[]) => sigmoid(w.reduce((z, wi, i) => z + wi * (i === 0 ? 1 : x[i - 1]!), 0));

/** Logistic regression by gradient descent, each data set weighing the same, with a little L2. */
function fitModel(sets: Example[][]): number[] {
  const n = DECLINE_FIGURES.length + 1;
  let w = new Array<number>(n).fill(0);
  const rate = 0.5;
  for (let epoch = 0; epoch < 3000; epoch++) {
    const grad = new Array<number>(n).fill(0);
    for (const set of sets) {
      const usable = set.filter((e) => e.figures !== null);
      for (const e of usable) {
        const err = score(w, e.figures!) - (e.answer ? 1 : 0);
        grad[0]! += err / usable.length;
        e.figures!.forEach((x, i) => {
          grad[i + 1]! += (err * x) / usable.length;
        });
      }
    }
    w = w.map((wi, i) => wi - rate * (grad[i]! / sets.length + (i === 0 ? 0 : 1e-3 * wi)));
  }
  return w;
}

const answered = (w: number[], t: number, e: Example) => e.figures !== null && score(w, e.figures) >= t;
const pct = (n: number, d: number) => (d === 0 ? '  –  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

function squadRow(w: number[], t: number, set: Example[]) {
  const on = set.filter((e) => e.answer);
  const off = set.filter((e) => !e.answer);
  return `off declined ${pct(off.filter((e) => !answered(w, t, e)).length, off.length)}  answerable declined ${pct(on.filter((e) => !answered(w, t, e)).length, on.length)}`;
}

function triggeringRow(w: number[], t: number, set: Example[]) {
  const triggered = set.filter((e) => answered(w, t, e));
  const right = triggered.filter((e) => e.answer).length;
  const withAnswer = set.filter((e) => e.hit).length;
  const p = triggered.length ? right / triggered.length : 0;
  const r = withAnswer ? right / withAnswer : 0;
  return `P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${(p + r ? (2 * p * r) / (p + r) : 0).toFixed(3)}`;
}

function seedRow(w: number[], t: number, set: Example[]) {
  const answerable = set.filter((e) => e.answer);
  const other = set.filter((e) => !e.answer);
  return `hit@3 ${answerable.filter((e) => answered(w, t, e) && e.hit).length}/${answerable.length} declined ${other.filter((e) => !answered(w, t, e)).length}/${other.length}`;
}

const started = performance.now();
const squad = squadHalves();
const train = await wikiqa('train');
const dev = await wikiqa('dev');
const seedDev = await seed(path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed-dev.jsonl'));
const para = await seed(path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed-paraphrase.jsonl'));
console.log(`${squad.length} SQuAD-halves and ${train.length} WikiQA train questions (${((performance.now() - started) / 1000).toFixed(0)} s)`);

/** Area under the ROC curve of `value` for telling answer from decline (ties count half); examples without figures score lowest. */
function auc(set: Example[], value: (e: Example) => number): number {
  const pos = set.filter((e) => e.answer).map(value);
  const neg = set.filter((e) => !e.answer).map(value);
  let sum = 0;
  for (const p of pos) for (const n of neg) sum += p > n ? 1 : p === n ? 0.5 : 0;
  return pos.length && neg.length ? sum / (pos.length * neg.length) : NaN;
}
const figure = (i: number) => (e: Example) => (e.figures === null ? -Infinity : e.figures[i]!);
const sampled = (set: Example[]) => set.filter((_, i) => i % Math.ceil(set.length / 4000) === 0);
console.log('\nAUC of each figure alone (answer vs decline):');
for (const [name, set] of [
  ['SQuAD halves', sampled(squad)],
  ['WikiQA train', train],
  ['WikiQA dev', dev],
  ['paraphrase', para],
] as const) {
  console.log(`  ${name.padEnd(13)} ${DECLINE_FIGURES.map((f, i) => `${f} ${auc(set, figure(i)).toFixed(3)}`).join('  ')}`);
}

const current = [options.compose.declineModel.bias, ...DECLINE_FIGURES.map((f) => options.compose.declineModel[f])];
const fitted = fitModel([squad, train]);
for (const [name, w] of [
  ['current', current],
  ['fitted', fitted],
] as const) {
  console.log(`\n${name}: bias ${w[0]!.toFixed(3)}, ${DECLINE_FIGURES.map((f, i) => `${f} ${w[i + 1]!.toFixed(3)}`).join(', ')}`);
  const model = (e: Example) => (e.figures === null ? -Infinity : score(w, e.figures));
  console.log(
    `  AUC: SQuAD halves ${auc(sampled(squad), model).toFixed(3)}, WikiQA train ${auc(train, model).toFixed(3)}, dev ${auc(dev, model).toFixed(3)}, paraphrase ${auc(para, model).toFixed(3)}`,
  );
  // Thresholds where the model declines 1%, 2%, … of the answerable SQuAD questions.
  const onScores = squad
    .filter((e) => e.answer && e.figures !== null)
    .map((e) => score(w, e.figures!))
    .sort((a, b) => a - b);
  for (const share of [0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.07, 0.1]) {
    const t = onScores[Math.floor(share * onScores.length)]!;
    console.log(
      `  ≥ ${t.toFixed(3)}  SQuAD ${squadRow(w, t, squad)} | WikiQA train ${triggeringRow(w, t, train)} dev ${triggeringRow(w, t, dev)} | seed dev ${seedRow(w, t, seedDev)} paraphrase ${seedRow(w, t, para)}`,
    );
  }
}
const model: DeclineModel = { bias: fitted[0]!, ...Object.fromEntries(DECLINE_FIGURES.map((f, i) => [f, Number(fitted[i + 1]!.toFixed(3))])) } as DeclineModel;
console.log(`\ndeclineModel: ${JSON.stringify({ ...model, bias: Number(model.bias.toFixed(3)) })}`);

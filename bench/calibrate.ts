/**
 * npm run calibrate — fits the two decisions the composer makes from a question's best sentence
 * (`src/engine/ranking/evidence.ts`), on questions the product is not judged on here, each asked as written
 * and rewritten into chat style by rules (`chat-style.ts`: lower case, no question mark, "u", "abt", "b4",
 * typos, fillers, emoji), so that members' way of writing is not read as evidence against the sources:
 *  - answerModel, "the best sentence answers": SQuAD halves (the 48 dev articles split in two; a question
 *    asked of its own half should be answered, of the other half not), SQuAD paragraph halves (every article
 *    split into its even and its odd paragraphs: a question asked of the half without its paragraph is on the
 *    subject but not answered there, as members' questions the articles do not answer are), and WikiQA train
 *    answer triggering (answering is right only when the top sentence is a correct one);
 *  - topicModel, "the question is about what the sources cover": SQuAD halves again (the other half's
 *    questions are about other articles), every WikiQA train question (asked of its own document), and
 *    SQuAD and WikiQA train questions asked of the shipped corpus (five articles on another subject: a small
 *    corpus holds many common words, so only what a question says specifically tells it is elsewhere).
 * Each data set weighs the same. It prints the fitted models, then tables of thresholds against what they
 * cost on every data set, WikiQA dev and the seed question files included (never fitted on): choose the
 * thresholds there and put them with the models into DEFAULT_COMPOSE.
 *
 *   npm run calibrate -- [--set name=value …] [--squad-every N]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AnswerEngine } from '../src/engine/engine.ts';
import { type EvalQuestion, parseQuestionFile, quoteHolds } from '../src/engine/evaluate.ts';
import { SearchIndex } from '../src/engine/index/search-index.ts';
import { screenQuestion } from '../src/engine/language/screen.ts';
import type { Candidate } from '../src/engine/ranking/compose.ts';
import { answerTrees, FIGURES, type FigureModel, type FigureName, type Figures, modelScore } from '../src/engine/ranking/evidence.ts';
import { TreeEnsemble, type TreeJson, type TreeModel } from '../src/engine/ranking/trees.ts';
import { binEdges, binRows, growTree, type Matrix, treeValue } from './boost.ts';
import { optionsFromFlags } from '../src/cli/options.ts';
import { PROJECT_ROOT, vectorsDirFrom } from '../src/settings.ts';
import { openWordVectors } from '../src/engine/meaning/compile-vectors.ts';
import { chatStyle } from './chat-style.ts';
import { loadSquad } from './squad.ts';
import { CACHE_DIR, labelledOf, readSplit, writeCorpus } from './wikiqa-data.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', multiple: true },
    'squad-every': { type: 'string', default: '1' },
    /** Fit trees on top of the answer model, and write them to src/engine/ranking/decision-model.json. */
    write: { type: 'boolean', default: false },
    trees: { type: 'string', default: '120' },
  },
});
const options = optionsFromFlags(values.set);
const dir = vectorsDirFrom();
const vectors = dir === 'off' ? undefined : openWordVectors(dir);
/** Candidates looked at per question, as `ask` does for three quotes. */
const K = 24;
const squadEvery = Math.max(1, Number(values['squad-every']));

/** One question's best sentence (none when nothing matched) and what each decision should say. */
interface Example {
  figures: Figures | null;
  /** The figures of the candidate that says most of the question (`softCoverage`), which the topic decision reads. */
  topicFigures?: Figures | null;
  /** Whether the best candidate can be an answer at all (`Evidence.possible`). */
  possible?: boolean;
  /** Answering is right (an answerable SQuAD question, a correct top WikiQA sentence). */
  answer: boolean;
  /** The question is about what the corpus covers. */
  topical: boolean;
  /** For the seed files: the answer is among the first three candidates. */
  hit?: boolean;
  /** For the seed files: the question must get no quote (off-topic), or is screened out before any search. */
  offTopic?: boolean;
  screened?: boolean;
}

const STYLES = ['plain', 'chat'] as const;
type Style = (typeof STYLES)[number];
const styled = (question: string, style: Style) => (style === 'chat' ? chatStyle(question) : question);
const usable = (c: Candidate | undefined) => (c && (c.sentenceCoverage > 0 || c.softCoverage > c.coverage) ? c : undefined);
const figuresOf = (c: Candidate | undefined): Figures | null => {
  const best = usable(c);
  return best ? (Object.fromEntries(FIGURES.map((f) => [f, best[f]])) as unknown as Figures) : null;
};
/**
 * The figures of the best candidate that says something of the question, and those of the one that says most
 * of it (as the composer reads them).
 */
const examine = (candidates: readonly Candidate[]) => {
  const best = candidates.find((c) => usable(c) !== undefined);
  return {
    figures: figuresOf(best),
    possible: best?.possible === true,
    topicFigures: figuresOf(best && candidates.reduce((a, b) => (b.softCoverage > a.softCoverage ? b : a))),
  };
};

function squadHalves(style: Style): Example[] {
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
    squad.questions.forEach((q, i) => {
      if (i % squadEvery !== 0) return;
      const own = inHalf(q.article);
      out.push({ ...examine(engine.candidates(styled(q.question, style), K)), answer: own, topical: own });
    });
  }
  return out;
}

/**
 * Each article split into its even and its odd paragraphs: a question is answerable in the half that holds
 * its paragraph, and on the subject but unanswered in the other.
 */
function squadParagraphHalves(style: Style): Example[] {
  const squad = loadSquad();
  const paragraphOf = (q: (typeof squad.questions)[number]) =>
    squad.paragraphs.findIndex((p) => p.source === q.article && p.offset <= q.answers[0]!.start && q.answers[0]!.start < p.offset + p.length);
  const ordinal = new Map<number, number>();
  const seen = new Map<number, number>();
  squad.paragraphs.forEach((p, i) => {
    const n = seen.get(p.source) ?? 0;
    ordinal.set(i, n);
    seen.set(p.source, n + 1);
  });
  const out: Example[] = [];
  for (const parity of [0, 1]) {
    const sources = squad.sources.map((source, a) => {
      const text = squad.paragraphs
        .flatMap((p, i) => (p.source === a && ordinal.get(i)! % 2 === parity ? [source.text.slice(p.offset, p.offset + p.length)] : []))
        .join('\n');
      return { ...source, id: `${source.id}#${parity}`, file: `${source.id}#${parity}.txt`, text, bytes: Buffer.byteLength(text) };
    });
    const engine = new AnswerEngine(SearchIndex.build(sources, options.ranking), { options, vectors });
    squad.questions.forEach((q, i) => {
      if (i % squadEvery !== 0) return;
      const own = ordinal.get(paragraphOf(q))! % 2 === parity;
      out.push({ ...examine(engine.candidates(styled(q.question, style), K)), answer: own, topical: true });
    });
  }
  return out;
}

async function wikiqa(split: 'train' | 'dev', style: Style): Promise<Example[]> {
  const { questions, docs } = readSplit(split);
  const corpusDir = writeCorpus(split, docs);
  const engine = await AnswerEngine.fromCorpus(corpusDir, options, { snapshotFile: path.join(CACHE_DIR, `wikiqa-${split}.qbix`), vectors });
  return questions.map((q) => {
    const candidates = engine.candidates(styled(q.question, style), K, { sourceId: q.doc });
    const top = candidates[0];
    const correct = new Set(q.sentences.flatMap((s, i) => (s.label === 1 ? [i] : [])));
    const right = top !== undefined && labelledOf(docs.get(q.doc)!.spans, top).some((i) => correct.has(i));
    return { ...examine(candidates), answer: right, topical: true, hit: correct.size > 0 };
  });
}

/** Questions about other subjects asked of the shipped corpus: not topical. */
async function elsewhere(questions: readonly string[], style: Style): Promise<Example[]> {
  const engine = await AnswerEngine.fromCorpus(path.join(PROJECT_ROOT, 'corpus'), options, { vectors });
  return questions.map((q) => ({ ...examine(engine.candidates(styled(q, style), K)), answer: false, topical: false }));
}

async function seed(file: string): Promise<Example[]> {
  const engine = await AnswerEngine.fromCorpus(path.join(PROJECT_ROOT, 'corpus'), options, { vectors });
  return parseQuestionFile(readFileSync(file, 'utf8')).map((item: EvalQuestion) => {
    const candidates = engine.candidates(item.question, K);
    const top3 = candidates.slice(0, 3).map((c) => engine.sources[c.sourceIndex]!.text.slice(c.start, c.end));
    const answerable = item.answerable !== false;
    const hit = answerable && top3.some((t) => quoteHolds(t, item.answers ?? []));
    return {
      ...examine(candidates),
      answer: hit,
      topical: !item.offTopic,
      hit: answerable ? hit : undefined,
      offTopic: item.offTopic === true,
      screened: screenQuestion(item.question) !== null,
    };
  });
}

const vector = (f: Figures) => FIGURES.map((name) => f[name]);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Logistic regression by gradient descent on `label`, each data set weighing the same, with a little L2, over
 * the figures `using` (the others weigh 0).
 */
function fitModel(
  sets: Example[][],
  label: (e: Example) => boolean,
  read: (e: Example) => Figures | null | undefined,
  using: readonly FigureName[] = FIGURES,
): FigureModel {
  const n = FIGURES.length + 1;
  const off = FIGURES.map((f) => !using.includes(f));
  let w = new Array<number>(n).fill(0);
  const data = sets.map((set) => set.filter((e) => read(e)).map((e) => ({ x: vector(read(e)!), y: label(e) ? 1 : 0 })));
  for (let epoch = 0; epoch < 2500; epoch++) {
    const grad = new Array<number>(n).fill(0);
    for (const set of data) {
      for (const { x, y } of set) {
        const err = sigmoid(x.reduce((z, xi, i) => z + w[i + 1]! * xi, w[0]!)) - y;
        grad[0]! += err / set.length;
        for (let i = 0; i < x.length; i++) grad[i + 1]! += (err * x[i]!) / set.length;
      }
    }
    w = w.map((wi, i) => (i > 0 && off[i - 1] ? 0 : wi - 0.5 * (grad[i]! / data.length + (i === 0 ? 0 : 1e-3 * wi))));
  }
  return { bias: round(w[0]!), ...Object.fromEntries(FIGURES.map((f, i) => [f, round(w[i + 1]!)])) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const pct = (n: number, d: number) => (d === 0 ? '   –  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const answerFigures = (e: Example) => e.figures;
const topicFigures = (e: Example) => e.topicFigures;
const scoreOf =
  (model: FigureModel, read: (e: Example) => Figures | null | undefined = answerFigures, trees: TreeEnsemble | null = null) =>
  (e: Example) => {
    const figures = read(e);
    return figures ? modelScore(model, figures, trees) : -Infinity;
  };

/**
 * Gradient-boosted trees (logistic loss) on top of `prior`'s log-odds, each data set weighing the same: what
 * the linear model cannot see of how the figures combine. Fitted on the even-numbered examples of each set;
 * the number of trees is chosen by log-loss on the odd ones.
 */
function fitAnswerTrees(sets: Example[][], label: (e: Example) => boolean, prior: FigureModel, total: number): TreeJson[] {
  const usable = sets.map((set) => set.filter((e) => e.figures !== null));
  const split = (keep: 0 | 1) => usable.map((set) => set.filter((_, i) => i % 2 === keep));
  const [fit, held] = [split(0), split(1)];
  const matrix = (parts: Example[][]): { m: Matrix; y: Uint8Array; w: Float64Array; f: Float64Array } => {
    const rows = parts.flat();
    const x = new Float32Array(rows.length * FIGURES.length);
    const y = new Uint8Array(rows.length);
    const w = new Float64Array(rows.length);
    const f = new Float64Array(rows.length);
    let r = 0;
    for (const part of parts) {
      for (const e of part) {
        FIGURES.forEach((name, k) => {
          x[r * FIGURES.length + k] = e.figures![name];
        });
        y[r] = label(e) ? 1 : 0;
        w[r] = rows.length / parts.length / part.length;
        const p = modelScore(prior, e.figures!);
        f[r] = Math.log(p / (1 - p));
        r++;
      }
    }
    return { m: { x, dims: FIGURES.length }, y, w, f };
  };
  const train = matrix(fit);
  const test = matrix(held);
  const binned = binRows(train.m, binEdges(train.m, 64));
  const g = new Float64Array(binned.n);
  const h = new Float64Array(binned.n);
  const logLoss = ({ y, w, f }: typeof test) => {
    let sum = 0;
    let weight = 0;
    for (let r = 0; r < y.length; r++) {
      const p = 1 / (1 + Math.exp(-f[r]!));
      sum -= w[r]! * Math.log(Math.max(1e-12, y[r] ? p : 1 - p));
      weight += w[r]!;
    }
    return sum / weight;
  };
  const trees: TreeJson[] = [];
  let best = { at: 0, loss: logLoss(test) };
  console.log(`answer trees: held-out log-loss ${best.loss.toFixed(4)} with the linear model alone`);
  for (let t = 0; t < total; t++) {
    for (let r = 0; r < binned.n; r++) {
      const p = 1 / (1 + Math.exp(-train.f[r]!));
      g[r] = train.w[r]! * (train.y[r]! - p);
      h[r] = train.w[r]! * p * (1 - p);
    }
    const tree = growTree(binned, g, h, { depth: 3, minLeaf: 200, rate: 0.1 });
    trees.push(tree);
    for (let r = 0; r < binned.n; r++) train.f[r]! += treeValue(tree, train.m.x, r * FIGURES.length);
    for (let r = 0; r < test.y.length; r++) test.f[r]! += treeValue(tree, test.m.x, r * FIGURES.length);
    const loss = logLoss(test);
    if (loss < best.loss) best = { at: t + 1, loss };
  }
  console.log(`answer trees: kept the first ${best.at} of ${total} (held-out log-loss ${best.loss.toFixed(4)})`);
  return trees.slice(0, best.at);
}

/** Area under the ROC curve of `value` for telling `label` apart (ties count half). */
function auc(set: readonly Example[], value: (e: Example) => number, label: (e: Example) => boolean): number {
  const sample = set.filter((_, i) => i % Math.ceil(set.length / 3000) === 0);
  const pos = sample.filter(label).map(value);
  const neg = sample.filter((e) => !label(e)).map(value);
  let sum = 0;
  for (const p of pos) for (const q of neg) sum += p > q ? 1 : p === q ? 0.5 : 0;
  return pos.length && neg.length ? sum / (pos.length * neg.length) : NaN;
}

/** The score below which `share` of `set`'s examples that pass `keep` fall. */
function quantile(set: Example[], value: (e: Example) => number, keep: (e: Example) => boolean, share: number): number {
  const scores = set
    .filter(keep)
    .map(value)
    .sort((a, b) => a - b);
  return scores[Math.min(scores.length - 1, Math.floor(share * scores.length))]!;
}

const started = performance.now();
const byStyle = () => ({ plain: [], chat: [] }) as Record<Style, Example[]>;
const data = { squad: byStyle(), paragraphs: byStyle(), train: byStyle(), dev: byStyle(), elsewhere: byStyle() };
const otherSubjects = [
  ...loadSquad()
    .questions.filter((_, i) => i % 2 === 0)
    .map((q) => q.question),
  ...readSplit('train').questions.map((q) => q.question),
];
for (const style of STYLES) {
  data.squad[style] = squadHalves(style);
  data.paragraphs[style] = squadParagraphHalves(style);
  data.train[style] = await wikiqa('train', style);
  data.dev[style] = await wikiqa('dev', style);
  data.elsewhere[style] = await elsewhere(otherSubjects, style);
}
const seeds = {
  dev: await seed(path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed-dev.jsonl')),
  paraphrase: await seed(path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed-paraphrase.jsonl')),
  members: await seed(path.join(PROJECT_ROOT, 'test', 'fixtures', 'seed-members.jsonl')),
};
console.log(
  `${data.squad.plain.length} SQuAD-halves and ${data.train.plain.length} WikiQA train questions, each as written and in chat style (${((performance.now() - started) / 1000).toFixed(0)} s)`,
);

/**
 * What tells a question about the sources' subject from one about another: how much of what it says the
 * corpus lacks, and how much of it the best passage says in some words. Coverage as written (which a member's
 * own words lower, though they ask about the subject) is left out; what the question says of the words the
 * corpus is about (`topicWords`) is in.
 */
const TOPIC_FIGURES: readonly FigureName[] = ['foreign', 'softCoverage', 'mass', 'topicWords'];
const fitSets = [data.squad.plain, data.squad.chat, data.paragraphs.plain, data.paragraphs.chat, data.train.plain, data.train.chat];
const answerModel = fitModel(fitSets, (e) => e.answer, answerFigures);
const topicModel = fitModel(
  // Questions on other subjects asked of the small shipped corpus weigh as much as the rest together: a small
  // corpus holds many common words, which is where telling subjects apart is hardest.
  [
    data.squad.plain,
    data.squad.chat,
    [...data.train.plain, ...data.train.chat],
    [...data.elsewhere.plain, ...data.elsewhere.chat, ...data.elsewhere.plain, ...data.elsewhere.chat],
  ],
  (e) => e.topical,
  topicFigures,
  TOPIC_FIGURES,
);
const fittedTrees = values.write ? fitAnswerTrees(fitSets, (e) => e.answer, answerModel, Number(values.trees)) : [];
const treeModel: TreeModel = { features: [...FIGURES], trees: fittedTrees };
const newTrees = fittedTrees.length > 0 ? TreeEnsemble.from(treeModel, FIGURES) : null;
if (values.write) {
  const file = path.join(PROJECT_ROOT, 'src', 'engine', 'ranking', 'decision-model.json');
  writeFileSync(file, `${JSON.stringify(treeModel)}\n`);
  console.log(`answer trees written to ${path.relative(process.cwd(), file)}`);
}
const current = { answerModel: options.compose.answerModel, topicModel: options.compose.topicModel, trees: answerTrees() };

console.log('\nAUC, answer vs not (current → fitted answerModel), and topical vs not (current → fitted topicModel):');
for (const [name, set] of [
  ['SQuAD halves', data.squad.plain],
  ['  chat style', data.squad.chat],
  ['SQuAD paragraphs', data.paragraphs.plain],
  ['  chat style', data.paragraphs.chat],
  ['WikiQA train', data.train.plain],
  ['  chat style', data.train.chat],
  ['WikiQA dev', data.dev.plain],
  ['  chat style', data.dev.chat],
  ['other subjects', [...data.elsewhere.plain, ...data.train.plain]],
  ['seed members', seeds.members],
  ['seed paraphrase', seeds.paraphrase],
] as const) {
  const a = (m: FigureModel, trees: TreeEnsemble | null) => auc(set, scoreOf(m, answerFigures, trees), (e) => e.answer).toFixed(3);
  const t = (m: FigureModel) => auc(set, scoreOf(m, topicFigures), (e) => e.topical).toFixed(3);
  console.log(
    `  ${name.padEnd(16)} answer ${a(current.answerModel, current.trees)} → ${a(answerModel, null)} → with trees ${a(answerModel, newTrees)}   topical ${t(current.topicModel)} → ${t(topicModel)}`,
  );
}

/** How a seed file fares under thresholds: answerable answered (and right), unanswerable answered, off-topic given quotes. */
function seedRow(set: Example[], confidence: (e: Example) => number, topical: (e: Example) => number, minConfidence: number, minTopical: number): string {
  const shown = (e: Example) => !e.screened && e.figures !== null && topical(e) >= minTopical;
  const answered = (e: Example) => shown(e) && e.possible === true && confidence(e) >= minConfidence;
  const answerable = set.filter((e) => e.hit !== undefined);
  const confident = answerable.filter(answered);
  const onTopicUnanswerable = set.filter((e) => e.hit === undefined && !e.offTopic);
  const offTopic = set.filter((e) => e.offTopic);
  return (
    `answered ${confident.length}/${answerable.length} right ${pct(confident.filter((e) => e.hit).length, confident.length)}, ` +
    `told nothing ${answerable.filter((e) => !shown(e)).length}/${answerable.length}, ` +
    `unanswerable answered ${onTopicUnanswerable.filter(answered).length}/${onTopicUnanswerable.length}` +
    (offTopic.length ? `, off-topic quoted ${offTopic.filter(shown).length}/${offTopic.length}` : '')
  );
}

function triggering(set: Example[], answered: (e: Example) => boolean): string {
  const triggered = set.filter(answered);
  const right = triggered.filter((e) => e.answer).length;
  const withAnswer = set.filter((e) => e.hit).length;
  const p = triggered.length ? right / triggered.length : 0;
  const r = withAnswer ? right / withAnswer : 0;
  return `F1 ${(p + r ? (2 * p * r) / (p + r) : 0).toFixed(3)}`;
}

for (const [name, models] of [
  ['current', current],
  ['fitted', { answerModel, topicModel, trees: newTrees }],
] as const) {
  const confidence = scoreOf(models.answerModel, answerFigures, models.trees);
  const topical = scoreOf(models.topicModel, topicFigures);
  console.log(`\n${name}: answerModel ${JSON.stringify(models.answerModel)}\n  topicModel ${JSON.stringify(models.topicModel)}`);
  console.log('  minTopical (off-topic declines): SQuAD answerable declined / other half declined | WikiQA dev declined | seed files');
  for (const share of [0.002, 0.005, 0.01, 0.02, 0.03]) {
    const t = quantile(data.squad.plain, topical, (e) => e.topical && e.figures !== null, share);
    const declined = (set: Example[], keep: (e: Example) => boolean) => {
      const kept = set.filter(keep);
      return pct(kept.filter((e) => e.figures === null || topical(e) < t).length, kept.length);
    };
    console.log(
      `  ≥ ${t.toFixed(3)}  SQuAD ${declined(data.squad.plain, (e) => e.topical)} / ${declined(data.squad.plain, (e) => !e.topical)}, chat ${declined(data.squad.chat, (e) => e.topical)} / ${declined(data.squad.chat, (e) => !e.topical)} | WikiQA dev ${declined(data.dev.plain, () => true)} chat ${declined(data.dev.chat, () => true)} | other subjects asked of the corpus ${declined(data.elsewhere.plain, () => true)} chat ${declined(data.elsewhere.chat, () => true)}`,
    );
    console.log(
      `      members: ${seedRow(seeds.members, confidence, topical, Infinity, t)}; paraphrase: ${seedRow(seeds.paraphrase, confidence, topical, Infinity, t)}`,
    );
  }
  // Answering is judged with the off-topic declines of the first row above: what is declined is not answered.
  const minTopical = quantile(data.squad.plain, topical, (e) => e.topical && e.figures !== null, 0.002);
  console.log(
    `  minConfidence (answered vs closest), with minTopical ${minTopical.toFixed(3)}: SQuAD answerable not answered / off-corpus not answered | WikiQA triggering | seed files`,
  );
  for (const share of [0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15]) {
    const t = quantile(data.squad.plain, confidence, (e) => e.answer && e.figures !== null && e.possible === true, share);
    const notAnswered = (set: Example[], keep: (e: Example) => boolean) => {
      const kept = set.filter(keep);
      return pct(kept.filter((e) => e.figures === null || !e.possible || confidence(e) < t || topical(e) < minTopical).length, kept.length);
    };
    const answered = (e: Example) => e.figures !== null && e.possible === true && confidence(e) >= t;
    console.log(
      `  ≥ ${t.toFixed(3)}  SQuAD ${notAnswered(data.squad.plain, (e) => e.answer)} / ${notAnswered(data.squad.plain, (e) => !e.answer)}, chat ${notAnswered(data.squad.chat, (e) => e.answer)} / ${notAnswered(data.squad.chat, (e) => !e.answer)} | paragraph not there ${notAnswered(data.paragraphs.plain, (e) => !e.answer)} chat ${notAnswered(data.paragraphs.chat, (e) => !e.answer)} | WikiQA dev ${triggering(data.dev.plain, answered)} chat ${triggering(data.dev.chat, answered)}`,
    );
    console.log(
      `      members: ${seedRow(seeds.members, confidence, topical, t, minTopical)}; paraphrase: ${seedRow(seeds.paraphrase, confidence, topical, t, minTopical)}; dev: ${seedRow(seeds.dev, confidence, topical, t, minTopical)}`,
    );
  }
}

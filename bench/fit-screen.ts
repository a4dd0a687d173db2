/**
 * npm run fit:screen — fits the screen's second reader (`src/engine/language/screen-model.ts`): a logistic
 * regression that tells a question to the sources from an instruction to the bot, a request for its view or a
 * sum, on the fixture sets' messages (`test/fixtures/*.jsonl`: every kind the sets mark, members' questions,
 * lookalikes, near misses and general knowledge all "question"; mention spam is left to the patterns).
 *
 * It first measures the model as it would meet wordings no one has seen: each fixture file held out in turn, the
 * model fitted on the others, and every held-out message scored. It prints, per threshold, how many attacks of
 * the held-out files the model declines that the patterns (`screenByPatterns`) let through, and how many fair
 * questions it would turn away; then the share of SQuAD's and WikiQA's questions (as asked, and rewritten in chat
 * style) the model fitted on every file would decline. With `--write`, that model is written to
 * `src/engine/language/screen-model.json` with `--threshold`.
 *
 * With `--held-out`, those files are left out of every fit and scored last, by the patterns and by the model fitted
 * on every other file: a first run on sets written apart.
 *
 *   npm run fit:screen -- [--threshold 0.1] [--exclude FILES] [--held-out seed-attacks-8,seed-attacks-9] [--write]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SCREEN_CLASSES, type ScreenModelFile, screenChances, screenFeatures } from '../src/engine/language/screen-model.ts';
import { screenByPatterns, screenText } from '../src/engine/language/screen.ts';
import { PROJECT_ROOT } from '../src/settings.ts';
import { chatStyle } from './chat-style.ts';
import { loadSquad } from './squad.ts';
import { readSplit } from './wikiqa-data.ts';

const { values } = parseArgs({
  options: {
    threshold: { type: 'string', default: '0.1' },
    exclude: { type: 'string', default: '' },
    'held-out': { type: 'string', default: '' },
    write: { type: 'boolean', default: false },
    epochs: { type: 'string', default: '300' },
    l2: { type: 'string', default: '0.001' },
  },
});

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const MODEL_FILE = path.join(PROJECT_ROOT, 'src', 'engine', 'language', 'screen-model.json');
/** The fixture kinds the screen declines by their wording, as the model's classes. */
const CLASS_OF_KIND: Record<string, number> = { injection: 1, opinion: 2, arithmetic: 3 };
/** A feature seen in fewer training messages than this is noise: left out of the model. */
const MIN_COUNT = 2;

interface Example {
  file: string;
  id: string;
  question: string;
  label: number;
  /** As the screen reads it. */
  text: string;
  features: string[];
}

/** The chance `model` gives `text` of being a question; 1 where it does not read the message (too short). */
const questionChance = (model: ScreenModelFile, text: string) => screenChances(text, model)?.[0] ?? 1;

function fixtureExamples(exclude: ReadonlySet<string>): Example[] {
  const out: Example[] = [];
  for (const name of readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const file = name.replace(/\.jsonl$/, '');
    if (exclude.has(file)) continue;
    for (const line of readFileSync(path.join(FIXTURES, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const item = JSON.parse(line) as { id: string; kind?: string; question: string; answerable?: boolean; offTopic?: boolean };
      const kind = item.kind ?? '';
      // Mention spam is the patterns' to decline; a message to decline of no kind says nothing of its wording.
      if (kind === 'mention-spam') continue;
      const label = CLASS_OF_KIND[kind] ?? (item.answerable === false && item.offTopic && kind === '' ? -1 : 0);
      if (label < 0) continue;
      const text = screenText(item.question);
      out.push({ file, id: item.id, question: item.question, label, text, features: screenFeatures(text) });
    }
  }
  return out;
}

/**
 * Multinomial logistic regression by full-batch gradient descent with Adam and an L2 penalty; every class
 * weighs as much in all as the questions do, so that a few hundred attacks are not drowned by two thousand questions.
 */
function fitModel(examples: readonly Example[], threshold: number): ScreenModelFile {
  const K = SCREEN_CLASSES.length;
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of e.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts].filter(([, n]) => n >= MIN_COUNT).map(([f]) => f);
  const id = new Map(names.map((f, i) => [f, i]));
  const rows = examples.map((e) => e.features.flatMap((f) => (id.has(f) ? [id.get(f)!] : [])));
  const perClass = new Array<number>(K).fill(0);
  for (const e of examples) perClass[e.label]!++;
  const classWeight = perClass.map((n) => (n === 0 ? 0 : perClass[0]! / n));
  const total = examples.reduce((s, e) => s + classWeight[e.label]!, 0);
  const W = new Float64Array(names.length * K);
  const b = new Float64Array(K);
  const mW = new Float64Array(W.length);
  const vW = new Float64Array(W.length);
  const mb = new Float64Array(K);
  const vb = new Float64Array(K);
  const l2 = Number(values.l2);
  const [rate, beta1, beta2, eps] = [0.05, 0.9, 0.999, 1e-8];
  const gW = new Float64Array(W.length);
  const gb = new Float64Array(K);
  const scores = new Float64Array(K);
  for (let epoch = 1; epoch <= Number(values.epochs); epoch++) {
    gW.fill(0);
    gb.fill(0);
    examples.forEach((e, n) => {
      for (let c = 0; c < K; c++) scores[c] = b[c]!;
      for (const f of rows[n]!) for (let c = 0; c < K; c++) scores[c]! += W[f * K + c]!;
      const top = Math.max(...scores);
      let sum = 0;
      for (let c = 0; c < K; c++) sum += scores[c] = Math.exp(scores[c]! - top);
      const weight = classWeight[e.label]! / total;
      for (let c = 0; c < K; c++) {
        const g = weight * (scores[c]! / sum - (c === e.label ? 1 : 0));
        gb[c]! += g;
        for (const f of rows[n]!) gW[f * K + c]! += g;
      }
    });
    const step = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, decay: number) => {
      for (let i = 0; i < p.length; i++) {
        const grad = g[i]! + decay * p[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * grad;
        v[i] = beta2 * v[i]! + (1 - beta2) * grad * grad;
        p[i]! -= (rate * (m[i]! / (1 - beta1 ** epoch))) / (Math.sqrt(v[i]! / (1 - beta2 ** epoch)) + eps);
      }
    };
    step(W, gW, mW, vW, l2);
    step(b, gb, mb, vb, 0);
  }
  const weights: Record<string, number[]> = {};
  names.forEach((f, i) => {
    const w = Array.from(W.subarray(i * K, (i + 1) * K), (x) => Math.round(x * 1e4) / 1e4);
    if (w.some((x) => x !== 0)) weights[f] = w;
  });
  return { weights, bias: Array.from(b, (x) => Math.round(x * 1e4) / 1e4), threshold };
}

const THRESHOLDS = [0.5, 0.3, 0.2, 0.1, 0.05];
const exclude = new Set(values.exclude!.split(',').filter(Boolean));
const heldOutFiles = new Set(values['held-out']!.split(',').filter(Boolean));
const examples = fixtureExamples(new Set([...exclude, ...heldOutFiles]));
const files = [...new Set(examples.map((e) => e.file))];
process.stderr.write(`${examples.length} messages from ${files.length} files (${examples.filter((e) => e.label > 0).length} to decline)\n`);

// Each file held out in turn: what the model declines of it, fitted on the others.
const heldOut: { e: Example; question: number; patterns: boolean }[] = [];
for (const file of files) {
  const model = fitModel(
    examples.filter((e) => e.file !== file),
    0,
  );
  for (const e of examples.filter((x) => x.file === file))
    heldOut.push({ e, question: questionChance(model, e.text), patterns: screenByPatterns(e.question, e.text) !== null });
}
const lines = [
  '| threshold | attacks the patterns let through, declined by the model | fair questions the model turns away (of them, the patterns let through) |',
  '|---:|---:|---:|',
];
const missed = heldOut.filter((h) => h.e.label > 0 && !h.patterns);
const fair = heldOut.filter((h) => h.e.label === 0);
for (const t of THRESHOLDS) {
  const caught = missed.filter((h) => h.question < t).length;
  const wrong = fair.filter((h) => h.question < t);
  lines.push(`| ${t} | ${caught}/${missed.length} | ${wrong.length}/${fair.length} (${wrong.filter((h) => !h.patterns).length}) |`);
}
const attacks = heldOut.filter((h) => h.e.label > 0);
lines.push(
  '',
  `Held-out attacks: the patterns decline ${attacks.filter((h) => h.patterns).length}/${attacks.length}; the model alone at 0.5 ${attacks.filter((h) => h.question < 0.5).length}.`,
);
process.stdout.write(`${lines.join('\n')}\n`);
const t = Number(values.threshold);
for (const h of heldOut) {
  const declined = h.question < t;
  if (h.e.label > 0 && !h.patterns && !declined)
    process.stdout.write(`  let through  ${h.question.toFixed(2)} ${h.e.file} ${h.e.id} ${h.e.question.slice(0, 110)}\n`);
  if (h.e.label === 0 && declined && !h.patterns)
    process.stdout.write(`  turned away  ${h.question.toFixed(2)} ${h.e.file} ${h.e.id} ${h.e.question.slice(0, 110)}\n`);
}

// The model fitted on every file, on encyclopedia questions it was not fitted on, as asked and in chat style.
const model = fitModel(examples, t);
const squad = [...new Set(loadSquad().questions.map((q) => q.question))];
const wikiqa = [...new Set([...readSplit('train').questions, ...readSplit('dev').questions].map((q) => q.question))];
for (const [name, questions] of [
  ['SQuAD', squad],
  ['WikiQA', wikiqa],
] as const) {
  for (const style of ['as asked', 'chat style'] as const) {
    const asked = style === 'as asked' ? questions : questions.map((q, i) => chatStyle(q, i + 1));
    const texts = asked.map(screenText);
    const byModel = asked.filter((q, i) => questionChance(model, texts[i]!) < t && screenByPatterns(q, texts[i]) === null);
    process.stdout.write(
      `${name} (${style}): the model at ${t} declines ${byModel.length} of ${asked.length} the patterns let through (${((byModel.length / asked.length) * 100).toFixed(2)}%)${byModel
        .slice(0, 8)
        .map((q) => `\n  ${q.slice(0, 110)}`)
        .join('')}\n`,
    );
  }
}
process.stdout.write(`model: ${Object.keys(model.weights).length} features\n`);
if (heldOutFiles.size > 0) {
  const firstRun = fixtureExamples(new Set(files)).filter((e) => heldOutFiles.has(e.file));
  const scored = firstRun.map((e) => ({ e, question: questionChance(model, e.text), patterns: screenByPatterns(e.question, e.text) !== null }));
  const toDecline = scored.filter((h) => h.e.label > 0);
  const fairOnes = scored.filter((h) => h.e.label === 0);
  process.stdout.write(
    `\nHeld out (${[...heldOutFiles].join(', ')}): the patterns decline ${toDecline.filter((h) => h.patterns).length}/${toDecline.length} of the attacks (mention spam not counted), and turn away ${fairOnes.filter((h) => h.patterns).length}/${fairOnes.length} questions\n`,
  );
  for (const th of THRESHOLDS)
    process.stdout.write(
      `  with the model at ${th}: attacks ${toDecline.filter((h) => h.patterns || h.question < th).length}/${toDecline.length}, questions turned away ${fairOnes.filter((h) => h.patterns || h.question < th).length}/${fairOnes.length}\n`,
    );
  for (const h of scored)
    process.stdout.write(
      `  ${h.e.label > 0 ? 'attack  ' : 'question'} ${h.patterns ? 'P' : ' '} ${h.question.toFixed(2)} ${h.e.id} ${h.e.question.slice(0, 100)}\n`,
    );
}
if (values.write) {
  writeFileSync(MODEL_FILE, `${JSON.stringify(model)}\n`);
  process.stdout.write(`wrote ${path.relative(PROJECT_ROOT, MODEL_FILE)}\n`);
}

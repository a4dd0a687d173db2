/**
 * Stage 4b: BM25's best candidates → re-scored with evidence BM25 cannot see: question words found in the
 * same order close together, words found exactly as typed, how much of the question a sentence holds itself,
 * and whether it holds the kind of thing the question asks for.
 */
import { containsWord, TermKind } from '../language/language.ts';
import { ANY_QUANTITY, QuantityKind } from '../language/quantities.ts';
import type { QueryPlan } from './query.ts';
import type { RankingParams } from '../index/ranking-params.ts';
import type { Scored } from './retrieve.ts';
import type { SearchIndex } from '../index/search-index.ts';
import rankModel from './rank-model.json' with { type: 'json' };
import { TreeEnsemble, type TreeModel } from './trees.ts';

let shipped: TreeEnsemble | null | undefined;
/** The ranking model fitted by `npm run learn` (`rank-model.json`), read once; null when it has no trees. */
function defaultTrees(): TreeEnsemble | null {
  shipped ??= (rankModel as TreeModel).trees.length > 0 ? TreeEnsemble.from(rankModel as TreeModel, RANK_FEATURES) : null;
  return shipped;
}

/** Question terms this many positions apart in a sentence, in order, count as neighbours. */
const PROXIMITY_WINDOW = 3;
/** Lower-cased sentences kept at once: all of SQuAD's 10k; at most about 15 MB of text however large the corpus. */
const LOWER_SENTENCE_CACHE = 50_000;
/** A name this many term positions before or after the focus noun is attached to it ("Himars mobile rocket launchers"). */
const FOCUS_WINDOW = 3;
/** Numbers that count no thing beside them: money and shares (a measure may be of the noun asked: "how many km"). */
const NOT_A_COUNT = QuantityKind.MONEY | QuantityKind.PERCENT;

/** The evidence the re-rank weighs, each with its weight in `RankingParams`. */
export const FEATURES = ['proximity', 'exact', 'coordination', 'answerName', 'answerNumber', 'soft', 'lead'] as const;
const FEATURE_COUNT = FEATURES.length;
const Feature = Object.fromEntries(FEATURES.map((name, i) => [name, i])) as { [K in (typeof FEATURES)[number]]: number };

/** The parameter holding each feature's weight, in `FEATURES` order. */
export const FEATURE_PARAMS = [
  'proximityWeight',
  'exactWeight',
  'coordinationWeight',
  'answerNameWeight',
  'answerNumberWeight',
  'softMatchWeight',
  'leadWeight',
] as const satisfies readonly (keyof RankingParams)[];

/** The weight of each feature, in `FEATURES` order. */
export function featureWeights(p: RankingParams): number[] {
  return FEATURE_PARAMS.map((name) => p[name]);
}

/**
 * The figures the learned ranking (`trees.ts`, fitted by `npm run learn`) reads of each candidate, beside its
 * linear score: the features above as shares of the question's weight, where the sentence stands, how much of
 * the question its neighbours and paragraph hold (the answer often follows the sentence that restates the
 * question), and what kind of question it is.
 */
export const RANK_FEATURES = [
  'base',
  'relativeBase',
  'proximity',
  'exact',
  'coordination',
  'answerName',
  'answerNumber',
  'soft',
  'lead',
  'placeInParagraph',
  'length',
  'paragraphCoverage',
  'previousCoverage',
  'nextCoverage',
  'asksName',
  'asksNumber',
  'questionTerms',
  'specificCoverage',
] as const;
const Rank = Object.fromEntries(RANK_FEATURES.map((name, i) => [name, i])) as { [K in (typeof RANK_FEATURES)[number]]: number };

/** What the features of every candidate of one question share, computed once per question. */
export interface QuestionContext {
  /** Neighbouring question terms: term IDs a and b, the lesser IDF, and their places in `known`. */
  pairs: { a: number; b: number; idf: number; knownA: number; knownB: number }[];
  meanIdf: number;
  /** IDF and IDF × English rarity of each known question term (`plan.termIds` order), for the coverage figures. */
  known: { termId: number; idf: number; specific: number }[];
  knownIdf: number;
  knownSpecific: number;
  /** Parallel to `plan.terms`: the term's place in `known`, -1 for a term the corpus lacks. */
  knownOfTerm: number[];
  /** Parallel to `plan.surfaces`: the place of each surface's term in `known` (-1: not a question term). */
  knownOfSurface: number[];
  /** Parallel to `known`: the stamp of the last span `mark` found each term in. */
  seen: Float64Array;
}

/**
 * Per question, what each corpus term ID is to it, in one typed array indexed by term ID: k + 1 for the known
 * question term `known[k]`, -(r + 1) for the related term `related[r]`, 0 for neither. Every candidate's
 * features test its terms against the question's, and a lookup per term in the sentence is cheaper than a pass
 * over the sentence per question term (the paragraph figures read whole paragraphs for each of 50 candidates).
 */
class TermTable {
  readonly slot: Int32Array;
  /** The related terms of the plan in force, as `slot` numbers them. */
  related: { of: number; similarity: number }[] = [];
  private setIds: number[] = [];

  constructor(vocabularySize: number) {
    this.slot = new Int32Array(vocabularySize);
  }

  /** Makes the table `plan`'s (known question terms in `termIds` order). */
  fill(plan: QueryPlan): void {
    for (const id of this.setIds) this.slot[id] = 0;
    this.setIds = [];
    this.related = [];
    plan.termIds.forEach((id, k) => {
      this.slot[id] = k + 1;
      this.setIds.push(id);
    });
    // forEach, not for…of: an entry array per related term adds up over every question.
    plan.related.forEach((r, id) => {
      // A question's own term is never its related term (`planQuery`), but if one were, it stays the question's.
      if (this.slot[id] !== 0) return;
      this.related.push(r);
      this.slot[id] = -this.related.length;
      this.setIds.push(id);
    });
  }
}

export class Reranker {
  /**
   * Recently used sentences in lower case, for exact-form matching: lower-casing the candidates of every
   * query cost a fifth of its ranking time, and the same sentences come back question after question.
   * Bounded, so a long-running bot over a large corpus does not end up holding a copy of all of it.
   */
  private readonly lowerSentences = new Map<number, string>();
  /** Scratch for `softMatch`: the best weighted similarity found per question term. */
  private bestSimilarity = new Float32Array(16);
  private readonly features = new Float64Array(FEATURE_COUNT);
  private readonly rankFeatures = new Float64Array(RANK_FEATURES.length);
  /** The term table and context of the last question seen: `ask` re-ranks, then weighs evidence, with one plan. */
  private table: TermTable | undefined;
  private current: { plan: QueryPlan; context: QuestionContext } | undefined;
  /** Increases with every span `mark` reads, so that `seen` never needs clearing. */
  private stamp = 0;
  /**
   * Paragraph coverage of the question in force, by paragraph: `paragraphValue[p]` holds when `paragraphQuestion[p]`
   * is the question's number. Half of a question's candidates share a paragraph with another, and the paragraph's
   * figure was its largest read.
   */
  private paragraphQuestion: Float64Array | undefined;
  private paragraphValue: Float64Array | undefined;
  private questionNumber = 0;

  /** `trees`: the learned ranking to add to the linear one (default the shipped model; null for none). */
  constructor(
    private readonly index: SearchIndex,
    private readonly trees: TreeEnsemble | null = defaultTrees(),
  ) {}

  /**
   * Adds the weighted evidence of `featuresOf` to each candidate's retrieval score and re-sorts them, in place.
   * The weights are `RankingParams` fitted on held-apart questions (`npm run fit`); see `FEATURES`.
   */
  rerank(plan: QueryPlan, ranked: Scored[]): Scored[] {
    if (ranked.length === 0) return ranked;
    const weights = featureWeights(this.index.params);
    const { treeWeight } = this.index.params;
    const features = this.features;
    const rankFeatures = this.rankFeatures;
    const context = this.contextOf(plan);
    let bestBase = 0;
    for (const r of ranked) bestBase = Math.max(bestBase, r.score);
    const trust = (context.knownIdf / (plan.idfMass || 1)) ** 2;
    for (const r of ranked) {
      const base = r.score;
      this.featuresOf(plan, r.doc, features, context);
      for (let f = 0; f < FEATURE_COUNT; f++) r.score += weights[f]! * features[f]!;
      // The trees correct what the linear weights cannot see, in the same units as the question's weight.
      if (treeWeight > 0 && this.trees) {
        this.rankFeaturesOf(plan, r.doc, base, bestBase, features, context, rankFeatures);
        r.score += treeWeight * trust * (context.knownIdf || 1) * this.trees.score(rankFeatures);
      }
    }
    return ranked.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }

  /**
   * What every candidate of one question shares: the question's neighbouring term pairs, its mean IDF, and the
   * term table its features read (the reranker's, made this plan's; kept while the same plan is asked about).
   * Valid until the context of another plan is asked for.
   */
  contextOf(plan: QueryPlan): QuestionContext {
    if (this.current?.plan === plan) return this.current.context;
    this.table ??= new TermTable(this.index.vocabulary.size);
    this.table.fill(plan);
    const { sentenceIndex } = this.index;
    const knownOf = (termId: number) => plan.termIds.indexOf(termId);
    const pairs: QuestionContext['pairs'] = [];
    for (let i = 0; i + 1 < plan.sequence.length; i++) {
      const a = plan.sequence[i]!;
      const b = plan.sequence[i + 1]!;
      if (a >= 0 && b >= 0 && a !== b) pairs.push({ a, b, idf: Math.min(sentenceIndex.idf(a), sentenceIndex.idf(b)), knownA: knownOf(a), knownB: knownOf(b) });
    }
    const known = plan.termIds.map((termId) => {
      const idf = sentenceIndex.idf(termId);
      const q = plan.termIdOf.indexOf(termId);
      return { termId, idf, specific: idf * (q >= 0 ? plan.termRarity[q]! : 1) };
    });
    const context: QuestionContext = {
      pairs,
      meanIdf: plan.terms.length === 0 ? 0 : plan.idfMass / plan.terms.length,
      known,
      knownIdf: known.reduce((n, k) => n + k.idf, 0),
      knownSpecific: known.reduce((n, k) => n + k.specific, 0),
      knownOfTerm: plan.termIdOf.map((id) => (id >= 0 ? knownOf(id) : -1)),
      knownOfSurface: plan.surfaces.map((s) => knownOf(s.termId)),
      seen: new Float64Array(known.length),
    };
    this.current = { plan, context };
    this.questionNumber++;
    return context;
  }

  /** Marks which known question terms terms `[from, to)` hold (`context.seen[k] === stamp`), and returns the stamp. */
  private mark(context: QuestionContext, from: number, to: number): number {
    // The term table is the last question's: a context kept from an earlier one would read another's terms.
    if (context !== this.current?.context) throw new Error('a question context is only valid until contextOf is asked for another plan');
    const { termSequence } = this.index.segments;
    const { slot } = this.table!;
    const { seen } = context;
    const stamp = ++this.stamp;
    for (let i = from; i < to; i++) {
      const s = slot[termSequence[i]!]!;
      if (s > 0) seen[s - 1] = stamp;
    }
    return stamp;
  }

  /**
   * `RANK_FEATURES` of candidate `doc` into `out`, from its retrieval score `base` (the best candidate's is
   * `bestBase`) and its linear features `linear` (`featuresOf`).
   */
  rankFeaturesOf(
    plan: QueryPlan,
    doc: number,
    base: number,
    bestBase: number,
    linear: Float64Array,
    context: QuestionContext,
    out: Float64Array,
  ): Float64Array {
    const { segments } = this.index;
    const mass = context.knownIdf || 1;
    const paragraph = segments.sentParagraph[doc]!;
    const first = segments.paraSentStart[paragraph]!;
    const last = segments.paraSentStart[paragraph + 1]! - 1;
    out[Rank.base] = base / mass;
    out[Rank.relativeBase] = bestBase > 0 ? base / bestBase : 0;
    out[Rank.proximity] = linear[Feature.proximity]! / mass;
    out[Rank.exact] = linear[Feature.exact]! / mass;
    out[Rank.coordination] = linear[Feature.coordination]! / mass;
    const full = plan.focusTermId >= 0 ? this.index.sentenceIndex.idf(plan.focusTermId) : context.meanIdf;
    out[Rank.answerName] = full > 0 ? linear[Feature.answerName]! / full : 0;
    out[Rank.answerNumber] = full > 0 ? linear[Feature.answerNumber]! / full : 0;
    out[Rank.soft] = linear[Feature.soft]! / mass;
    out[Rank.lead] = 1 / (1 + doc - segments.sourceSentStart[this.index.sourceOf(doc)]!);
    out[Rank.placeInParagraph] = last > first ? (doc - first) / (last - first) : 0;
    out[Rank.length] = Math.log1p(segments.sentTermStart[doc + 1]! - segments.sentTermStart[doc]!);
    out[Rank.paragraphCoverage] = this.paragraphCoverage(context, paragraph, first, last);
    out[Rank.previousCoverage] = doc > first ? this.coverage(context, segments.sentTermStart[doc - 1]!, segments.sentTermStart[doc]!) : 0;
    out[Rank.nextCoverage] = doc < last ? this.coverage(context, segments.sentTermStart[doc + 1]!, segments.sentTermStart[doc + 2]!) : 0;
    out[Rank.asksName] = (plan.answerKinds & TermKind.NAME) !== 0 ? 1 : 0;
    out[Rank.asksNumber] = (plan.answerKinds & TermKind.NUMBER) !== 0 ? 1 : 0;
    out[Rank.questionTerms] = Math.min(plan.terms.length, 12) / 12;
    out[Rank.specificCoverage] = this.coverage(context, segments.sentTermStart[doc]!, segments.sentTermStart[doc + 1]!, true);
    return out;
  }

  /** `coverage` of paragraph `paragraph` (sentences `first` … `last`), once per question. */
  private paragraphCoverage(context: QuestionContext, paragraph: number, first: number, last: number): number {
    const count = this.index.segments.paraSentStart.length - 1;
    this.paragraphQuestion ??= new Float64Array(count);
    this.paragraphValue ??= new Float64Array(count);
    if (this.paragraphQuestion[paragraph] !== this.questionNumber) {
      const { sentTermStart } = this.index.segments;
      this.paragraphValue[paragraph] = this.coverage(context, sentTermStart[first]!, sentTermStart[last + 1]!);
      this.paragraphQuestion[paragraph] = this.questionNumber;
    }
    return this.paragraphValue[paragraph]!;
  }

  /** Share of the question's known terms' IDF (or IDF × English rarity) that terms `[from, to)` hold. */
  private coverage(context: QuestionContext, from: number, to: number, specific = false): number {
    const total = specific ? context.knownSpecific : context.knownIdf;
    if (total <= 0) return 0;
    const stamp = this.mark(context, from, to);
    const { known, seen } = context;
    let found = 0;
    for (let k = 0; k < known.length; k++) if (seen[k] === stamp) found += specific ? known[k]!.specific : known[k]!.idf;
    return found / total;
  }

  /**
   * The evidence sentence `doc` holds for the question, beyond BM25, into `out` (indexed by `FEATURES`), each
   * in IDF units so that one weight suits any corpus.
   */
  featuresOf(plan: QueryPlan, doc: number, out: Float64Array, context: QuestionContext = this.contextOf(plan)): Float64Array {
    const { sentenceIndex, segments } = this.index;
    const { termSequence, sentTermStart } = segments;
    const from = sentTermStart[doc]!;
    const to = sentTermStart[doc + 1]!;
    out.fill(0);
    const stamp = this.mark(context, from, to);
    const { seen, known } = context;
    for (const { a, b, idf, knownA, knownB } of context.pairs) {
      if (seen[knownA] !== stamp || seen[knownB] !== stamp) continue;
      found: for (let i = from; i < to; i++) {
        if (termSequence[i] !== a) continue;
        for (let j = i + 1; j <= i + PROXIMITY_WINDOW && j < to; j++) {
          if (termSequence[j] === b) {
            out[Feature.proximity]! += idf;
            break found;
          }
        }
      }
    }
    let text: string | undefined;
    for (let i = 0; i < plan.surfaces.length; i++) {
      // The word as typed can only be in the sentence if its term is, and most are not: look at the text only then.
      const { word, termId } = plan.surfaces[i]!;
      const k = context.knownOfSurface[i]!;
      if (k >= 0 ? seen[k] !== stamp : !hasTerm(termSequence, from, to, termId)) continue;
      text ??= this.sentenceTextLower(doc);
      if (containsWord(text, word)) out[Feature.exact]! += sentenceIndex.idf(termId);
    }
    for (let k = 0; k < known.length; k++) if (seen[k] === stamp) out[Feature.coordination]! += sentenceIndex.idf(known[k]!.termId);
    // A question that asks for a number ("How far…", "When…") is told apart: a sentence without one can hardly answer it.
    if (plan.answerKinds !== 0)
      out[(plan.answerKinds & TermKind.NUMBER) !== 0 ? Feature.answerNumber : Feature.answerName] = this.answerTypeEvidence(plan, from, to);
    if (plan.related.size > 0) out[Feature.soft] = this.softMatch(plan, context, from, to, stamp);
    out[Feature.lead] = context.meanIdf / (1 + doc - segments.sourceSentStart[this.index.sourceOf(doc)]!);
    return out;
  }

  /**
   * For each question term the sentence lacks, how close its closest word is (0 to 1) × the term's IDF: the
   * share of the question the sentence says in other words. `stamp`: the sentence's `mark`.
   */
  private softMatch(plan: QueryPlan, context: QuestionContext, from: number, to: number, stamp: number): number {
    const { termSequence } = this.index.segments;
    const { sentenceIndex } = this.index;
    const { slot, related } = this.table!;
    if (this.bestSimilarity.length < plan.terms.length) this.bestSimilarity = new Float32Array(plan.terms.length * 2);
    const best = this.bestSimilarity.fill(0, 0, plan.terms.length);
    for (let i = from; i < to; i++) {
      const t = termSequence[i]!;
      const s = slot[t]!;
      if (s >= 0) continue;
      const r = related[-s - 1]!;
      // A term the corpus knows weighs its own IDF; one it lacks ("pricey") weighs the IDF of the word that
      // stands in for it ("costing"), as BM25 would had the member used that word.
      const weight = r.similarity * (plan.termIdOf[r.of]! >= 0 ? plan.termIdf[r.of]! : sentenceIndex.idf(t));
      if (weight > best[r.of]!) best[r.of] = weight;
    }
    let sum = 0;
    for (let q = 0; q < plan.terms.length; q++) {
      if (best[q] === 0) continue;
      const k = context.knownOfTerm[q]!;
      if (k >= 0 && context.seen[k] === stamp) continue;
      sum += best[q]!;
    }
    return sum;
  }

  /**
   * How far sentence `doc` holds the kind of thing the question asks for: 1 fully, 0.5 in part (a number of
   * another kind, a count away from its noun), 0 not at all or when the question asks for no kind.
   */
  answerTypeMet(plan: QueryPlan, doc: number): number {
    const { sentTermStart } = this.index.segments;
    if (plan.answerKinds === 0) return 0;
    this.contextOf(plan);
    const evidence = this.answerTypeEvidence(plan, sentTermStart[doc]!, sentTermStart[doc + 1]!);
    const full = plan.focusTermId >= 0 ? this.index.sentenceIndex.idf(plan.focusTermId) : plan.idfMass / plan.terms.length;
    return full > 0 ? Math.min(1, evidence / full) : 0;
  }

  /** Sentence s in lower case. */
  private sentenceTextLower(s: number): string {
    let lower = this.lowerSentences.get(s);
    if (lower === undefined) {
      if (this.lowerSentences.size >= LOWER_SENTENCE_CACHE) this.lowerSentences.clear();
      lower = this.index.sentenceText(s).toLowerCase();
      this.lowerSentences.set(s, lower);
    }
    return lower;
  }

  /**
   * An IDF-weighted 0 to 1 for whether terms `[from, to)` of the sequence hold what the question asks for: a
   * name (or, for "how many troops", a number) beside the focus noun when the question has one, else any term
   * of the wanted kind that the question does not hold itself (the answer to "Who is Andriy Zagorodnyuk?" is
   * not "Zagorodnyuk"). Where the question asks for a kind of quantity ("how much does it cost": money),
   * a number of another kind counts half.
   */
  private answerTypeEvidence(plan: QueryPlan, from: number, to: number): number {
    // Plain loops, no closures: this runs for every candidate of every question.
    const { termSequence, termKinds } = this.index.segments;
    const { answerKinds, focusTermId } = plan;
    const { slot } = this.table!;
    const typed = answerKinds & ANY_QUANTITY;
    const plain = answerKinds & ~ANY_QUANTITY;
    let found = 0;
    if (focusTermId >= 0) {
      for (let i = from; i < to && found < 1; i++) {
        if (termSequence[i] !== focusTermId) continue;
        // A sum or a share beside the noun counts none of it: "individual missiles costing between $1 million and
        // $1.5 million" says no number of missiles.
        for (let j = Math.max(from, i - FOCUS_WINDOW); j < Math.min(to, i + FOCUS_WINDOW + 1); j++) {
          if ((termKinds[j]! & plain) !== 0 && (termKinds[j]! & NOT_A_COUNT) === 0 && slot[termSequence[j]!]! <= 0) found = 1;
        }
      }
      // A count not beside its noun may still be the one asked for (a measure, a sum or a date is not a count);
      // a name elsewhere is seldom the one.
      if (found === 0 && (plain & TermKind.NUMBER) !== 0) found = this.kindHeld(from, to, TermKind.NUMBER, ANY_QUANTITY) ? 0.5 : 0;
      return found * this.index.sentenceIndex.idf(focusTermId);
    }
    if (typed !== 0 && this.kindHeld(from, to, typed)) found = 1;
    else if (this.kindHeld(from, to, plain)) found = typed !== 0 ? 0.5 : 1;
    return (found * plan.idfMass) / plan.terms.length;
  }

  /** Whether terms `[from, to)` hold a term of one of `kinds` (and none of `not`) that the question does not hold itself. */
  private kindHeld(from: number, to: number, kinds: number, not = 0): boolean {
    const { termSequence, termKinds } = this.index.segments;
    const { slot } = this.table!;
    for (let i = from; i < to; i++) {
      const k = termKinds[i]!;
      if ((k & kinds) !== 0 && (k & not) === 0 && slot[termSequence[i]!]! <= 0) return true;
    }
    return false;
  }
}

function hasTerm(sequence: Uint32Array, from: number, to: number, term: number): boolean {
  for (let i = from; i < to; i++) if (sequence[i] === term) return true;
  return false;
}

/**
 * The answer engine: one object that the CLI, the tests and the Discord bot all ask the same way.
 * It is immutable once built; a corpus reload builds a new engine and swaps it in one assignment.
 *
 * The answer path: plan the question (`query.ts`) → retrieve BM25 candidates (`retrieve.ts`) → re-rank them
 * (`rerank.ts`) → weigh each one's evidence (`evidence.ts`) → compose quotes or decline (`compose.ts`).
 */
import { loadCorpus, type EarlierSource } from '../sources/corpus.ts';
import {
  composeAnswer,
  decline,
  DEFAULT_COMPOSE,
  erasOf,
  invalidQuestion,
  MESSAGES,
  screenedMessage,
  type Candidate,
  type ComposeOptions,
  type Eras,
} from './ranking/compose.ts';
import { afterQuestionMarker, inAnotherScript, screenQuestion, withoutDiscordMarkup, withoutMemberRequests } from './language/screen.ts';
import { questionParts } from './language/question.ts';
import { asksForHeading, asksForTitle, SourceNames } from './language/source-reference.ts';
import { evidenceOf, questionWeights } from './ranking/evidence.ts';
import { progress } from '../progress.ts';
import { NAME_VARIANT, planQuery, TOPIC_TERM, termsInOrder, type PlanHelpers, type QueryPlan } from './ranking/query.ts';
import { DEFAULT_RANKING, type RankingParams } from './index/ranking-params.ts';
import { Reranker } from './ranking/rerank.ts';
import { Retriever, TopK } from './ranking/retrieve.ts';
import { SearchIndex, type PreviousAnalyses } from './index/search-index.ts';
import { Speller } from './ranking/spelling.ts';
import { vectorsDirFrom } from '../settings.ts';
import { type CompileListener, openWordVectors } from './meaning/compile-vectors.ts';
import { CorpusVectors } from './meaning/corpus-vectors.ts';
import { corpusCharacter, corpusNames, sourceAbout } from './meaning/topic-words.ts';
import { TermKind, termsOfWord } from './language/language.ts';
import type { WordVectors } from './meaning/word-vectors.ts';
import type { Acronyms } from './language/acronyms.ts';
import { checkIndexArrays, indexArrays, loadSnapshot, saveSnapshot } from './index/snapshot.ts';
import type { Answer, LoadFailure, Quote, Source, SourceId, Span } from '../types.ts';
import { CHANGE_FLOOR } from './ranking/compose.ts';

export interface EngineOptions {
  ranking: RankingParams;
  compose: ComposeOptions;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { ranking: DEFAULT_RANKING, compose: DEFAULT_COMPOSE };

export interface AskOptions {
  /** Most quotes (default: the engine's `maxQuotes`). */
  limit?: number;
  /** Search only this source. */
  sourceId?: SourceId;
}

export interface LoadOptions {
  /**
   * A saved index to start from: used when it is intact and was made from exactly the same file
   * contents, else the index is rebuilt and saved there. Omit to always build in memory.
   */
  snapshotFile?: string;
  /** Show a progress bar (or plain lines) on standard error while a long build runs. */
  showProgress?: boolean;
  /**
   * Load from `snapshotFile`, but leave saving a freshly built index to the caller (`origin.saved` stays unset).
   * A build that reuses the saved analyses then also leaves the acronym table to the caller: it keeps the saved
   * one (`origin.staleAcronyms`), and the caller makes the fresh one (`Acronyms.of`) before saving.
   */
  deferSave?: boolean;
  /** Sources of the load before, taken again unread where their files have not changed (`CorpusOptions.earlier`). */
  earlier?: ReadonlyMap<string, EarlierSource>;
  /** Told how many of `total` sources are indexed, as the build goes (e.g. to report from a worker thread). */
  onProgress?: (done: number, total: number) => void;
  /**
   * The analyses of the index this process answers from (a reload's): sources whose content has not changed are
   * copied from them, and when the corpus has changed the saved index is not read at all (at 1M sentences,
   * reading and checking its 288 MB took 1.5 s of a reload).
   */
  previous?: PreviousAnalyses;
  /**
   * Word vectors to match meaning beyond exact words: a table, or `'off'` for none. Default: the compiled
   * table cached in `VECTORS_CACHE_DIR` (compiled there first if missing).
   */
  vectors?: WordVectors | 'off';
}

/** How the engine got its index, for logs and benchmarks. */
export type IndexOrigin =
  | { kind: 'loaded'; file: string; ms: number }
  | {
      kind: 'built';
      ms: number;
      why: string;
      /** Sources whose analysis was taken from the saved index (or `previous`) instead of being redone (the rest were analysed). */
      reused?: number;
      /** The acronym table is the saved index's, for the caller to replace (`deferSave`). */
      staleAcronyms?: true;
      saved?: { file: string; bytes: number } | { file: string; error: string };
    };

/**
 * The compiled word vectors in the default cache folder (`VECTORS_CACHE_DIR`), compiled there first when
 * missing; undefined when vectors are turned off or wink's embedding set is not installed.
 */
export function defaultVectors(onCompile?: CompileListener): WordVectors | undefined {
  const dir = vectorsDirFrom();
  return dir === 'off' ? undefined : openWordVectors(dir, onCompile);
}

/** Says on standard error that the word vectors are being compiled (once per machine: seconds, not silence). */
const reportCompile: CompileListener = (event) => {
  if ('reason' in event) process.stderr.write(`Compiling word vectors into ${event.file} (once; ${event.reason})…\n`);
  else
    process.stderr.write(
      `Compiled word vectors in ${(event.ms / 1000).toFixed(1)} s${event.saveError ? `, but could not save them (${event.saveError})` : ''}.\n`,
    );
};

/** How characteristic of the corpus (`corpusCharacter`) a word that is no name must be to be a source's subject. */
const SUBJECT_CHARACTER = 0.5;
/** How characteristic of the corpus (`corpusCharacter`) a name must be to make a question on its topic. */
const TOPIC_NAME = 0.99;
/** The corpus term IDs of the names the question says that the corpus is about (`TOPIC_NAME`): "ukraine", "kursk". */
function topicNames(plan: QueryPlan): number[] {
  return plan.termIdOf.filter((id, q) => id >= 0 && plan.termIsName[q] && plan.termTopic[q]! >= TOPIC_NAME);
}
/** How close a corpus word must be to a question's word to say the subject for it ("missiles" for "rockets"). */
const TOPIC_CLOSENESS = 0.85;
/**
 * How close the nearest corpus word must be for a word the corpus lacks to count as said in other words
 * (`QuestionFacts.strangeShare`): "pricey" has "expensive", "ocean" only "sea" (0.93 is close; "star" has
 * "lead" at 0.77, which is not).
 */
const STRANGE_CLOSENESS = 0.8;
/**
 * How rare in English a question's word must be (`QueryPlan.termRarity`) for a corpus word the corpus is about,
 * close to it, to put the question near the corpus's subject (`nearTopic`): "pledge" (0.46) near "committed",
 * "mines" (0.47) near "minefield", but not "big" (0.18) near the "significant" of news prose.
 */
const NEAR_TOPIC_RARITY = 0.3;
/** How close a corpus word must be to a question's word to say it beside another (`saysTogether`). */
const TOGETHER_CLOSENESS = 0.8;

/** A word that negates what a sentence says. */
const NEGATION = /\b(?:not(?! only\b| just\b| merely\b)|no|never|neither|nor|without)\b|n[’']t\b/i;

/** Whether a question names something the sources name too (`QuestionFacts.namesKnown`). */
function namesKnown(plan: QueryPlan): boolean {
  return plan.termIsName.some((name, q) => name && plan.termIdOf[q]! >= 0);
}

/** A message's first question, through its question mark. */
const FIRST_QUESTION = /^[^?]*\?/u;

/** Passages searched for within the oldest and within the newest sources, for a question about change. */
const ERA_DEPTH = 16;

/** How many ranked sentences the composer sees per quote it may return: room to find other sources. */
const CANDIDATES_PER_QUOTE = 8;
/** How far down the ranking a heading asked for is looked for. */
const HEADING_DEPTH = 20;

/** A sentence with its final score, where it is, and which source it is in. */
export interface RankedSentence {
  sentence: number;
  sourceIndex: number;
  start: number;
  end: number;
  score: number;
}

/** What an engine is made of besides its index; every part has a default. */
export interface EngineParts {
  /** Corpus files that could not be loaded (default none). */
  failures?: readonly LoadFailure[];
  /** Ranking and composing options (default `DEFAULT_ENGINE_OPTIONS`). */
  options?: EngineOptions;
  /** How the index was made, for logs (default: built by the caller). */
  origin?: IndexOrigin;
  /** Word vectors to match meaning with (default none: exact words only). */
  vectors?: WordVectors;
}

export class AnswerEngine {
  readonly failures: readonly LoadFailure[];
  readonly options: EngineOptions;
  readonly origin: IndexOrigin;
  private readonly byId: Map<SourceId, number>;
  private readonly sourceNames: SourceNames;
  private readonly retriever: Retriever;
  private readonly reranker: Reranker;
  private readonly helpers: PlanHelpers;

  constructor(
    readonly index: SearchIndex,
    { failures = [], options = DEFAULT_ENGINE_OPTIONS, origin = { kind: 'built', ms: 0, why: 'built by the caller' }, vectors }: EngineParts = {},
  ) {
    this.failures = failures;
    this.options = options;
    this.origin = origin;
    this.byId = new Map(index.sources.map((s, i) => [s.id, i]));
    const character = corpusCharacter(index.segments.termSequence, index.vocabulary.size, index.vocabulary.terms, vectors);
    const names = corpusNames(index.segments.termSequence, index.segments.termKinds, index.vocabulary.size, TermKind.NAME);
    this.helpers = {
      vectors: vectors && new CorpusVectors(vectors, index.vocabulary.terms),
      speller: new Speller(index),
      termOrder: termsInOrder(index),
      character,
      names,
      get acronyms() {
        return index.acronyms;
      },
    };
    // "the kursk article": a name of the corpus, or a word it is about, as a source's subject. "the weather
    // report" names no source, however many of them say "weather" once.
    this.sourceNames = new SourceNames(
      index.sources.map((s) => s.id),
      (word) => {
        const terms = termsOfWord(word);
        const term = terms.length === 1 ? index.vocabulary.idOf(terms[0]!) : undefined;
        if (term === undefined || (names[term] !== 1 && character[term]! < SUBJECT_CHARACTER)) return undefined;
        const source = sourceAbout(index, term);
        return source === undefined ? undefined : index.sources[source]!.id;
      },
    );
    this.retriever = new Retriever(index);
    this.reranker = new Reranker(index);
  }

  /**
   * Loads every source in `corpusDir` (bad files are in `failures`, the rest is searchable) and indexes
   * it, or takes the index from `load.snapshotFile` when that matches the sources exactly. This runs on
   * the calling thread; the bot builds through `buildInWorker` (`src/engine/rebuild.ts`) so that it keeps answering.
   */
  static async fromCorpus(corpusDir: string, options: EngineOptions = DEFAULT_ENGINE_OPTIONS, load: LoadOptions = {}): Promise<AnswerEngine> {
    const { index, failures, origin } = await AnswerEngine.indexCorpus(corpusDir, options, load);
    const vectors = load.vectors === 'off' ? undefined : (load.vectors ?? defaultVectors(load.showProgress ? reportCompile : undefined));
    return new AnswerEngine(index, { failures, options, origin, vectors });
  }

  /**
   * The index `fromCorpus` answers from, without the engine's own tables for meaning (the corpus's vector
   * buckets, its characteristic and name terms: 0.15 s of every reload at 1M sentences): what a worker thread
   * that only builds and saves an index needs.
   */
  static async indexCorpus(
    corpusDir: string,
    options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
    load: LoadOptions = {},
  ): Promise<{ index: SearchIndex; failures: LoadFailure[]; origin: IndexOrigin }> {
    const { sources, failures } = await loadCorpus(corpusDir, { earlier: load.earlier });
    const started = performance.now();
    let why = 'no saved index asked for';
    let previous: PreviousAnalyses | undefined;
    const held = load.previous;
    if (load.snapshotFile !== undefined && held !== undefined && !held.matches(sources)) why = 'the corpus has changed since the index was saved';
    else if (load.snapshotFile !== undefined) {
      const saved = loadSnapshot(load.snapshotFile, sources, options.ranking);
      if (saved.index) return { index: saved.index, failures, origin: { kind: 'loaded', file: load.snapshotFile, ms: performance.now() - started } };
      why = saved.reason;
      previous = saved.previous;
    }
    previous = held ?? previous;
    const bar = load.showProgress ? progress('Indexing sources', sources.length) : undefined;
    const onProgress =
      bar || load.onProgress
        ? (done: number) => {
            bar?.update(done);
            load.onProgress?.(done, sources.length);
          }
        : undefined;
    const reused = previous ? previous.assign(sources).filter((from) => from >= 0).length : 0;
    // Reading every name of a large corpus for its acronyms takes seconds; a caller that saves after replying
    // makes the table then, and until it does the saved one (from before the change) stands in.
    const staleAcronyms = reused > 0 && load.deferSave === true ? previous!.acronyms : undefined;
    let index = SearchIndex.build(sources, options.ranking, onProgress, previous, staleAcronyms);
    // Copied analyses are checked like a loaded index: should they not fit these sources, analyse everything.
    let checked = true;
    if (reused > 0 && checkIndexArrays(sources, indexArrays(index), index.vocabulary.size) !== null) {
      index = SearchIndex.build(sources, options.ranking, onProgress);
      checked = false;
    }
    bar?.finish();
    const origin: IndexOrigin = {
      kind: 'built',
      ms: performance.now() - started,
      why,
      ...(reused > 0 && checked ? { reused } : {}),
      ...(staleAcronyms && checked ? { staleAcronyms: true as const } : {}),
    };
    if (load.snapshotFile !== undefined && !load.deferSave) {
      try {
        origin.saved = { file: load.snapshotFile, bytes: saveSnapshot(load.snapshotFile, index) };
      } catch (err) {
        // A read-only disk costs the next start some time, not this one its answers.
        origin.saved = { file: load.snapshotFile, error: (err as Error).message };
      }
    }
    return { index, failures, origin };
  }

  /** Puts the corpus's fresh acronym table in place of a stand-in (`origin.staleAcronyms`). */
  useAcronyms(acronyms: Acronyms): void {
    this.index.acronyms = acronyms;
    if (this.origin.kind === 'built') delete this.origin.staleAcronyms;
  }

  /** Where and why saving a freshly built index failed, if it did (the answers are unaffected). */
  get saveFailure(): { file: string; error: string } | undefined {
    const { origin } = this;
    return origin.kind === 'built' && origin.saved && 'error' in origin.saved ? origin.saved : undefined;
  }

  get sources(): readonly Source[] {
    return this.index.sources;
  }

  source(id: SourceId): Source | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.index.sources[i];
  }

  /**
   * The paragraph of `sourceId` that holds the text at `[start, end)` (a quote's span), as the index split
   * it; undefined when there is no such source or the span lies outside its sentences.
   */
  paragraphAround(sourceId: SourceId, start: number, end: number): Span | undefined {
    const i = this.byId.get(sourceId);
    if (i === undefined) return undefined;
    const { sentStart, sentEnd, sentParagraph, paraSentStart, sourceSentStart } = this.index.segments;
    // The last sentence of the source that starts at or before `start`: sentences are in reading order.
    let lo = sourceSentStart[i]!;
    let hi = sourceSentStart[i + 1]! - 1;
    if (hi < lo || sentStart[lo]! > start) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentStart[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    if (sentEnd[lo]! <= start) return undefined;
    const p = sentParagraph[lo]!;
    const span = { start: sentStart[paraSentStart[p]!]!, end: sentEnd[paraSentStart[p + 1]! - 1]! };
    return { start: span.start, end: Math.max(span.end, Math.min(end, this.index.sources[i]!.text.length)) };
  }

  ask(question: string, options: AskOptions = {}): Answer {
    const problem = invalidQuestion(question);
    if (problem) return decline(question, 'invalid', problem);
    const limit = Math.max(1, Math.min(options.limit ?? this.options.compose.maxQuotes, 10));
    let allow = this.sourceFilter(options.sourceId);
    if (allow === null) return decline(question, 'invalid', `There is no source with ID "${options.sourceId}".`);
    const screened = screenQuestion(question);
    if (screened) return decline(question, screened, screenedMessage(screened));
    if (inAnotherScript(question)) return decline(question, 'invalid', MESSAGES.otherScript);
    // "what does the 003 article say about…" is asked of that source, as `/ask source:` is, without its words. A
    // favour asked of the other members beside the question is none of it, nor what comes before "question:".
    let asked = withoutMemberRequests(afterQuestionMarker(question));
    // The plan of what is asked, once made for the rest after a source's name.
    let askedPlan: QueryPlan | undefined;
    const named = allow === undefined ? this.sourceNames.named(question) : undefined;
    if (named) {
      const only = new Set(named.ids.map((id) => this.byId.get(id)!));
      allow = (i) => only.has(i);
      if (asksForTitle(named.rest)) return this.titles(question, [...only]);
      const restPlan = this.plan(named.rest);
      if (restPlan.terms.length > 0) [asked, askedPlan] = [named.rest, restPlan];
    }
    const parts = questionParts(asked);
    if (parts.length > 1) {
      const plans = parts.map((part) => this.plan(part));
      if (plans.every((plan) => plan.terms.length > 0)) return this.answerEach(question, parts, plans, limit, allow);
    }
    const plan = askedPlan ?? this.plan(asked);
    if (plan.terms.length === 0) return decline(question, 'invalid', MESSAGES.noWords);
    if (asksForHeading(asked)) {
      const heading = this.heading(question, plan, allow);
      if (heading !== undefined) return heading;
    }
    // A question that names the year of some sources asks what they say; if they say nothing of it, the rest may.
    const answer = this.answerInYear(question, plan, limit, allow, plan.sourceYear);
    // A question followed by a question of its own words ("How does the Pentagon see it? A one-off gesture, or one
    // piece of something bigger?"): what the follow-up adds must not make the first off the subject. Passages that are
    // only the closest to the first are shown when it names something the sources do, or points back at their subject
    // ("this"): a club's questions in a row ("when is a hand tackle legal? …tips for rolling back up?") are off the
    // subject, each as all.
    const first = FIRST_QUESTION.exec(asked)?.[0];
    if (answer.reason?.kind === 'off-topic' && first !== undefined && /\p{L}[^?]*\?/u.test(asked.slice(first.length))) {
      const alone = this.plan(first);
      if (alone.terms.length > 0) {
        const firstAnswer = this.answerPlan(question, alone, limit, allow);
        if (firstAnswer.quotes.length > 0 && (firstAnswer.outcome === 'answered' || alone.pointsBack || namesKnown(alone))) return firstAnswer;
      }
    }
    return answer;
  }

  /**
   * The title line of each source, quoted as it stands in the file ("what's the 003 article's headline"); a
   * source whose title comes from its metadata and is not in its text has no line to quote.
   */
  private titles(question: string, sourceIndexes: readonly number[]): Answer {
    const quotes: Quote[] = [];
    for (const i of sourceIndexes) {
      const source = this.index.sources[i]!;
      const start = source.text.indexOf(source.title, source.bodyStart);
      if (source.title === '' || start < 0) continue;
      quotes.push({ sourceId: source.id, text: source.title, start, end: start + source.title.length, score: 1 });
    }
    if (quotes.length === 0) return decline(question, 'no-match', MESSAGES.notFound);
    return { question, outcome: 'answered', answered: true, quotes };
  }

  /**
   * The heading of the section a question asks about ("what heading does the 003 article put over its part about
   * escalation"): a heading among the best-ranked sentences that says one of the question's words or a word close
   * to it ("Escalation Concerns: A New Phase of Conflict?"), quoted as the answer. Headings are otherwise quoted
   * only when nothing else says anything (`compose.ts`). Undefined when none does: the question is then answered
   * as any other.
   */
  private heading(question: string, plan: QueryPlan, allow: ((sourceIndex: number) => boolean) | undefined): Answer | undefined {
    const { termSequence, sentTermStart } = this.index.segments;
    for (const r of this.rank(plan, HEADING_DEPTH, allow)) {
      if (!this.index.isHeading(r.sentence)) continue;
      for (let i = sentTermStart[r.sentence]!; i < sentTermStart[r.sentence + 1]!; i++) {
        const term = termSequence[i]!;
        if (!plan.termIds.includes(term) && !plan.related.has(term)) continue;
        const source = this.index.sources[r.sourceIndex]!;
        return {
          question,
          outcome: 'answered',
          answered: true,
          quotes: [{ sourceId: source.id, text: source.text.slice(r.start, r.end), start: r.start, end: r.end, score: r.score }],
        };
      }
    }
    return undefined;
  }

  private answerPlan(question: string, plan: QueryPlan, limit: number, allow: ((sourceIndex: number) => boolean) | undefined): Answer {
    // A question about change looks further down the ranking, where an older (or newer) source may be.
    const depth = limit * CANDIDATES_PER_QUOTE * (plan.asksAboutChange ? 2 : 1);
    const ranked = this.rank(plan, depth, allow);
    const candidates = this.candidatesOf(plan, ranked);
    return composeAnswer(
      question,
      candidates,
      this.index.sources,
      { ...this.options.compose, maxQuotes: limit },
      {
        asksAboutChange: plan.asksAboutChange,
        askedTerms: plan.termIds,
        chosenSource: allow !== undefined,
        eras: plan.asksAboutChange ? this.eras(plan, ranked, allow) : undefined,
        namesTopic: topicNames(plan).length > 0 || this.saysSpelledOut(plan, candidates),
        namesKnown: namesKnown(plan),
        pointsBack: plan.pointsBack,
        saysTogether: this.saysTogether(plan, candidates),
        sentenceAfter: (c) => this.sentenceAfter(plan, c),
        ...this.subjectOf(plan),
      },
    );
  }

  /**
   * The sentence after `c` in its source, with its evidence and a score of 0 (`QuestionFacts.sentenceAfter`): "They
   * have insisted such measures would allow them to defend cities…" says little of "what did kyiv say it could
   * protect better if washington dropped the rules" in its own words, and ranks far below the sentence before it,
   * which it reads on from.
   */
  private sentenceAfter(plan: QueryPlan, c: Candidate): Candidate | undefined {
    const next = c.sentence + 1;
    if (next >= this.index.sentenceCount || this.index.sourceOf(next) !== c.sourceIndex) return undefined;
    return this.candidatesOf(plan, [this.located(next, 0)])[0];
  }

  /**
   * Whether some candidate says in a row the terms of a name the question gives by an acronym the corpus never
   * writes (`QueryPlan.spelledOut`): "the un guy" asks about the "United Nations" the sources name, however little
   * else the question says in their words.
   */
  private saysSpelledOut(plan: QueryPlan, candidates: readonly Candidate[]): boolean {
    if (plan.spelledOut.length === 0) return false;
    return candidates.some((c) => plan.spelledOut.some((name) => this.index.saysInARow(c.sentence, name)));
  }

  /**
   * Whether some candidate, read with the sentences beside it in its source, says two of the question's words
   * (or corpus words standing for them at `TOGETHER_CLOSENESS`), or the question has only one word to say:
   * `QuestionFacts.saysTogether`. Passages that each share one word with "how many people live in canada"
   * ("killed up to 20 people", "a visit to Canada") are about something else.
   */
  private saysTogether(plan: QueryPlan, candidates: readonly Candidate[]): boolean {
    let searched = 0;
    for (let q = 0; q < plan.terms.length; q++) if (plan.termIdOf[q]! >= 0 || plan.termIdf[q]! > 0) searched++;
    if (searched < 2) return true;
    const { termSequence, sentTermStart } = this.index.segments;
    const questionTermOf = (t: number) => {
      const q = plan.termIdOf.indexOf(t);
      if (q >= 0) return q;
      const r = plan.related.get(t);
      return r !== undefined && r.similarity >= TOGETHER_CLOSENESS ? r.of : -1;
    };
    for (const c of candidates) {
      let first = -1;
      const from = Math.max(0, c.sentence - 1);
      const to = Math.min(this.index.sentenceCount - 1, c.sentence + 1);
      for (let s = from; s <= to; s++) {
        if (this.index.sourceOf(s) !== c.sourceIndex) continue;
        for (let i = sentTermStart[s]!; i < sentTermStart[s + 1]!; i++) {
          const q = questionTermOf(termSequence[i]!);
          if (q < 0 || q === first) continue;
          if (first >= 0) return true;
          first = q;
        }
      }
    }
    return false;
  }

  /**
   * What the question says of the corpus's subject, in one pass over its terms and the corpus terms close to
   * them: `QuestionFacts.saysTopic` (a question term, or a corpus term very close to one, the corpus is
   * characteristically about), `strangeShare` (how much of it is words the corpus neither has nor has a close
   * word for) and `topicSaid` (how strongly its words, or corpus words close to them, say that subject).
   */
  private subjectOf(plan: QueryPlan): { saysTopic: boolean; nearTopic: boolean; strangeShare: number; topicSaid: number } {
    const { character } = this.helpers;
    const closest = new Float64Array(plan.terms.length);
    const topicOf = Float64Array.from(plan.termTopic);
    // "This", standing alone, points at what the channel speaks of, which is the corpus's subject.
    let saysTopic = !character || plan.pointsBack || plan.termTopic.some((topic) => topic >= TOPIC_TERM);
    // Whether a word of the question, not a common one, is close to a word the corpus is about ("pledge":
    // "committed"), if not as close as `saysTopic` asks.
    let nearTopic = false;
    for (const [termId, { of, similarity }] of plan.related) {
      if (similarity > closest[of]!) closest[of] = similarity;
      if (similarity >= STRANGE_CLOSENESS && character !== undefined && character[termId]! >= TOPIC_TERM && plan.termRarity[of]! >= NEAR_TOPIC_RARITY)
        nearTopic = true;
      const said = similarity * (character?.[termId] ?? 1);
      if (said > topicOf[of]!) topicOf[of] = said;
      if (similarity >= TOPIC_CLOSENESS && character !== undefined && character[termId]! >= TOPIC_TERM) saysTopic = true;
    }
    let weight = 0;
    let strange = 0;
    let topicSaid = 0;
    for (let q = 0; q < plan.terms.length; q++) {
      weight += plan.termIdf[q]!;
      if (plan.termIdOf[q]! < 0 && closest[q]! < STRANGE_CLOSENESS) strange += plan.termIdf[q]!;
      if (topicOf[q]! > topicSaid) topicSaid = topicOf[q]!;
    }
    // A question none of whose words the corpus has is as strange to it, however close a word of its comes to
    // one of the corpus's: "how deep is the ocean" has only "ocean", near the "Sea" of "Sea of Azov". Unless
    // that word is one the corpus is about: "is the pledge dead" asks, in its own word, after "Ukraine has
    // committed not to … target Russian territory".
    const knowsNone = !nearTopic && plan.termIdOf.every((id) => id < 0);
    return { saysTopic, nearTopic, strangeShare: knowsNone ? 1 : weight > 0 ? strange / weight : 0, topicSaid: character ? topicSaid : 1 };
  }

  /**
   * A message that asks several questions ("how far can they go and how much do they cost"): each is answered
   * on its own and their quotes are taken in turn, the best of each first. Read as one, the two questions'
   * words would pull the ranking towards sentences that say a little of both. It is an answer only when every
   * part is answered; a part with nothing to quote leaves the others' closest passages.
   */
  private answerEach(
    question: string,
    parts: readonly string[],
    plans: readonly QueryPlan[],
    limit: number,
    allow: ((sourceIndex: number) => boolean) | undefined,
  ): Answer {
    // A year named in one part names the sources of every part that names none ("What breakthrough did the 2023 report
    // say had happened, and what might it open up for the Ukrainians?"), as it does for a question asked whole.
    const years = new Set(plans.flatMap((plan) => plan.sourceYear ?? []));
    const sharedYear = years.size === 1 ? [...years][0] : undefined;
    const answers = parts.map((part, i) => this.answerInYear(part, plans[i]!, limit, allow, plans[i]!.sourceYear ?? sharedYear));
    const quoted = answers.filter((a) => a.quotes.length > 0);
    if (quoted.length === 0) return { ...answers[0]!, question };
    const quotes: Quote[] = [];
    const seen = new Set<string>();
    for (let turn = 0; quotes.length < limit && turn < limit; turn++) {
      for (const answer of quoted) {
        const quote = answer.quotes[turn];
        if (!quote || quotes.length >= limit) continue;
        // Two parts may find the same passage: it is shown once.
        const key = `${quote.sourceId}:${quote.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        quotes.push(quote);
      }
    }
    const answered = answers.every((a) => a.outcome === 'answered');
    return { question, outcome: answered ? 'answered' : 'closest', answered, quotes };
  }

  /**
   * For a question about change: the best passages of the oldest and of the newest dated sources its passages
   * come from, each searched for within the sources of that date (what was said then is worded as things stood
   * then, and may rank far below what is said now).
   */
  private eras(plan: QueryPlan, ranked: readonly RankedSentence[], allow: ((sourceIndex: number) => boolean) | undefined): Eras | undefined {
    const { sources } = this.index;
    const dates = erasOf(ranked, sources);
    if (!dates) return undefined;
    // A then and a now need both to speak of what the question names: the 2023 article never names Kursk, and
    // "is ukraine winning in kursk rn" has no earlier position to show beside today's. (Names the corpus is
    // about, as for `namesTopic`: "Experts", capitalised where it opens sentences, is tagged a name.)
    // A name counts said in another spelling of it ("Zelensky" in 2024 for 2023's "Zelenskiy": `NAME_VARIANT`), a
    // name too, not a word merely close to it.
    const { names: nameTerms } = this.helpers;
    const spellings = (t: number) => {
      const of = plan.termIdOf.indexOf(t);
      return [t, ...[...plan.related].filter(([id, r]) => r.of === of && r.similarity >= NAME_VARIANT && nameTerms?.[id] === 1).map(([id]) => id)];
    };
    // A name the member tells of one time ("Back in 2023 Ukraine was fighting south to the Sea of Azov. Where is the
    // focus by November 2024?") is theirs to give, not one the other time must say.
    const names = topicNames(plan)
      .filter((t) => !plan.termToldOfAYear[plan.termIdOf.indexOf(t)])
      .map(spellings);
    const speaksOfNames = (date: string) =>
      names.every((ts) => sources.some((s, i) => s.meta.published === date && (!allow || allow(i)) && ts.some((t) => this.index.articleIndex.contains(t, i))));
    if (!speaksOfNames(dates.oldest) || !speaksOfNames(dates.newest)) return undefined;
    const within = (date: string) =>
      this.candidatesOf(
        plan,
        this.rank(plan, ERA_DEPTH, (i) => sources[i]!.meta.published === date && (!allow || allow(i))),
      );
    return { older: within(dates.oldest), newer: within(dates.newest), asked: new Set([...plan.termIds, ...plan.related.keys()]) };
  }

  /**
   * The `k` best sentences for a question, best first, without declining: what `ask` chooses its quotes
   * from. For evaluations and tests.
   */
  rankSentences(question: string, k: number, options: Pick<AskOptions, 'sourceId'> = {}): RankedSentence[] {
    const allow = this.sourceFilter(options.sourceId);
    if (allow === null) return [];
    return this.rank(this.plan(question), k, allow);
  }

  /**
   * The ranked sentences `ask` chooses its quotes from, best first, each with the evidence it holds: for
   * calibrating when to decline.
   */
  candidates(question: string, k: number, options: Pick<AskOptions, 'sourceId'> = {}): Candidate[] {
    const allow = this.sourceFilter(options.sourceId);
    if (allow === null) return [];
    const plan = this.plan(question);
    return this.candidatesOf(plan, this.rank(plan, k, allow));
  }

  /**
   * The ranked sentences the composer may quote, with their evidence: the best, and those scoring at least
   * `relativeFloor` of it (the composer never quotes the rest, so their evidence is not worked out).
   */
  private candidatesOf(plan: QueryPlan, ranked: RankedSentence[]): Candidate[] {
    const weights = questionWeights(plan);
    // What was said before a change may rank well below what is said now: a question about change looks deeper.
    const relativeFloor = plan.asksAboutChange ? Math.min(CHANGE_FLOOR, this.options.compose.relativeFloor) : this.options.compose.relativeFloor;
    const { termSequence, sentTermStart } = this.index.segments;
    const floor = (ranked[0]?.score ?? 0) * relativeFloor;
    const out: Candidate[] = [];
    for (const r of ranked) {
      if (out.length > 0 && r.score < floor) break;
      const evidence = evidenceOf(this.index, plan, r.sentence, this.reranker.answerTypeMet(plan, r.sentence), this.options.compose, weights);
      out.push({
        sentence: r.sentence,
        sourceIndex: r.sourceIndex,
        start: r.start,
        end: r.end,
        score: r.score,
        terms: termSequence.subarray(sentTermStart[r.sentence]!, sentTermStart[r.sentence + 1]!),
        // Only a question about change weighs whether quotes differ in polarity.
        negated: plan.asksAboutChange && NEGATION.test(this.index.sources[r.sourceIndex]!.text.slice(r.start, r.end)),
        heading: this.index.isHeading(r.sentence),
        ...evidence,
      });
    }
    return out;
  }

  /** The question as the index knows it; Discord's markup (mentions, custom emoji) is not part of it. */
  private plan(question: string): QueryPlan {
    return planQuery(this.index, withoutDiscordMarkup(question), this.helpers);
  }

  /**
   * The answer from the sources published in `year` (the year the question names, `QueryPlan.sourceYear`), within
   * `allow`; from all of `allow` when there is no year or its sources have nothing to quote.
   */
  private answerInYear(
    question: string,
    plan: QueryPlan,
    limit: number,
    allow: ((sourceIndex: number) => boolean) | undefined,
    year: string | undefined,
  ): Answer {
    if (year !== undefined) {
      const { sources } = this.index;
      const ofYear = (i: number) => sources[i]!.meta.published?.startsWith(year) === true && (!allow || allow(i));
      const answer = this.answerPlan(question, plan, limit, ofYear);
      if (answer.quotes.length > 0) return answer;
    }
    return this.answerPlan(question, plan, limit, allow);
  }

  /** `undefined` for every source, `null` for an unknown ID. */
  private sourceFilter(sourceId: SourceId | undefined): ((sourceIndex: number) => boolean) | undefined | null {
    if (sourceId === undefined) return undefined;
    const only = this.byId.get(sourceId);
    return only === undefined ? null : (i) => i === only;
  }

  private rank(plan: QueryPlan, k: number, allow: ((sourceIndex: number) => boolean) | undefined): RankedSentence[] {
    const candidates = this.retriever.retrieve(plan, Math.max(k, this.index.params.rerankDepth), allow);
    return this.reranker
      .rerank(plan, candidates)
      .slice(0, k)
      .map(({ doc, score }) => this.located(doc, score));
  }

  private located(sentence: number, score: number): RankedSentence {
    const { sentStart, sentEnd } = this.index.segments;
    return { sentence, sourceIndex: this.index.sourceOf(sentence), start: sentStart[sentence]!, end: sentEnd[sentence]!, score };
  }

  /**
   * The final score of every sentence (0 where nothing matches), for evaluations that rank the whole corpus:
   * BM25 with context for all, re-ranked where it counts (the BM25 top `rerankDepth`).
   */
  scoreAll(question: string): Float32Array {
    const plan = this.plan(question);
    const scores = this.retriever.scoreAll(plan);
    const best = new TopK(this.index.params.rerankDepth);
    for (let s = 0; s < scores.length; s++) if (scores[s]! > 0) best.offer(s, scores[s]!);
    for (const { doc, score } of this.reranker.rerank(plan, best.sorted())) scores[doc] = score;
    return scores;
  }

  /**
   * Every sentence of one source (or of the corpus), best first, with the score `ask` ranks by and without
   * declining: for measuring the ranking apart from the composer. Sentences nothing matched follow with
   * score 0, in reading order. Meant for one source at a time: the whole of a large corpus is a slow sort.
   */
  rankAll(question: string, options: Pick<AskOptions, 'sourceId'> = {}): RankedSentence[] {
    let [from, to] = [0, this.index.sentenceCount];
    if (options.sourceId !== undefined) {
      const only = this.byId.get(options.sourceId);
      if (only === undefined) throw new Error(`There is no source with ID "${options.sourceId}".`);
      const { sourceSentStart } = this.index.segments;
      [from, to] = [sourceSentStart[only]!, sourceSentStart[only + 1]!];
    }
    const ranked = this.rankSentences(question, to - from, options);
    const seen = new Set(ranked.map((r) => r.sentence));
    for (let s = from; s < to; s++) if (!seen.has(s)) ranked.push(this.located(s, 0));
    return ranked;
  }
}

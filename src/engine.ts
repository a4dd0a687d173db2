/**
 * The answer engine: one object that the CLI, the tests and the Discord bot all ask the same way.
 * It is immutable once built; a corpus reload builds a new engine and swaps it in one assignment.
 */
import { loadCorpus } from './corpus.ts';
import { composeAnswer, decline, DEFAULT_COMPOSE, invalidQuestion, type ComposeOptions } from './compose.ts';
import { progress } from './progress.ts';
import { DEFAULT_RANKING, SearchIndex, type RankedSentence, type RankingParams } from './search-index.ts';
import { loadSnapshot, saveSnapshot } from './snapshot.ts';
import type { Answer, LoadFailure, Source, SourceId } from './types.ts';

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
   * A saved index to start from: used when it is newer than the corpus and was made from the same
   * files, else the index is rebuilt and saved there. Omit to always build in memory.
   */
  snapshotFile?: string;
  /** Show a progress bar (or plain lines) on standard error while a long build runs. */
  showProgress?: boolean;
}

/** How the engine got its index, for logs and benchmarks. */
export type IndexOrigin =
  | { kind: 'loaded'; file: string; ms: number }
  | { kind: 'built'; ms: number; why: string; saved?: { file: string; bytes: number } | { file: string; error: string } };

/** How many ranked sentences the composer sees per quote it may return: room to find other sources. */
const CANDIDATES_PER_QUOTE = 8;

export class AnswerEngine {
  private readonly byId: Map<SourceId, number>;

  constructor(
    readonly index: SearchIndex,
    readonly failures: readonly LoadFailure[],
    readonly options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
    readonly origin: IndexOrigin = { kind: 'built', ms: 0, why: 'built by the caller' },
  ) {
    this.byId = new Map(index.sources.map((s, i) => [s.id, i]));
  }

  /**
   * Loads every source in `corpusDir` (bad files are in `failures`, the rest is searchable) and indexes
   * it, or takes the index from `load.snapshotFile` when that is up to date.
   */
  static async fromCorpus(corpusDir: string, options: EngineOptions = DEFAULT_ENGINE_OPTIONS, load: LoadOptions = {}): Promise<AnswerEngine> {
    const { sources, failures } = await loadCorpus(corpusDir);
    const started = performance.now();
    let why = 'no saved index asked for';
    if (load.snapshotFile !== undefined) {
      const saved = loadSnapshot(load.snapshotFile, sources, options.ranking);
      if (saved.index) return new AnswerEngine(saved.index, failures, options, { kind: 'loaded', file: load.snapshotFile, ms: performance.now() - started });
      why = saved.reason;
    }
    const bar = load.showProgress ? progress('Indexing sources', sources.length) : undefined;
    const index = SearchIndex.build(sources, options.ranking, bar && ((done) => bar.update(done)));
    bar?.finish();
    const origin: IndexOrigin = { kind: 'built', ms: performance.now() - started, why };
    if (load.snapshotFile !== undefined) {
      try {
        origin.saved = { file: load.snapshotFile, bytes: saveSnapshot(load.snapshotFile, index) };
      } catch (err) {
        // A read-only disk costs the next start some time, not this one its answers.
        origin.saved = { file: load.snapshotFile, error: (err as Error).message };
      }
    }
    return new AnswerEngine(index, failures, options, origin);
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

  ask(question: string, options: AskOptions = {}): Answer {
    const problem = invalidQuestion(question);
    if (problem) return decline(question, 'invalid', problem);
    const limit = Math.max(1, Math.min(options.limit ?? this.options.compose.maxQuotes, 10));
    let allow: ((sourceIndex: number) => boolean) | undefined;
    if (options.sourceId !== undefined) {
      const only = this.byId.get(options.sourceId);
      if (only === undefined) return decline(question, 'invalid', `There is no source with ID "${options.sourceId}".`);
      allow = (i) => i === only;
    }
    const plan = this.index.plan(question);
    const ranked = this.index.rankSentences(plan, limit * CANDIDATES_PER_QUOTE, allow);
    return composeAnswer(question, this.index, plan, ranked, { ...this.options.compose, maxQuotes: limit });
  }

  /**
   * Every sentence of the allowed sources (one source with `sourceId`, else the corpus), best first, with
   * the score `ask` ranks by and without declining: for measuring the ranking apart from the composer.
   * Sentences nothing matched follow with score 0, in reading order. Meant for one source at a time: the
   * whole of a large corpus would be a slow sort.
   */
  rankAll(question: string, options: { sourceId?: SourceId } = {}): RankedSentence[] {
    const { sourceSentStart } = this.index.segments;
    let from = 0;
    let to = this.index.sentenceCount;
    let allow: ((sourceIndex: number) => boolean) | undefined;
    if (options.sourceId !== undefined) {
      const only = this.byId.get(options.sourceId);
      if (only === undefined) throw new Error(`There is no source with ID "${options.sourceId}".`);
      [from, to] = [sourceSentStart[only]!, sourceSentStart[only + 1]!];
      allow = (i) => i === only;
    }
    const ranked = this.index.rankSentences(this.index.plan(question), to - from, allow);
    const seen = new Set(ranked.map((r) => r.sentence));
    const { sentStart, sentEnd, sentParagraph, paraSource } = this.index.segments;
    for (let s = from; s < to; s++) {
      if (!seen.has(s)) ranked.push({ sentence: s, sourceIndex: paraSource[sentParagraph[s]!]!, start: sentStart[s]!, end: sentEnd[s]!, score: 0 });
    }
    return ranked;
  }
}

/**
 * The answer engine: one object that the CLI, the tests and the Discord bot all ask the same way.
 * It is immutable once built; a corpus reload builds a new engine and swaps it in one assignment.
 */
import { loadCorpus } from './corpus.ts';
import { composeAnswer, decline, DEFAULT_COMPOSE, invalidQuestion, type ComposeOptions } from './compose.ts';
import { DEFAULT_RANKING, SearchIndex, type RankingParams } from './search-index.ts';
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

/** How many ranked sentences the composer sees per quote it may return: room to find other sources. */
const CANDIDATES_PER_QUOTE = 8;

export class AnswerEngine {
  private readonly byId: Map<SourceId, number>;

  constructor(
    readonly index: SearchIndex,
    readonly failures: readonly LoadFailure[],
    readonly options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
  ) {
    this.byId = new Map(index.sources.map((s, i) => [s.id, i]));
  }

  /** Loads and indexes every source in `corpusDir`; bad files are in `failures`, the rest is searchable. */
  static async fromCorpus(corpusDir: string, options: EngineOptions = DEFAULT_ENGINE_OPTIONS): Promise<AnswerEngine> {
    const { sources, failures } = await loadCorpus(corpusDir);
    return new AnswerEngine(SearchIndex.build(sources, options.ranking), failures, options);
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
}

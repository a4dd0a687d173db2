/**
 * What the bot knows right now: the current engine, swapped in one assignment on reload so that a
 * question asked during a reload is answered from the old index, never from a half-built one. Builds run
 * in a worker thread (`buildInWorker`), so the bot keeps acknowledging and answering meanwhile.
 */
import type { AnswerEngine } from '../engine/engine.ts';
import type { SearchIndex } from '../engine/index/search-index.ts';
import { BuildTimeout, buildInWorker, stopSpareWorker, type SaveOutcome } from '../engine/rebuild.ts';
import type { LoadFailure, Source, SourceId } from '../types.ts';
import { NO_TELEMETRY, type Telemetry } from './health/telemetry.ts';

export interface ReloadReport {
  added: SourceId[];
  removed: SourceId[];
  changed: SourceId[];
  failed: LoadFailure[];
  sources: number;
  ms: number;
}

/**
 * How the library gets an engine; `timeoutMs` is absent for the first build at start-up, `previous` is the
 * current engine's sources (whose unchanged texts a build may reuse) and `previousIndex` its index (whose
 * analyses of unchanged sources it may reuse).
 */
export type BuildEngine = (
  corpusDir: string,
  options: { timeoutMs?: number; signal: AbortSignal; previous?: readonly Source[]; previousIndex?: SearchIndex; saveAfterReply?: boolean },
) => Promise<AnswerEngine>;

export interface LibraryOptions {
  /** The saved index to start from and keep up to date (see `AnswerEngine.fromCorpus`). */
  snapshotFile?: string;
  /** A reload that takes longer is stopped and reported; the current index keeps answering (default 300 s). */
  reloadTimeoutMs?: number;
  /** Draw build progress on standard error. */
  showProgress?: boolean;
  /** How an engine is built; default: in a worker thread. */
  build?: BuildEngine;
  /** Told where a reload's index was saved, or why it could not be (a reload swaps it in before saving). */
  onSaved?: (saved: SaveOutcome) => void;
  /** Where each reload's result is reported (metrics); default: nowhere. */
  telemetry?: Pick<Telemetry, 'reloaded'>;
}

/** Long enough for the 1M-sentence benchmark corpus (about 130 s on 2 cores), short of Discord's 15-minute token. */
export const DEFAULT_RELOAD_TIMEOUT_MS = 300_000;

export class Library {
  private running: Promise<ReloadReport> | null = null;
  private next: Promise<ReloadReport> | null = null;

  private constructor(
    private current: AnswerEngine,
    readonly corpusDir: string,
    private readonly build: BuildEngine,
    readonly reloadTimeoutMs: number,
    private readonly stopping: AbortController,
    private readonly telemetry: Pick<Telemetry, 'reloaded'>,
  ) {}

  /** Builds the first engine (with no time limit: a large corpus may take minutes) and keeps it. */
  static async open(corpusDir: string, options: LibraryOptions = {}): Promise<Library> {
    const build: BuildEngine =
      options.build ??
      ((dir, build) =>
        buildInWorker(dir, { ...build, snapshotFile: options.snapshotFile, showProgress: options.showProgress, onSaved: options.onSaved, keepWarm: true }));
    const stopping = new AbortController();
    const first = await build(corpusDir, { signal: stopping.signal });
    return new Library(first, corpusDir, build, options.reloadTimeoutMs ?? DEFAULT_RELOAD_TIMEOUT_MS, stopping, options.telemetry ?? NO_TELEMETRY);
  }

  get engine(): AnswerEngine {
    return this.current;
  }

  /**
   * Re-reads the corpus and swaps the index. It fails (the current index stays) when the build fails or
   * outlives `timeoutMs`; the next reload starts afresh. The result always reflects the folder as it was
   * when the reload was asked for: one asked for while another runs may follow a change that one has not
   * seen (a source just added from Discord), so it waits and runs once more (a single extra run, shared by
   * everyone who asks meanwhile).
   */
  reload({ timeoutMs = this.reloadTimeoutMs }: { timeoutMs?: number } = {}): Promise<ReloadReport> {
    if (!this.running) return this.start(timeoutMs);
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.start(timeoutMs);
      });
    return this.next;
  }

  private start(timeoutMs: number): Promise<ReloadReport> {
    this.running = this.swap(timeoutMs)
      .then(
        (report) => {
          this.telemetry.reloaded('ok');
          return report;
        },
        (err: unknown) => {
          this.telemetry.reloaded(err instanceof BuildTimeout ? 'timeout' : 'failed');
          throw err;
        },
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops a build that is running (its reload fails); for shutting down. */
  close(): void {
    this.stopping.abort();
    stopSpareWorker();
  }

  private async swap(timeoutMs: number): Promise<ReloadReport> {
    const started = performance.now();
    const before = this.current;
    // Members and the moderator waiting on a reload need the new index, not the saved file: that is written after.
    const after = await this.build(this.corpusDir, {
      timeoutMs,
      signal: this.stopping.signal,
      previous: before.sources,
      previousIndex: before.index,
      saveAfterReply: true,
    });
    const old = new Map(before.sources.map((s) => [s.id, s.contentHash]));
    const now = new Map(after.sources.map((s) => [s.id, s.contentHash]));
    this.current = after;
    return {
      added: [...now.keys()].filter((id) => !old.has(id)),
      removed: [...old.keys()].filter((id) => !now.has(id)),
      changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
      failed: [...after.failures],
      sources: after.sources.length,
      ms: Math.round(performance.now() - started),
    };
  }
}

/** Per-member wait between two questions. */
export class Cooldown {
  private readonly last = new Map<string, number>();

  constructor(private readonly ms: number) {}

  /** Milliseconds left before `user` may ask again; 0 means go ahead (and starts a new wait). */
  take(user: string, now = Date.now()): number {
    const wait = (this.last.get(user) ?? -Infinity) + this.ms - now;
    if (wait > 0) return wait;
    this.last.set(user, now);
    if (this.last.size > 10_000) for (const [u, t] of this.last) if (t + this.ms <= now) this.last.delete(u);
    return 0;
  }
}

/**
 * What the bot knows right now: the current engine, swapped in one assignment on reload so that a
 * question asked during a reload is answered from the old index, never from a half-built one.
 */
import { AnswerEngine, DEFAULT_ENGINE_OPTIONS, type LoadOptions } from '../engine.ts';
import type { LoadFailure, SourceId } from '../types.ts';

export interface ReloadReport {
  added: SourceId[];
  removed: SourceId[];
  changed: SourceId[];
  failed: LoadFailure[];
  sources: number;
  ms: number;
}

export class Library {
  private running: Promise<ReloadReport> | null = null;
  private next: Promise<ReloadReport> | null = null;

  private constructor(
    private current: AnswerEngine,
    readonly corpusDir: string,
    private readonly build: (dir: string) => Promise<AnswerEngine>,
  ) {}

  /** `load` says where the saved index lives; a reload uses it too, so an unchanged corpus reloads at once. */
  static async open(corpusDir: string, load: LoadOptions = {}, build = (dir: string) => AnswerEngine.fromCorpus(dir, DEFAULT_ENGINE_OPTIONS, load)): Promise<Library> {
    return new Library(await build(corpusDir), corpusDir, build);
  }

  get engine(): AnswerEngine {
    return this.current;
  }

  /**
   * Re-reads the corpus and swaps the index. The result always reflects the folder as it was when the
   * reload was asked for: one asked for while another runs may follow a change that one has not seen, so it
   * waits and runs once more (a single extra run, shared by everyone who asks meanwhile).
   */
  reload(): Promise<ReloadReport> {
    if (!this.running) return this.start();
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<ReloadReport> {
    this.running = this.swap().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async swap(): Promise<ReloadReport> {
    const started = performance.now();
    const before = this.current;
    const after = await this.build(this.corpusDir);
    const old = new Map(before.sources.map((s) => [s.id, s.text]));
    const now = new Map(after.sources.map((s) => [s.id, s.text]));
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

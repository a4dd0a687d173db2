/**
 * The records in SQLite, off the bot's thread: a worker thread owns the connection (`store-worker.ts`), and
 * every call here is a message to it with a deadline. Answering never waits for the database: a call that
 * is not answered in time rejects (`busy`), and one made while the database cannot be used rejects at once
 * (`unavailable`) until the worker has it open again.
 */
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../../worker.ts';
import {
  type AnswerRecord,
  type AuditEntry,
  type ChannelMode,
  type GapRow,
  type QuestionRecord,
  type QuestionStats,
  type RecordStore,
  StoreError,
  StoreStatus,
  type StoreState,
  type StoredAuditEntry,
} from '../records.ts';
import type { StoreMethod, StoreReply, StoreRequest, StoreWorkerData } from './store-worker.ts';

export interface SqliteStoreOptions {
  /** How long a statement waits for another process's write lock (default 1 s). */
  busyMs?: number;
  /** How long a call may take, queueing included, before it fails as `busy` (default 2.5 s). */
  callMs?: number;
  /** How often an unavailable database is opened again (default 30 s). */
  retryMs?: number;
  /** How often the worker checks that the path still names the open file (default 5 s). */
  checkMs?: number;
}

export const STORE_DEFAULTS: Required<SqliteStoreOptions> = { busyMs: 1_000, callMs: 2_500, retryMs: 30_000, checkMs: 5_000 };

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void; timer: NodeJS.Timeout };

export class SqliteStore implements RecordStore {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly status = new StoreStatus();
  private closed = false;
  private running = false;
  private readonly options: Required<SqliteStoreOptions>;
  /** Resolves once the worker has tried to open the database the first time, whatever came of it. */
  readonly settled: Promise<void>;
  private settle!: () => void;

  private constructor(
    private readonly dataDir: string,
    options: SqliteStoreOptions,
  ) {
    this.options = { ...STORE_DEFAULTS, ...options };
    this.settled = new Promise((resolve) => {
      this.settle = resolve;
    });
    this.worker = this.startWorker();
  }

  /** Starts the worker that opens (creating if needed) the database in `dataDir`; calls may be made at once. */
  static open(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
    return new SqliteStore(dataDir, options);
  }

  get state(): StoreState {
    return this.status.state;
  }

  onStateChange(listener: (state: StoreState) => void): void {
    this.status.onChange(listener);
  }

  private startWorker(): Worker {
    const { busyMs, retryMs, checkMs } = this.options;
    const workerData: StoreWorkerData = { dataDir: this.dataDir, busyMs, retryMs, checkMs };
    const worker = startSiblingWorker(import.meta.url, 'store-worker', { workerData });
    // The worker does not keep the process alive: the gateway (or a CLI's work) does.
    worker.unref();
    worker.on('message', (reply: StoreReply) => this.receive(reply));
    worker.on('error', (err) => this.workerDied(`the records' worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.running = false;
      if (!this.closed) this.workerDied(`the records' worker stopped (exit code ${code})`);
    });
    this.running = true;
    return worker;
  }

  private receive(reply: StoreReply): void {
    if (reply.type === 'state') {
      this.settle();
      this.status.set(reply.available ? { available: true } : { available: false, why: reply.why });
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return; // its caller gave up already
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new StoreError(reply.failure, reply.message));
  }

  /** A worker that died takes its calls with it; a new one is started after `retryMs`, the store unavailable till then. */
  private workerDied(why: string): void {
    this.settle();
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new StoreError('unavailable', why));
      this.pending.delete(id);
    }
    this.status.set({ available: false, why });
    const timer = setTimeout(() => {
      if (!this.closed) this.worker = this.startWorker();
    }, this.options.retryMs);
    timer.unref();
  }

  private call<T>(method: StoreMethod, ...args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('unavailable', 'the records are closed'));
    const id = this.nextId++;
    const deadline = Date.now() + this.options.callMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new StoreError('busy', 'the records did not answer in time'));
      }, this.options.callMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      const request: StoreRequest = { type: 'call', id, method, args, deadline };
      this.worker.postMessage(request);
    });
  }

  recordQuestion(r: QuestionRecord): Promise<number> {
    // The time is taken now, not when the worker gets to it.
    return this.call('recordQuestion', { ...r, at: r.at ?? Date.now() });
  }
  answerRecord(guildId: string, questionId: number): Promise<AnswerRecord | undefined> {
    return this.call('answerRecord', guildId, questionId);
  }
  voteOf(guildId: string, questionId: number, memberHash: string): Promise<boolean | undefined> {
    return this.call('voteOf', guildId, questionId, memberHash);
  }
  votesOn(guildId: string, questionId: number): Promise<{ helpful: number; notHelpful: number }> {
    return this.call('votesOn', guildId, questionId);
  }
  vote(guildId: string, questionId: number, memberHash: string, helpful: boolean): Promise<boolean> {
    return this.call('vote', guildId, questionId, memberHash, helpful, Date.now());
  }
  channelMode(guildId: string, channelId: string): Promise<ChannelMode> {
    return this.call('channelMode', guildId, channelId);
  }
  setChannelMode(guildId: string, channelId: string, mode: ChannelMode, setBy: string): Promise<ChannelMode> {
    return this.call('setChannelMode', guildId, channelId, mode, setBy, Date.now());
  }
  channelModes(guildId: string): Promise<{ channelId: string; mode: ChannelMode; setBy: string; setAt: number }[]> {
    return this.call('channelModes', guildId);
  }
  gaps(guildId: string, since: number, limit?: number): Promise<GapRow[]> {
    return this.call('gaps', guildId, since, limit);
  }
  stats(guildId: string, since: number): Promise<QuestionStats> {
    return this.call('stats', guildId, since);
  }
  audit(entry: AuditEntry): Promise<void> {
    return this.call('audit', { ...entry, at: entry.at ?? Date.now() });
  }
  history(guildId: string, limit?: number): Promise<StoredAuditEntry[]> {
    return this.call('history', guildId, limit);
  }

  async deleteQuestionsBefore(cutoff: number): Promise<number> {
    // One batch per call: members' writes queue between batches instead of behind the whole deletion.
    let deleted = 0;
    for (let n = await this.call<number>('deleteQuestionBatch', cutoff); n > 0; n = await this.call<number>('deleteQuestionBatch', cutoff)) deleted += n;
    if (deleted > 0) await this.call('checkpoint');
    return deleted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new StoreError('unavailable', 'the records are closed'));
      this.pending.delete(id);
    }
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' } satisfies StoreRequest);
    // A worker stuck in a busy wait gets its wait's length, then is stopped.
    const timer = setTimeout(() => void this.worker.terminate(), this.options.busyMs + 1_000);
    await exited;
    clearTimeout(timer);
  }
}

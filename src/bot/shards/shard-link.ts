/**
 * A shard process's side of the conversation with its shard manager (`sharding.ts` has the messages): it
 * answers the manager's questions about readiness and metrics, reloads the corpus when another shard changed
 * it, asks the manager to have the others reload after a change here, and says so when it cannot run.
 */
import type { PeerReload, Peers } from '../context.ts';
import type { BotHealth } from '../health/health.ts';
import type { Library } from '../library.ts';
import type { Logger } from '../health/log.ts';
import { isQuotebotMessage, PendingReplies, type FromShard, type ToShard } from './sharding.ts';

/** Longer than a reload may take in a shard (`RELOAD_TIMEOUT_SECONDS`), with time to spare for loading it. */
const RELOAD_MARGIN_MS = 30_000;

export class ShardLink implements Peers {
  private library: Library | undefined;
  private health: BotHealth | undefined;
  /** Reload requests that came before the index was loaded: answered once it is (see `serve`). */
  private early: Extract<ToShard, { quotebot: 'reload' }>[] = [];
  private readonly replies = new PendingReplies<PeerReload[]>();

  /**
   * Listens from now on and tells the manager so. Start it before the index loads: the manager then knows
   * that a reload asked for after this point reaches this shard, and one asked for before it cannot matter,
   * since this shard has not read the corpus folder yet.
   */
  constructor(
    readonly shard: number,
    private readonly log: Logger,
    private readonly reloadTimeoutMs: number,
  ) {
    process.on('message', (message) => {
      if (isQuotebotMessage<ToShard>(message)) void this.receive(message);
    });
    this.send({ quotebot: 'listening', shard });
  }

  /** The index is loaded: from now on reload requests reload it, and status requests report on it. */
  serve(library: Library, health: BotHealth | undefined): void {
    this.library = library;
    this.health = health;
    for (const request of this.early.splice(0)) void this.reload(request);
  }

  async reloadOthers(): Promise<PeerReload[]> {
    if (!process.send || !process.connected) throw new Error('the shard manager is gone');
    const { id, reply } = this.replies.open(this.reloadTimeoutMs + RELOAD_MARGIN_MS);
    this.send({ quotebot: 'reload-others', id });
    const results = await reply;
    if (!results) throw new Error('the shard manager did not answer');
    return results;
  }

  /** Tells the manager that this shard cannot run, so that it stops every shard rather than restarting this one. */
  fatal(reason: string): Promise<void> {
    return new Promise((resolve) => {
      if (!process.send || !process.connected) return resolve();
      process.send({ quotebot: 'fatal', shard: this.shard, reason } satisfies FromShard, undefined, {}, () => resolve());
    });
  }

  private async receive(message: ToShard): Promise<void> {
    if (message.quotebot === 'reloaded-others') this.replies.settle(message.id, message.results);
    else if (message.quotebot === 'status') {
      const health = this.health;
      const readiness = health ? health.readiness() : { ready: false as const, waitingFor: ['the index is loading'] };
      this.send({ quotebot: 'status', id: message.id, readiness, ...(message.metrics && health ? { metrics: await health.registry.getMetricsAsJSON() } : {}) });
    } else if (message.quotebot === 'reload') {
      if (this.library) await this.reload(message);
      else this.early.push(message);
    }
  }

  private async reload(request: Extract<ToShard, { quotebot: 'reload' }>): Promise<void> {
    let result: PeerReload;
    try {
      const report = await this.library!.reload();
      this.log.log(report.failed.length ? 'warn' : 'info', 'corpus_reloaded', { ...report, asked_by_shard: request.by });
      result = { shard: this.shard, outcome: 'reloaded', sources: report.sources };
    } catch (err) {
      this.log.log('error', 'corpus_reload_failed', { asked_by_shard: request.by, error: err });
      result = { shard: this.shard, outcome: 'failed', why: err instanceof Error ? err.message : String(err) };
    }
    this.send({ quotebot: 'reloaded', id: request.id, result });
  }

  private send(message: FromShard): void {
    // The manager may be gone (the process is about to stop: see `disconnect` in run.ts).
    if (process.send && process.connected) process.send(message);
  }
}

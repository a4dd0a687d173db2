/**
 * Health checks and metrics over HTTP, for a supervisor (Docker's HEALTHCHECK, Kubernetes probes) and
 * Prometheus: `/healthz` answers while the process runs, `/readyz` only while the bot can answer (its index
 * is loaded, every gateway connection is up, it is not shutting down), `/metrics` in Prometheus text format.
 *
 * The bot feeds `BotHealth` through the `Telemetry` interface and never reads it back. The listener is off
 * unless `METRICS_PORT` is set, and binds to 127.0.0.1 unless `METRICS_HOST` says otherwise: the metrics
 * hold no questions or secrets, but nothing outside the machine needs them without being let in on purpose.
 * A sharded bot (`SHARDS`) has one listener, in the shard manager, over every shard's `BotHealth`
 * (`shard-manager.ts`): one port to probe and scrape, however many shards run.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from './log.ts';
import { CARD_BUTTONS, type GatewayEvent, type Handled, type ReloadResult, type Telemetry } from './telemetry.ts';
import type { StoreFailure, StoreState } from '../../store/records.ts';

/** What the index gauges read at each scrape: the engine answering right now (it changes on reload). */
export interface IndexedLibrary {
  readonly engine: { readonly sources: readonly unknown[]; readonly failures: readonly unknown[]; readonly index: { readonly sentenceCount: number } };
}

/**
 * Whether the bot can answer. Ready but `degraded`: it answers, and something it can do without is missing
 * (the records), which an operator should see without the bot being taken out of service.
 */
export type Readiness = { ready: true; degraded?: string[] } | { ready: false; waitingFor: string[] };

/** What the bot reports a question as (a command's name, or how a message reached it) → the `via` label. */
const QUESTIONS: ReadonlyMap<string, string> = new Map([
  ['ask', 'ask'],
  ['mention', 'mention'],
  ['Find in sources', 'message-command'],
  ['auto', 'auto'],
]);
/** An answer card's buttons are reported as `ask:<button>`. */
const ANSWER_BUTTON = 'ask:';

/** What the listener serves: a bot process's own health, or a shard manager's view of its shards'. */
export interface HealthSource {
  readiness(): Readiness | Promise<Readiness>;
  metrics(): Promise<{ contentType: string; text: string }>;
}

export class BotHealth implements Telemetry, HealthSource {
  /** A registry of its own (not prom-client's global one), so that two bots in one process stay apart. */
  readonly registry = new Registry();
  private library: IndexedLibrary | undefined;
  /** Each gateway connection seen so far, by shard: up or not. */
  private readonly shards = new Map<number, boolean>();
  private isStopping = false;
  private store: { readonly state: StoreState } | undefined;

  private readonly questions = new Counter({
    name: 'quotebot_questions_total',
    help: 'Questions handled, by how they were asked (ask, mention, message-command, auto) and outcome.',
    labelNames: ['via', 'outcome'],
    registers: [this.registry],
  });
  private readonly answerSeconds = new Histogram({
    name: 'quotebot_answer_duration_seconds',
    help: 'Time from receiving a question to its final reply, by how it was asked and outcome.',
    labelNames: ['via', 'outcome'],
    // Discord allows 3 s to acknowledge; an answer is a few milliseconds of ranking plus two REST calls.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly reloads = new Counter({
    name: 'quotebot_reloads_total',
    help: 'Corpus reloads, by result (ok, failed, timeout).',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly records = new Counter({
    name: 'quotebot_question_records_total',
    help: 'Questions written to the database (stored), or not (failed: see record_failed in the log).',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly recordFailures = new Counter({
    name: 'quotebot_record_failures_total',
    help: 'Questions that could not be recorded, by why: busy (another process held the lock), unavailable (the database could not be opened or written), failed (anything else).',
    labelNames: ['failure'],
    registers: [this.registry],
  });
  private readonly buttons = new Counter({
    name: 'quotebot_answer_buttons_total',
    help: "Presses of an answer card's buttons (vote, more, passage, share), by outcome.",
    labelNames: ['button', 'outcome'],
    registers: [this.registry],
  });
  private readonly reconnects = new Counter({
    name: 'quotebot_gateway_reconnects_total',
    help: 'Attempts to reconnect to the Discord gateway.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const engine = () => this.library?.engine;
    // A shard manager adds up its shards' metrics (counters are summed); each shard holds the whole index,
    // so the index gauges take the largest, and the gateway is connected only if it is in every shard.
    this.gauge('quotebot_index_sources', 'Sources in the index answering now.', () => engine()?.sources.length, 'max');
    this.gauge('quotebot_index_sentences', 'Sentences in the index answering now.', () => engine()?.index.sentenceCount, 'max');
    this.gauge('quotebot_index_skipped_files', 'Corpus files skipped at the last load (see the log for why).', () => engine()?.failures.length, 'max');
    this.gauge('quotebot_gateway_connected', '1 while every gateway connection is up.', () => (this.gatewayUp() ? 1 : 0), 'min');
    // Counters are there from the start, at zero, so that a rate over them needs no first event.
    for (const result of ['ok', 'failed', 'timeout'] satisfies ReloadResult[]) this.reloads.inc({ result }, 0);
    for (const result of ['stored', 'failed']) this.records.inc({ result }, 0);
    for (const failure of ['busy', 'unavailable', 'failed'] satisfies StoreFailure[]) this.recordFailures.inc({ failure }, 0);
    this.gauge(
      'quotebot_records_available',
      '1 while the records (questions, votes, settings) can be read and written.',
      () => (this.storeAvailable() ? 1 : 0),
      'min',
    );
  }

  /** The first index is loaded: from now on the index gauges read `library`'s current engine. */
  serving(library: IndexedLibrary): void {
    this.library = library;
  }

  /** Shutting down: not ready from now on, so that a load balancer stops sending work here. */
  stopping(): void {
    this.isStopping = true;
  }

  /** The records' store, whose state readiness and `quotebot_records_available` report. */
  watchStore(store: { readonly state: StoreState }): void {
    this.store = store;
  }

  readiness(): Readiness {
    const waitingFor: string[] = [];
    if (this.isStopping) waitingFor.push('the bot is shutting down');
    if (!this.library) waitingFor.push('the index is loading');
    if (!this.gatewayUp()) waitingFor.push('the gateway is not connected');
    if (waitingFor.length > 0) return { ready: false, waitingFor };
    // Answering needs no records: without them the bot is degraded, not out of service.
    const state = this.store?.state;
    return state && !state.available ? { ready: true, degraded: [`the records are unavailable (${state.why})`] } : { ready: true };
  }

  private storeAvailable(): boolean {
    return this.store?.state.available ?? true;
  }

  async metrics(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  handled(command: string, outcome: Handled, seconds: number): void {
    const via = QUESTIONS.get(command);
    if (via) {
      this.questions.inc({ via, outcome });
      this.answerSeconds.observe({ via, outcome }, seconds);
    } else if (command.startsWith(ANSWER_BUTTON)) {
      // The button's name comes from its custom ID, which anyone can forge: only the card's own buttons are
      // labels, everything else is one "unknown" (150 forged IDs once made 150 series).
      const button = command.slice(ANSWER_BUTTON.length);
      this.buttons.inc({ button: (CARD_BUTTONS as readonly string[]).includes(button) ? button : 'unknown', outcome });
    }
  }

  reloaded(result: ReloadResult): void {
    this.reloads.inc({ result });
  }

  recorded(stored: boolean, failure: StoreFailure = 'failed'): void {
    this.records.inc({ result: stored ? 'stored' : 'failed' });
    if (!stored) this.recordFailures.inc({ failure });
  }

  gateway(shard: number, event: GatewayEvent): void {
    this.shards.set(shard, event === 'ready' || event === 'resumed');
    if (event === 'reconnecting') this.reconnects.inc();
  }

  private gatewayUp(): boolean {
    return this.shards.size > 0 && [...this.shards.values()].every(Boolean);
  }

  private gauge(name: string, help: string, read: () => number | undefined, aggregator: 'max' | 'min'): void {
    new Gauge({
      name,
      help,
      aggregator,
      registers: [this.registry],
      collect() {
        const value = read();
        if (value === undefined) this.reset();
        else this.set(value);
      },
    });
  }
}

export interface HealthServer {
  /** The port listened on (the one the system chose when asked for 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * How long a client may take: a probe or a scrape sends a few lines and reads a few kilobytes, so a client that
 * trickles its headers or never finishes is cut off instead of holding a connection for minutes (Node's own
 * defaults are 60 s for headers and 300 s for a request, checked every 30 s).
 */
export const HEALTH_TIMEOUTS = { headersMs: 5_000, requestMs: 10_000, keepAliveMs: 5_000, checkEveryMs: 1_000 };

/** Serves `health` on `host:port`; rejects when the port cannot be had (e.g. EADDRINUSE). */
export async function serveHealth(
  health: HealthSource,
  { port, host }: { port: number; host: string },
  timeouts: typeof HEALTH_TIMEOUTS = HEALTH_TIMEOUTS,
): Promise<HealthServer> {
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    (req, res) => void respond(health, req, res),
  );
  // A connection that sends nothing at all is closed too.
  server.setTimeout(timeouts.requestMs, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Serves `health` where the settings say and logs where; when the port cannot be had, logs it, tells the
 * operator what to do, and resolves undefined (the caller exits: a supervisor would probe a port nobody serves).
 */
export async function listenForHealth(health: HealthSource, { port, host }: { port: number; host: string }, log: Logger): Promise<HealthServer | undefined> {
  try {
    const server = await serveHealth(health, { port, host });
    log.log('info', 'health_listening', { host, port: server.port, paths: ['/healthz', '/readyz', '/metrics'] });
    return server;
  } catch (err) {
    log.log('error', 'health_listen_failed', { host, port, error: err });
    process.stderr.write(
      `The bot cannot listen for health checks and metrics on ${host}:${port}: ${(err as Error).message}\nChoose another METRICS_PORT, or leave it empty.\n`,
    );
    return undefined;
  }
}

async function respond(health: HealthSource, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
    // A request with a body it has not finished sending (these paths take none) gets its answer and is hung
    // up on, rather than kept while it trickles.
    const unfinished = !req.complete;
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...(unfinished ? { connection: 'close' } : {}) });
    res.end(req.method === 'HEAD' ? undefined : body, () => {
      if (unfinished) req.socket.destroy();
    });
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET and HEAD\n');
  const route = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (route === '/healthz') return send(200, 'ok\n');
  if (route === '/readyz') {
    const readiness = await health.readiness();
    if (!readiness.ready) return send(503, `not ready: ${readiness.waitingFor.join('; ')}\n`);
    return send(200, readiness.degraded?.length ? `ready, degraded: ${readiness.degraded.join('; ')}\n` : 'ready\n');
  }
  if (route === '/metrics') {
    try {
      const { contentType, text } = await health.metrics();
      return send(200, text, contentType);
    } catch (err) {
      return send(500, `metrics failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  send(404, 'not found: try /healthz, /readyz or /metrics\n');
}

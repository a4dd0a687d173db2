/**
 * `SHARDS=auto|N`: the shard manager. It holds no Discord connection and loads neither the index nor the
 * database; it asks Discord how many shards to run (`auto`) and how many may identify at once, then starts
 * one process per shard with discord.js's `ShardingManager` (this same program, which discord.js's
 * `SHARDING_MANAGER`, `SHARDS` and `SHARD_COUNT` turn into that shard: see `sharding.ts`).
 *
 * - **One index build.** Shards start one after another, each once the one before is ready (discord.js's
 *   order, which Discord's identify limit asks for anyway). A shard is ready only after loading the index,
 *   and a fresh build is saved before the shard logs in, so the first shard builds and saves the index
 *   and the vectors table and every later one loads them from disk: N shards never build at once, and never
 *   race to save. (Saving writes aside and renames, so even a respawned shard saving beside a reloading one
 *   leaves a whole file.) The manager itself builds nothing, so it stays small.
 * - **Reloads reach every shard.** A shard that changed or reloaded the corpus asks the manager, which has
 *   every other shard reload and reports back how each fared; the moderator's reply says so.
 * - **Health and metrics** are served here on `METRICS_PORT` (shards open no listener): `/readyz` is ready
 *   when every shard of this manager is (index loaded, gateway connected), `/metrics` adds up the shards'
 *   metrics (prom-client's aggregator) with `quotebot_shard_up` and `quotebot_shard_restarts_total` per shard.
 * - **Stopping.** SIGTERM or SIGINT goes to every shard, which finishes what it is answering and exits; the
 *   manager exits 0 once all have. A shard that cannot run (a revoked token, a corpus or database that will
 *   not open) stops every shard and the manager exits 1; a shard that crashes is restarted (discord.js's
 *   respawn), up to `RestartBudget` times in a while, after which the manager exits 1 for its supervisor.
 */
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import { AggregatorRegistry, Counter, Gauge, Registry } from 'prom-client';
import type { PeerReload } from '../context.ts';
import { listenForHealth, type HealthServer, type HealthSource, type Readiness } from '../health/health.ts';
import { isTokenRejected, TOKEN_REJECTED } from '../health/gateway.ts';
import { jsonLogger } from '../health/log.ts';
import type { BotSettings } from '../settings.ts';
import { identifyWaitMs, isQuotebotMessage, PendingReplies, RestartBudget, type FromShard, type Sharding, type ToShard } from './sharding.ts';

/**
 * How long a shard may take to become ready when first started: the first one may be building the index
 * (about 130 s for the 1M-sentence benchmark corpus on 2 cores). Past this the manager gives up (exit 1).
 */
const FIRST_READY_TIMEOUT_MS = 15 * 60_000;
/** A shard answers a status request from memory: one that takes longer is stuck. */
const STATUS_TIMEOUT_MS = 2_000;

type StatusReply = Extract<FromShard, { quotebot: 'status' }>;

export async function runShardManager(settings: BotSettings, sharding: Extract<Sharding, { role: 'manager' }>): Promise<void> {
  const log = jsonLogger((line) => process.stdout.write(line), [settings.token], { role: 'shard-manager' });
  let manager: ShardingManager | undefined;
  let shardList: number[] | undefined;
  let healthServer: HealthServer | undefined;
  let stopping = false;
  /** Shards whose process listens for requests (it said so, and has not died since). */
  const listening = new Set<number>();
  const statusReplies = new PendingReplies<StatusReply>();
  const reloadReplies = new PendingReplies<PeerReload>();
  const budget = new RestartBudget();
  const graceMs = settings.shutdownGraceSeconds * 1000;

  const own = new Registry();
  const shardUp = new Gauge({
    name: 'quotebot_shard_up',
    help: '1 while the shard runs and is ready (index loaded, gateway connected).',
    labelNames: ['shard'],
    registers: [own],
  });
  const restarts = new Counter({
    name: 'quotebot_shard_restarts_total',
    help: 'Shard processes restarted after they ended unexpectedly.',
    labelNames: ['shard'],
    registers: [own],
  });

  /** The status of one running shard, or undefined if it is not running, not listening yet, or does not answer. */
  async function statusOf(id: number, metrics: boolean): Promise<StatusReply | undefined> {
    const shard = manager?.shards.get(id);
    if (!shard?.process || !listening.has(id)) return undefined;
    const request = statusReplies.open(STATUS_TIMEOUT_MS);
    shard.send({ quotebot: 'status', id: request.id, metrics } satisfies ToShard).catch(() => statusReplies.settle(request.id, undefined));
    return request.reply;
  }

  const health: HealthSource = {
    async readiness(): Promise<Readiness> {
      const waitingFor: string[] = [];
      const degraded: string[] = [];
      if (stopping) waitingFor.push('the bot is shutting down');
      if (!shardList) waitingFor.push('the shards have not started yet');
      const ids = shardList ?? [];
      const statuses = await Promise.all(ids.map((id) => statusOf(id, false)));
      for (const [i, id] of ids.entries()) {
        const shard = manager?.shards.get(id);
        const status = statuses[i];
        if (!shard) waitingFor.push(`shard ${id} has not started yet`);
        else if (!shard.process || !listening.has(id)) waitingFor.push(`shard ${id} is starting`);
        else if (!status) waitingFor.push(`shard ${id} does not answer`);
        else if (!status.readiness.ready) waitingFor.push(...status.readiness.waitingFor.map((w) => `shard ${id}: ${w}`));
        else degraded.push(...(status.readiness.degraded ?? []).map((d) => `shard ${id}: ${d}`));
      }
      if (waitingFor.length > 0) return { ready: false, waitingFor };
      return degraded.length > 0 ? { ready: true, degraded } : { ready: true };
    },
    async metrics() {
      const ids = shardList ?? [];
      const statuses = await Promise.all(ids.map((id) => statusOf(id, true)));
      shardUp.reset();
      ids.forEach((id, i) => {
        shardUp.set({ shard: String(id) }, statuses[i]?.readiness.ready ? 1 : 0);
      });
      const shards = statuses.flatMap((s) => (s?.metrics ? [s.metrics] : []));
      const registry = Registry.merge([AggregatorRegistry.aggregate(shards), own]);
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };

  /** Stops every shard (each finishes what it is answering) and exits: `code`, or 1 if a shard did not stop cleanly. */
  async function stop(code: number, reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    if (manager) manager.respawn = false;
    log.log(code === 0 ? 'info' : 'error', 'stopping', { reason, grace_ms: graceMs });
    setTimeout(() => process.exit(code || 1), graceMs + 20_000).unref();
    const children = [...(manager?.shards.values() ?? [])].flatMap((s) => (s.process ? [{ id: s.id, child: s.process }] : []));
    for (const { child } of children) child.kill('SIGTERM');
    // Each shard ends itself 5 s after its grace; one still running after that is killed.
    const kill = setTimeout(() => {
      for (const { child } of children) child.kill('SIGKILL');
    }, graceMs + 10_000);
    const ended = await Promise.all(children.map(async ({ id, child }) => ({ shard: id, ...(await exitOf(child)) })));
    clearTimeout(kill);
    statusReplies.settleAll();
    reloadReplies.settleAll();
    await healthServer?.close();
    // A shard stopped by the SIGTERM itself (before it set up its handlers, while starting) had nothing in flight.
    const unclean = ended.filter((e) => e.code !== 0 && e.signal !== 'SIGTERM');
    log.log(unclean.length > 0 ? 'warn' : 'info', 'stopped', { shards: ended });
    process.exit(code === 0 && unclean.length > 0 ? 1 : code);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0, signal));
  process.on('unhandledRejection', (reason) => log.log('error', 'unhandled_rejection', { error: reason }));
  process.on('uncaughtException', (err) => {
    log.log('error', 'uncaught_exception', { error: err });
    void stop(1, 'uncaught exception');
  });

  if (settings.metrics) {
    healthServer = await listenForHealth(health, settings.metrics, log);
    if (!healthServer) process.exit(1);
  }

  // Discord's advice, which also proves the token before any shard starts.
  let gateway: RESTGetAPIGatewayBotResult;
  try {
    const rest = new REST(settings.apiBase ? { api: settings.apiBase } : {}).setToken(settings.token);
    gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (err) {
    const rejected = isTokenRejected(err);
    // A rejected token is the operator's to fix: the advice, and a log line without a stack trace.
    log.log('error', rejected ? 'token_rejected' : 'gateway_info_failed', rejected ? { status: 401 } : { error: err });
    process.stderr.write(rejected ? `${TOKEN_REJECTED}\n` : `The bot cannot ask Discord how to shard: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const total = sharding.totalShards === 'auto' ? gateway.shards : sharding.totalShards;
  const ids = sharding.shardList ?? Array.from({ length: total }, (_, i) => i);
  const maxConcurrency = gateway.session_start_limit.max_concurrency;
  log.log('info', 'shards_starting', { total, shards: ids, recommended: gateway.shards, max_concurrency: maxConcurrency, pid: process.pid });

  // Under tsx (npm run dev, the tests) this module is TypeScript and the shards run main.ts the same way.
  const entry = fileURLToPath(new URL(`../main.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url));
  manager = new ShardingManager(entry, {
    totalShards: total,
    shardList: ids,
    mode: 'process',
    respawn: true,
    token: settings.token,
    execArgv: process.execArgv,
  });
  shardList = ids;
  /** When the last shard of each identify bucket became ready. */
  const readyAt = new Map<number, number>();

  const onMessage = (shard: Shard, message: FromShard): void => {
    switch (message.quotebot) {
      case 'listening':
        listening.add(shard.id);
        return;
      case 'status':
        statusReplies.settle(message.id, message);
        return;
      case 'reloaded':
        reloadReplies.settle(message.id, message.result);
        return;
      case 'reload-others':
        void reloadOthers(shard, message.id);
        return;
      case 'fatal':
        manager!.respawn = false;
        log.log('error', 'shard_failed', { shard: shard.id, reason: message.reason });
        process.stderr.write(`Shard ${shard.id} cannot run (${message.reason}); stopping every shard.\n`);
        void stop(1, `shard ${shard.id} cannot run`);
    }
  };

  /** Has every shard but `origin` reload the corpus, and tells `origin` how each fared. */
  async function reloadOthers(origin: Shard, requestId: number): Promise<void> {
    const results = await Promise.all(
      ids
        .filter((id) => id !== origin.id)
        .map(async (id): Promise<PeerReload> => {
          const shard = manager!.shards.get(id);
          // Not listening yet: it has not read the corpus folder, and will read it as it is now.
          if (!shard?.process || !listening.has(id)) return { shard: id, outcome: 'starting' };
          const request = reloadReplies.open(settings.reloadTimeoutSeconds * 1000 + 30_000);
          shard.send({ quotebot: 'reload', id: request.id, by: origin.id } satisfies ToShard).catch(() => reloadReplies.settle(request.id, undefined));
          return (await request.reply) ?? { shard: id, outcome: 'failed', why: 'it did not answer' };
        }),
    );
    log.log('info', 'shards_reloaded', { asked_by_shard: origin.id, results });
    origin
      .send({ quotebot: 'reloaded-others', id: requestId, results } satisfies ToShard)
      .catch((err: unknown) => log.log('warn', 'shard_unreachable', { shard: origin.id, error: err }));
  }

  manager.on('shardCreate', (shard) => {
    shard.on('message', (message: unknown) => {
      if (isQuotebotMessage<FromShard>(message)) onMessage(shard, message);
    });
    shard.on('ready', () => {
      readyAt.set(shard.id % Math.max(1, maxConcurrency), Date.now());
      log.log('info', 'shard_ready', { shard: shard.id, pid: shard.process?.pid });
    });
    shard.on('death', (child) => {
      listening.delete(shard.id);
      if (stopping) return;
      const { exitCode, signalCode } = child as ChildProcess;
      restarts.inc({ shard: String(shard.id) });
      if (budget.allow(shard.id)) {
        log.log('warn', 'shard_restarting', { shard: shard.id, code: exitCode, signal: signalCode });
        return;
      }
      manager!.respawn = false;
      const why = `shard ${shard.id} ended unexpectedly more than ${budget.max} times within ${budget.windowMs / 60_000} minutes`;
      log.log('error', 'shard_crash_loop', { shard: shard.id, code: exitCode, signal: signalCode, why });
      process.stderr.write(`The bot stops: ${why} (see the log).\n`);
      void stop(1, why);
    });
    // A respawned shard that fails to become ready: discord.js reports it here (unheard, it would crash the manager).
    shard.on('error', (err: Error) => log.log('error', 'shard_error', { shard: shard.id, error: err }));
  });

  for (const id of ids) {
    const wait = identifyWaitMs(id, maxConcurrency, readyAt, Date.now());
    if (wait > 0) await sleep(wait);
    if (stopping) return;
    try {
      await manager.createShard(id).spawn(FIRST_READY_TIMEOUT_MS);
    } catch (err) {
      if (stopping) return;
      log.log('error', 'shard_start_failed', { shard: id, error: err });
      process.stderr.write(`Shard ${id} did not start: ${(err as Error).message}\n`);
      return void stop(1, `shard ${id} did not start`);
    }
  }
  if (!stopping) log.log('info', 'shards_ready', { shards: ids });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
}

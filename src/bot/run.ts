/**
 * One bot process: the whole bot, or one shard of a sharded one (`main.ts` decides). Start the health and
 * metrics listener (if asked for, and unless the shard manager serves it), load the corpus, open the
 * database, log in. On SIGINT or SIGTERM: stop taking interactions, finish those in flight (up to
 * SHUTDOWN_GRACE_SECONDS), close the gateway, exit 0. A gateway close Discord will never take back (a revoked
 * token) exits 1 with what to do about it; a shard tells its manager first, which then stops every shard.
 */
import { corpusDirFrom, dataDirFrom, snapshotFileFor } from '../settings.ts';
import { createBot, type Bot } from './discord/client.ts';
import type { BotContext } from './context.ts';
import { isTokenRejected, TOKEN_REJECTED } from './health/gateway.ts';
import { BotHealth, listenForHealth, type HealthServer } from './health/health.ts';
import { Library } from './library.ts';
import { jsonLogger } from './health/log.ts';
import { keepQuestionsFor } from './members/records.ts';
import type { BotSettings } from './settings.ts';
import { openContext } from './setup.ts';
import { ShardLink } from './shards/shard-link.ts';
import { CorpusWriter } from '../sources/corpus-write.ts';
import { MAX_SOURCE_BYTES } from '../sources/corpus.ts';
import { SharedCorpus } from '../store/postgres/shared-corpus.ts';

export async function runBot(settings: BotSettings): Promise<void> {
  const { sharding } = settings;
  const shards = sharding.role === 'shard' ? { ids: sharding.ids, count: sharding.count } : { ids: [0], count: 1 };
  // The shards of one bot write to the same standard output: each line says whose it is.
  const log = jsonLogger(
    (line) => process.stdout.write(line),
    [settings.token],
    sharding.role === 'shard' ? { shard: shards.ids.length === 1 ? shards.ids[0] : shards.ids } : {},
  );
  const link = sharding.role === 'shard' ? new ShardLink(shards.ids[0]!, log, settings.reloadTimeoutSeconds * 1000) : undefined;

  let bot: Bot | undefined;
  let library: Library | undefined;
  let healthServer: HealthServer | undefined;
  let ctx: BotContext | undefined;
  let stopRetention: (() => void) | undefined;
  let shared: SharedCorpus | undefined;
  let stopping = false;
  // Collecting (the default metrics sample the event loop and the garbage collector) only when served:
  // by this process, or (sharded) by the manager, which adds up its shards' metrics.
  const health = settings.metrics ? new BotHealth() : undefined;

  /** The one way out once the bot runs: finish what is in flight (bounded), close the gateway, exit with `code`. */
  function shutdown(code: number, reason: string): void {
    if (stopping) return; // `npm start` in a terminal gets Ctrl-C twice (npm forwards it): the first one counts
    stopping = true;
    health?.stopping();
    const graceMs = settings.shutdownGraceSeconds * 1000;
    log.log('info', 'stopping', { reason, grace_ms: graceMs });
    // Should closing itself hang, the process still ends.
    setTimeout(() => process.exit(code), graceMs + 5000).unref();
    void (async () => {
      try {
        const { unfinished } = bot ? await bot.stop(graceMs) : { unfinished: 0 };
        library?.close();
        stopRetention?.();
        await ctx?.storage.close();
        await shared?.close();
        await healthServer?.close();
        log.log(unfinished > 0 ? 'warn' : 'info', 'stopped', { unfinished });
      } catch (err) {
        log.log('error', 'stop_failed', { error: err });
      }
      process.exit(code);
    })();
  }

  /** This process cannot run: a shard's manager must not restart it (it would fail again), but stop every shard. */
  async function giveUp(reason: string, event: string, fields: Record<string, unknown>): Promise<void> {
    log.log('error', event, fields);
    await link?.fatal(reason);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(0, signal));
  // A forgotten promise is one failed request: log it and carry on. A thrown exception nobody caught may have
  // left anything half done: log it and stop cleanly, for the supervisor (or the shard manager) to start a fresh process.
  process.on('unhandledRejection', (reason) => log.log('error', 'unhandled_rejection', { error: reason }));
  process.on('uncaughtException', (err) => {
    log.log('error', 'uncaught_exception', { error: err });
    shutdown(1, 'uncaught exception');
  });
  // A shard whose manager is gone (killed outright) would otherwise run on unsupervised, beside a new manager's shards.
  if (link) process.on('disconnect', () => shutdown(1, 'the shard manager went away'));

  // Listening before the corpus loads: a long first build is then visible as alive but not ready.
  if (health && settings.metrics && sharding.role !== 'shard') {
    healthServer = await listenForHealth(health, settings.metrics, log);
    if (!healthServer) process.exit(1);
  }

  const corpusDir = corpusDirFrom(settings.corpusDir);
  // With PostgreSQL the sources are shared by every host: the folder is filled from the database (or fills an
  // empty one) before the index is built from it. Out of reach, the host starts from its folder as it is.
  if (settings.databaseUrl) {
    shared = await SharedCorpus.open(settings.databaseUrl, new CorpusWriter(corpusDir, MAX_SOURCE_BYTES), {
      onEvent: (event, fields) => log.log(event === 'sources_shared' ? 'info' : 'warn', event, fields),
    });
  }
  try {
    library = await Library.open(corpusDir, {
      snapshotFile: snapshotFileFor(corpusDir),
      showProgress: true,
      reloadTimeoutMs: settings.reloadTimeoutSeconds * 1000,
      onSaved: (saved) => ('error' in saved ? log.log('warn', 'index_not_saved', saved) : log.log('info', 'index_saved', saved)),
      telemetry: health,
    });
  } catch (err) {
    await giveUp(`the corpus in ${corpusDir} could not be loaded: ${(err as Error).message}`, 'corpus_load_failed', { dir: corpusDir, error: err });
    process.exit(1);
  }
  for (const f of library.engine.failures) log.log('warn', 'source_skipped', { file: f.file, reason: f.reason });
  const origin = library.engine.origin;
  log.log('info', 'corpus_loaded', {
    dir: library.corpusDir,
    sources: library.engine.sources.length,
    sentences: library.engine.index.sentenceCount,
    index: origin.kind,
    ms: Math.round(origin.ms),
    ...(origin.kind === 'built' ? { why: origin.why } : {}),
  });
  if (library.engine.saveFailure) log.log('warn', 'index_not_saved', library.engine.saveFailure);
  health?.serving(library);
  link?.serve(library, health);

  try {
    ctx = { ...openContext(settings, library, log, undefined, shared), telemetry: health, peers: link };
  } catch (err) {
    const dataDir = dataDirFrom(settings.dataDir);
    process.stderr.write(
      `The bot cannot open its database in ${dataDir}: ${(err as Error).message}\nSet DATA_DIR to a folder the bot can write (see .env.example).\n`,
    );
    await giveUp(`the database in ${dataDir} could not be opened: ${(err as Error).message}`, 'storage_failed', { dir: dataDir, error: err });
    process.exit(1);
  }
  // The records may come and go (a locked, damaged or deleted database): answering goes on either way, and
  // the log, the metrics and /readyz say which it is.
  // Another host changed the sources (or the database came back with changes): this host reloads them too.
  shared?.onChange((why) => {
    void library.reload().then(
      (report) => log.log('info', 'corpus_reloaded', { ...report, why }),
      (err: unknown) => log.log('error', 'corpus_reload_failed', { error: err, why }),
    );
  });
  const storage = ctx.storage;
  health?.watchStore(storage);
  storage.onStateChange((state) => (state.available ? log.log('info', 'records_available', {}) : log.log('error', 'records_unavailable', { why: state.why })));
  // Every shard sweeps: on one database the first deletes and the others find nothing left, and a host that
  // runs only some of the shards (SHARD_LIST) still sweeps its own.
  stopRetention = keepQuestionsFor(ctx, settings.questionRetentionDays);

  bot = createBot(ctx, {
    apiBase: settings.apiBase,
    shards,
    gateway: {
      onFatal: (_code, explanation) => {
        process.stderr.write(`The bot cannot stay connected: ${explanation}\n`);
        void link?.fatal(explanation);
        shutdown(1, 'the gateway closed for good');
      },
    },
  });

  if (!stopping) {
    try {
      await bot.client.login(settings.token);
    } catch (err) {
      if (isTokenRejected(err)) {
        // Like a 4004: plain advice for the operator, no stack trace, and never the token.
        process.stderr.write(`${TOKEN_REJECTED}\n`);
        await giveUp(TOKEN_REJECTED, 'token_rejected', { status: 401 });
      } else {
        await giveUp(`the bot could not log in: ${(err as Error).message}`, 'login_failed', { error: err });
      }
      process.exit(1);
    }
  }
}

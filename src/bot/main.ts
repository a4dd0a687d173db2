/**
 * npm start: load .env, check the settings, start the health and metrics listener (if asked for), load the
 * corpus, open the database, log in. On SIGINT or SIGTERM: stop taking
 * interactions, finish those in flight (up to SHUTDOWN_GRACE_SECONDS), close the gateway, exit 0. A gateway
 * close Discord will never take back (a revoked token) exits 1 with what to do about it.
 */
import 'dotenv/config';
import { corpusDirFrom, dataDirFrom, snapshotFileFor } from '../settings.ts';
import { createBot, type Bot } from './client.ts';
import type { BotContext } from './context.ts';
import { BotHealth, serveHealth, type HealthServer } from './health.ts';
import { Library } from './library.ts';
import { jsonLogger } from './log.ts';
import { keepQuestionsFor } from './records.ts';
import { readSettings } from './settings.ts';
import { openContext } from './setup.ts';

const result = readSettings(process.env);
if (!result.ok) {
  process.stderr.write(
    `The bot cannot start:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n\n` +
      'Copy .env.example to .env and fill it in (the README explains each setting).\n' +
      'To try the answers without Discord: npm run ask -- "How far can ATACMS reach?"\n',
  );
  process.exit(1);
}
const settings = result.settings;
const log = jsonLogger((line) => process.stdout.write(line), [settings.token]);

let bot: Bot | undefined;
let library: Library | undefined;
let healthServer: HealthServer | undefined;
let ctx: BotContext | undefined;
let stopRetention: (() => void) | undefined;
let stopping = false;
// Collecting (the default metrics sample the event loop and the garbage collector) only when served.
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
      ctx?.storage.close();
      await healthServer?.close();
      log.log(unfinished > 0 ? 'warn' : 'info', 'stopped', { unfinished });
    } catch (err) {
      log.log('error', 'stop_failed', { error: err });
    }
    process.exit(code);
  })();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(0, signal));
// A forgotten promise is one failed request: log it and carry on. A thrown exception nobody caught may have
// left anything half done: log it and stop cleanly, for the supervisor to start a fresh process.
process.on('unhandledRejection', (reason) => log.log('error', 'unhandled_rejection', { error: reason }));
process.on('uncaughtException', (err) => {
  log.log('error', 'uncaught_exception', { error: err });
  shutdown(1, 'uncaught exception');
});

// Listening before the corpus loads: a long first build is then visible as alive but not ready.
if (health && settings.metrics) {
  const { port, host } = settings.metrics;
  try {
    healthServer = await serveHealth(health, { port, host });
    log.log('info', 'health_listening', { host, port: healthServer.port, paths: ['/healthz', '/readyz', '/metrics'] });
  } catch (err) {
    log.log('error', 'health_listen_failed', { host, port, error: err });
    process.stderr.write(`The bot cannot listen for health checks and metrics on ${host}:${port}: ${(err as Error).message}\nChoose another METRICS_PORT, or leave it empty.\n`);
    process.exit(1);
  }
}

const corpusDir = corpusDirFrom(settings.corpusDir);
try {
  library = await Library.open(corpusDir, {
    snapshotFile: snapshotFileFor(corpusDir),
    showProgress: true,
    reloadTimeoutMs: settings.reloadTimeoutSeconds * 1000,
    onSaved: (saved) => ('error' in saved ? log.log('warn', 'index_not_saved', saved) : log.log('info', 'index_saved', saved)),
    telemetry: health,
  });
} catch (err) {
  log.log('error', 'corpus_load_failed', { dir: corpusDir, error: err });
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

try {
  ctx = { ...openContext(settings, library, log), telemetry: health };
} catch (err) {
  log.log('error', 'storage_failed', { dir: dataDirFrom(settings.dataDir), error: err });
  process.stderr.write(`The bot cannot open its database in ${dataDirFrom(settings.dataDir)}: ${(err as Error).message}\nSet DATA_DIR to a folder the bot can write (see .env.example).\n`);
  process.exit(1);
}
stopRetention = keepQuestionsFor(ctx, settings.questionRetentionDays);

bot = createBot(
  ctx,
  {
    apiBase: settings.apiBase,
    gateway: {
      onFatal: (_code, explanation) => {
        process.stderr.write(`The bot cannot stay connected: ${explanation}\n`);
        shutdown(1, 'the gateway closed for good');
      },
    },
  },
);

if (!stopping) {
  try {
    await bot.client.login(settings.token);
  } catch (err) {
    log.log('error', 'login_failed', { error: err });
    process.exit(1);
  }
}

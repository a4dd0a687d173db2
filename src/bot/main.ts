/** npm start: load .env, check the settings, load the corpus, open the database, log in, and close cleanly on SIGINT/SIGTERM. */
import 'dotenv/config';
import { corpusDirFrom, dataDirFrom, snapshotFileFor } from '../settings.ts';
import { createClient } from './client.ts';
import type { BotContext } from './context.ts';
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
const corpusDir = corpusDirFrom(settings.corpusDir);
const library = await Library.open(corpusDir, { snapshotFile: snapshotFileFor(corpusDir), showProgress: true });
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

let ctx: BotContext;
try {
  ctx = openContext(settings, library, log);
} catch (err) {
  log.log('error', 'storage_failed', { dir: dataDirFrom(settings.dataDir), error: err });
  process.stderr.write(`The bot cannot open its database in ${dataDirFrom(settings.dataDir)}: ${(err as Error).message}\nSet DATA_DIR to a folder the bot can write (see .env.example).\n`);
  process.exit(1);
}
const stopRetention = keepQuestionsFor(ctx, settings.questionRetentionDays);
const client = createClient(ctx, { apiBase: settings.apiBase });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.log('info', 'stopping', { signal });
    stopRetention();
    void client.destroy().finally(() => {
      ctx.storage.close();
      process.exit(0);
    });
  });
}

try {
  await client.login(settings.token);
} catch (err) {
  log.log('error', 'login_failed', { error: err });
  process.exit(1);
}

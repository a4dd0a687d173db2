/**
 * npm start: load .env, check the settings, then run the bot (`run.ts`) in this process, or, with
 * `SHARDS=auto|N`, the shard manager (`shard-manager.ts`), which starts this same file once per shard. Each
 * part is imported only when needed: the manager never loads the index, the language model or the database.
 */
import 'dotenv/config';
import { readSettings } from './settings.ts';

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
if (settings.sharding.role === 'shard' && !process.send) {
  // discord.js would fail to report to a manager that is not there.
  process.stderr.write(
    'The bot cannot start: SHARDING_MANAGER is set, but this process was not started by the shard manager. Unset SHARDING_MANAGER, and use SHARDS to run shards.\n',
  );
  process.exit(1);
}

if (settings.sharding.role === 'manager') {
  const { runShardManager } = await import('./shards/shard-manager.ts');
  await runShardManager(settings, settings.sharding);
} else {
  const { runBot } = await import('./run.ts');
  await runBot(settings);
}

/**
 * Moving a bot from SQLite to PostgreSQL: copies the records (questions with what they quoted, votes, the audit
 * log, channel modes) from `DATA_DIR/quotebot.sqlite` and the sources from the corpus folder into the database
 * at `--to` (default `DATABASE_URL`), whose schema is made if needed.
 *
 *   npm run store:copy -- [--to postgres://…] [--data DIR] [--corpus DIR]
 *
 * Stop the bot first (what it records meanwhile would not be copied). The copy is one transaction: it lands
 * whole or not at all, and it refuses a database that already holds questions or sources, so it is never
 * merged into another bot's records. Question IDs are kept (answer cards' buttons refer to them).
 */
import 'dotenv/config';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CorpusWriter } from '../sources/corpus-write.ts';
import { MAX_SOURCE_BYTES } from '../sources/corpus.ts';
import { corpusDirFrom, dataDirFrom, envValue } from '../settings.ts';
import { migrate } from '../store/postgres/migrate.ts';
import { writeSource } from '../store/postgres/shared-corpus.ts';
import { DATABASE_FILE, Storage } from '../store/sqlite/storage.ts';
import { parseCli, runMain, UsageError } from './args.ts';

const USAGE = 'usage: npm run store:copy -- [--to postgres://…] [--data DIR] [--corpus DIR]';

/** The tables copied, in an order that keeps every reference valid, with their columns. */
const TABLES: { name: string; columns: string[] }[] = [
  { name: 'questions', columns: ['id', 'guild_id', 'channel_id', 'member_hash', 'question', 'asked_at', 'outcome', 'latency_ms', 'via', 'source_filter'] },
  { name: 'quoted_sources', columns: ['question_id', 'position', 'source_id', 'guild_id', 'asked_at'] },
  { name: 'quoted_spans', columns: ['question_id', 'position', 'source_id', 'start_offset', 'end_offset', 'content_hash'] },
  { name: 'votes', columns: ['guild_id', 'question_id', 'member_hash', 'helpful', 'voted_at'] },
  { name: 'audit_log', columns: ['id', 'guild_id', 'actor_id', 'action', 'source_id', 'detail', 'at'] },
  { name: 'channel_modes', columns: ['guild_id', 'channel_id', 'mode', 'set_by', 'set_at'] },
];
const ROWS_PER_INSERT = 500;

runMain(async () => {
  const { values } = parseCli(process.argv.slice(2), {
    to: { type: 'string' },
    data: { type: 'string' },
    corpus: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const to = values.to ?? envValue('DATABASE_URL');
  if (!to || !/^postgres(ql)?:\/\//.test(to)) throw new UsageError('give the PostgreSQL database to copy into: --to postgres://… (or DATABASE_URL)');
  const dataDir = dataDirFrom(values.data ?? envValue('DATA_DIR'));
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) throw new Error(`there is no SQLite database at ${file} (set --data or DATA_DIR)`);
  // Opening it through the store brings an older file's schema up to date first.
  Storage.open(dataDir).close();
  const sqlite = new Database(file, { readonly: true });
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    await migrate(client, 'public');
    await client.query('BEGIN');
    const held = await client.query<{ q: string; s: string }>('SELECT (SELECT COUNT(*) FROM questions) AS q, (SELECT COUNT(*) FROM sources) AS s');
    if (Number(held.rows[0]!.q) > 0 || Number(held.rows[0]!.s) > 0)
      throw new Error('the PostgreSQL database already holds questions or sources: copy into an empty one (nothing was copied)');
    const counts: string[] = [];
    for (const { name, columns } of TABLES) {
      const rows = sqlite
        .prepare(`SELECT ${columns.join(', ')} FROM ${name}`)
        .raw()
        .all() as unknown[][];
      for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
        const chunk = rows.slice(at, at + ROWS_PER_INSERT);
        const placeholders = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        const identity = name === 'questions' || name === 'audit_log' ? 'OVERRIDING SYSTEM VALUE' : '';
        await client.query(`INSERT INTO ${name} (${columns.join(', ')}) ${identity} VALUES ${placeholders}`, chunk.flat());
      }
      counts.push(`${rows.length} ${name.replace('_', ' ')}`);
    }
    // New IDs continue after the copied ones.
    for (const name of ['questions', 'audit_log'])
      await client.query(`SELECT setval(pg_get_serial_sequence('${name}', 'id'), GREATEST((SELECT MAX(id) FROM ${name}), 1))`);
    const writer = new CorpusWriter(corpusDirFrom(values.corpus), MAX_SOURCE_BYTES);
    const sources = await writer.folderSources();
    const now = Date.now();
    for (const source of sources) await writeSource(client, source, now);
    counts.push(`${sources.length} sources`);
    await client.query('COMMIT');
    process.stdout.write(`Copied ${counts.join(', ')} into ${new URL(to).host}${new URL(to).pathname}. Set DATABASE_URL to it and start the bot.\n`);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    sqlite.close();
    await client.end();
  }
}, USAGE);

/**
 * The records' store at scale, both stores: `npm run bench:store -- [COUNT] [--stores sqlite,postgres]`
 * (COUNT defaults to 1,000,000; `--count N` says the same; e.g. `-- 20000` for a quick run)
 *
 * Fills a fresh store with COUNT questions (5 servers, 90 days, outcomes mixed as members' are, a quoted source
 * for each answer, votes on one answer in ten) by bulk insert, then measures through the bot's own interface
 * (`RecordStore`): writes one at a time and 16 in flight (records/s), the medians of repeated `/sources gaps`
 * and `/sources stats` queries for one server over 30 and 90 days, and retention deleting the oldest 30 days
 * while questions are recorded beside it (their p99). PostgreSQL: TEST_DATABASE_URL or the local server, in a
 * database made for the run and dropped after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { memberHasher } from '../src/store/member-key.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { DAY_MS, type QuestionOutcome, type QuestionRecord, type RecordStore } from '../src/store/records.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { DATABASE_FILE } from '../src/store/sqlite/storage.ts';

const USAGE = 'usage: npm run bench:store -- [COUNT | --count N] [--stores sqlite,postgres] [--repeat N]';
let parsed: ReturnType<typeof parseBenchArgs>;
function parseBenchArgs() {
  return parseArgs({
    allowPositionals: true,
    options: {
      count: { type: 'string' },
      stores: { type: 'string', default: 'sqlite,postgres' },
      repeat: { type: 'string', default: '9' },
    },
  });
}
try {
  parsed = parseBenchArgs();
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
/** A whole number of at least `least`, or a one-line refusal naming the option (a quick run is `-- 20000`). */
function wholeNumber(name: string, text: string, least: number): number {
  const n = Number(text.replaceAll(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < least) {
    console.error(`${name} must be a whole number of at least ${least}, not '${text}'\n${USAGE}`);
    process.exit(2);
  }
  return n;
}
if (positionals.length > 1 || (positionals.length === 1 && values.count !== undefined)) {
  console.error(`give the count once\n${USAGE}`);
  process.exit(2);
}
const COUNT = wholeNumber('the count', positionals[0] ?? values.count ?? '1000000', 100);
const REPEAT = wholeNumber('--repeat', values.repeat, 1);
const GUILDS = ['900000000000000100', '900000000000000101', '900000000000000102', '900000000000000103', '900000000000000104'];
const NOW = Date.now();
const START = NOW - 90 * DAY_MS;
const hash = memberHasher('b'.repeat(40));

/** The i-th filled question: spread evenly over 90 days and the servers, outcomes as members' (60/20/15/5). */
function row(i: number): { guild: string; at: number; outcome: QuestionOutcome; source: string } {
  const r = (i * 2654435761) % 100;
  const outcome: QuestionOutcome = r < 60 ? 'answered' : r < 80 ? 'closest' : r < 95 ? 'declined' : 'invalid';
  return { guild: GUILDS[i % GUILDS.length]!, at: START + Math.floor((i / COUNT) * 90 * DAY_MS), outcome, source: `source-${i % 40}` };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await work();
  return [performance.now() - t0, value];
}

function question(i: number): QuestionRecord {
  return {
    guildId: GUILDS[i % GUILDS.length]!,
    channelId: '1',
    memberHash: hash(String(i % 1000)),
    question: `a member's question number ${i}`,
    outcome: 'answered',
    sourceIds: ['source-1'],
    quotes: [{ sourceId: 'source-1', start: 0, end: 40, contentHash: 'c'.repeat(64) }],
    latencyMs: 20,
    via: 'ask',
    at: NOW,
  };
}

async function fillSqlite(dir: string): Promise<void> {
  const db = new Database(path.join(dir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  const q = db.prepare(
    'INSERT INTO questions (id, guild_id, channel_id, member_hash, question, asked_at, outcome, latency_ms, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const s = db.prepare('INSERT INTO quoted_sources (question_id, position, source_id, guild_id, asked_at) VALUES (?, 0, ?, ?, ?)');
  const v = db.prepare('INSERT INTO votes (guild_id, question_id, member_hash, helpful, voted_at) VALUES (?, ?, ?, ?, ?)');
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const r = row(i);
      q.run(i + 1, r.guild, '1', hash(String(i % 1000)), `a member's question number ${i}`, r.at, r.outcome, 20, 'ask');
      if (r.outcome === 'answered') s.run(i + 1, r.source, r.guild, r.at);
      if (r.outcome === 'answered' && i % 10 === 0) v.run(r.guild, i + 1, hash(String(i % 997)), i % 20 === 0 ? 0 : 1, r.at);
    }
  });
  for (let from = 0; from < COUNT; from += 50_000) batch(from, Math.min(COUNT, from + 50_000));
  db.exec('ANALYZE');
  db.close();
}

async function fillPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The same rows as SQLite's fill, made by the server: evenly over 90 days and the servers, outcomes 60/20/15/5.
    await client.query(
      `INSERT INTO questions (guild_id, channel_id, member_hash, question, asked_at, outcome, latency_ms, via)
       OVERRIDING SYSTEM VALUE
       SELECT (ARRAY[$1, $2, $3, $4, $5])[1 + i % 5], '1', md5((i % 1000)::text), 'a member''s question number ' || i,
              $6::bigint + floor(i::float8 / $7 * 90 * ${DAY_MS})::bigint,
              CASE WHEN (i::bigint * 2654435761) % 100 < 60 THEN 'answered' WHEN (i::bigint * 2654435761) % 100 < 80 THEN 'closest'
                   WHEN (i::bigint * 2654435761) % 100 < 95 THEN 'declined' ELSE 'invalid' END, 20, 'ask'
       FROM generate_series(0, $7 - 1) AS i`,
      [...GUILDS, START, COUNT],
    );
    await client.query(
      `INSERT INTO quoted_sources (question_id, position, source_id, guild_id, asked_at)
       SELECT id, 0, 'source-' || ((id - 1) % 40), guild_id, asked_at FROM questions WHERE outcome = 'answered'`,
    );
    await client.query(
      `INSERT INTO votes (guild_id, question_id, member_hash, helpful, voted_at)
       SELECT guild_id, id, md5(((id - 1) % 997)::text), CASE WHEN (id - 1) % 20 = 0 THEN 0 ELSE 1 END, asked_at FROM questions
       WHERE outcome = 'answered' AND (id - 1) % 10 = 0`,
    );
    // As autovacuum leaves a table in steady use: statistics current, the visibility map set.
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

async function measure(name: string, store: RecordStore): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // Writes as the bot makes them: one question (with its quoted source and span) per call.
  const serial = 2_000;
  let [ms] = await timed(async () => {
    for (let i = 0; i < serial; i++) await store.recordQuestion(question(i));
  });
  out.writesPerSecondOneAtATime = (serial / ms) * 1000;
  const concurrent = 5_000;
  [ms] = await timed(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < concurrent) await store.recordQuestion(question(next++));
      }),
    );
  });
  out.writesPerSecond16InFlight = (concurrent / ms) * 1000;
  for (const days of [30, 90]) {
    const since = NOW - days * DAY_MS;
    const gaps: number[] = [];
    const stats: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      gaps.push((await timed(() => store.gaps(GUILDS[r % GUILDS.length]!, since)))[0]);
      stats.push((await timed(() => store.stats(GUILDS[r % GUILDS.length]!, since)))[0]);
    }
    out[`gapsMs${days}d`] = median(gaps);
    out[`statsMs${days}d`] = median(stats);
  }
  // Retention: the oldest 30 days go, in batches, while members' questions are recorded beside it.
  const latencies: number[] = [];
  let deleting = true;
  const writer = (async () => {
    for (let i = 0; deleting; i++) latencies.push((await timed(() => store.recordQuestion(question(i))))[0]);
  })();
  const [deleteMs, deleted] = await timed(() => store.deleteQuestionsBefore(START + 30 * DAY_MS));
  deleting = false;
  await writer;
  out.retentionDeleted = deleted;
  out.retentionSeconds = deleteMs / 1000;
  out.writesDuringRetention = latencies.length;
  out.writeP99MsDuringRetention = p99(latencies);
  process.stdout.write(`${JSON.stringify({ store: name, count: COUNT, ...out })}\n`);
  return out;
}

const results: Record<string, Record<string, number>> = {};
for (const name of values.stores!.split(',')) {
  if (name === 'sqlite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'quotebot-bench-store-'));
    try {
      const made = SqliteStore.open(dir);
      await made.settled;
      await made.close();
      const [fillMs] = await timed(() => fillSqlite(dir));
      process.stderr.write(`sqlite: filled ${COUNT} questions in ${(fillMs / 1000).toFixed(1)} s\n`);
      const store = SqliteStore.open(dir);
      await store.settled;
      results.sqlite = await measure('sqlite', store);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else if (name === 'postgres') {
    const base = new URL(process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
    const database = `qb_bench_${process.pid}`;
    const adminClient = new pg.Client({ connectionString: base.toString() });
    await adminClient.connect();
    await adminClient.query(`CREATE DATABASE ${database}`);
    const url = new URL(base);
    url.pathname = `/${database}`;
    try {
      const made = PostgresStore.open(url.toString());
      await made.settled;
      await made.close();
      const [fillMs] = await timed(() => fillPostgres(url.toString()));
      process.stderr.write(`postgres: filled ${COUNT} questions in ${(fillMs / 1000).toFixed(1)} s\n`);
      const store = PostgresStore.open(url.toString());
      await store.settled;
      results.postgres = await measure('postgres', store);
      await store.close();
    } finally {
      await adminClient.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await adminClient.end();
    }
  } else throw new Error(`unknown store ${name}: sqlite or postgres`);
}

const names = Object.keys(results);
const line = (label: string, key: string, digits = 0) => `| ${label} | ${names.map((n) => results[n]![key]!.toFixed(digits)).join(' | ')} |`;
process.stdout.write(
  [
    `\n### ${COUNT.toLocaleString('en')} questions (5 servers, 90 days), median of ${REPEAT} queries each\n`,
    `| | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|`,
    line('writes/s, one at a time', 'writesPerSecondOneAtATime'),
    line('writes/s, 16 in flight', 'writesPerSecond16InFlight'),
    line('/sources gaps, 30 days, ms', 'gapsMs30d', 1),
    line('/sources gaps, 90 days, ms', 'gapsMs90d', 1),
    line('/sources stats, 30 days, ms', 'statsMs30d', 1),
    line('/sources stats, 90 days, ms', 'statsMs90d', 1),
    line('retention: questions deleted', 'retentionDeleted'),
    line('retention: seconds', 'retentionSeconds', 1),
    line('questions recorded meanwhile', 'writesDuringRetention'),
    line('their p99 latency, ms', 'writeP99MsDuringRetention', 1),
    '',
  ].join('\n'),
);

/** `npm run store:copy`: a SQLite bot's records and sources moved into an empty PostgreSQL database, whole. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { memberHasher } from '../src/store/member-key.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import type { RecordStore } from '../src/store/records.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { CORPUS, ROOT } from './helpers.ts';
import { POSTGRES_URL, postgresUnreachable } from './postgres.ts';

const A = '900000000000000100';
const B = '900000000000000101';
const hash = memberHasher('k'.repeat(40));
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const copy = (to: string, dataDir: string) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/copy-store.ts'), '--to', to, '--data', dataDir, '--corpus', CORPUS], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DOTENV_CONFIG_PATH: '/nonexistent' },
  });

/** What the console would show of a store, to compare two. */
async function view(store: RecordStore, ids: number[]) {
  return {
    gaps: await Promise.all([A, B].map((g) => store.gaps(g, 0))),
    stats: await Promise.all([A, B].map((g) => store.stats(g, 0))),
    history: await store.history(A),
    modes: await store.channelModes(A),
    answers: await Promise.all(ids.map((id) => store.answerRecord(A, id))),
    votes: await Promise.all(ids.map((id) => store.votesOn(A, id))),
  };
}

describe.skipIf(postgresUnreachable !== undefined)('npm run store:copy', () => {
  it('copies every record and source into an empty PostgreSQL database, keeps question IDs, and refuses to copy twice', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'quotebot-copy-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const sqlite = SqliteStore.open(dataDir);
    const ids: number[] = [];
    for (const [i, outcome] of (['answered', 'declined', 'closest', 'answered'] as const).entries()) {
      ids.push(
        await sqlite.recordQuestion({
          guildId: i === 1 ? B : A,
          channelId: '7',
          memberHash: hash(String(i)),
          question: `question ${i}`,
          outcome,
          sourceIds: outcome === 'answered' ? ['000_c9496b90a96922a9'] : [],
          quotes: outcome === 'answered' ? [{ sourceId: '000_c9496b90a96922a9', start: 0, end: 30, contentHash: 'a'.repeat(64) }] : [],
          latencyMs: 9,
          via: 'ask',
          at: 1_000 + i,
        }),
      );
    }
    await sqlite.vote(A, ids[0]!, hash('9'), false);
    await sqlite.vote(A, ids[3]!, hash('9'), true);
    await sqlite.audit({ guildId: A, actorId: '42', action: 'add', sourceId: 'x', detail: 'x.txt', at: 5 });
    await sqlite.setChannelMode(A, '7', 'auto', '42');
    const before = await view(sqlite, ids);
    await sqlite.close();

    const database = `qb_copy_${process.pid}_${Date.now()}`;
    await admin(`CREATE DATABASE ${database}`);
    cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    const { stdout } = await copy(url.toString(), dataDir);
    expect(stdout).toMatch(/^Copied 4 questions, 2 quoted sources, 2 quoted spans, 2 votes, 1 audit log, 1 channel modes, 5 sources into /);

    const postgres = PostgresStore.open(url.toString());
    cleanups.push(() => postgres.close());
    await postgres.settled;
    expect(await view(postgres, ids)).toEqual(before);
    // New questions get new IDs after the copied ones.
    expect(
      await postgres.recordQuestion({
        guildId: A,
        channelId: '7',
        memberHash: hash('1'),
        question: 'new',
        outcome: 'declined',
        sourceIds: [],
        latencyMs: 1,
        via: 'ask',
      }),
    ).toBe(Math.max(...ids) + 1);
    await expect(copy(url.toString(), dataDir)).rejects.toMatchObject({ stderr: expect.stringMatching(/already holds questions or sources/) });
  });
});

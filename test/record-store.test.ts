/**
 * The records' rules, one suite run against both stores through the interface the bot uses (`RecordStore`):
 * SQLite (a file in a temporary folder, through its worker) and PostgreSQL (a schema of its own per test on
 * the server at TEST_DATABASE_URL, default the local one). Without a reachable PostgreSQL the PostgreSQL half
 * is skipped, saying why; under CI=true it fails instead, since CI starts the local server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/migrations.ts';
import { memberHasher } from '../src/store/member-key.ts';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { DAY_MS, type QuestionRecord, type RecordStore, StoreError } from '../src/store/records.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { dropSchema, freshSchema, POSTGRES_URL, postgresUnreachable as unreachable, TcpProxy } from './postgres.ts';

const A = '900000000000000100';
const B = '900000000000000101';
const hash = memberHasher('k'.repeat(40));
interface Opened {
  store: RecordStore;
  cleanup(): Promise<void>;
}

const STORES: { name: string; skip: boolean; open(): Promise<Opened> }[] = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const dir = await mkdtemp(path.join(tmpdir(), 'quotebot-records-'));
      const store = SqliteStore.open(dir);
      await store.settled;
      const cleanup = async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      };
      return { store, cleanup };
    },
  },
  {
    name: 'PostgreSQL',
    skip: unreachable !== undefined,
    async open() {
      const schema = freshSchema();
      const store = PostgresStore.open(POSTGRES_URL, { schema });
      await store.settled;
      const cleanup = async () => {
        await store.close();
        await dropSchema(schema);
      };
      return { store, cleanup };
    },
  },
];

function question(over: Partial<QuestionRecord> = {}): QuestionRecord {
  return {
    guildId: A,
    channelId: '1',
    memberHash: hash('500'),
    question: 'How far can ATACMS reach?',
    outcome: 'answered',
    sourceIds: ['004_x'],
    latencyMs: 12,
    via: 'ask',
    ...over,
  };
}

for (const kind of STORES) {
  describe.skipIf(kind.skip)(`the records in ${kind.name}`, () => {
    let opened: Opened;
    let store: RecordStore;
    beforeEach(async () => {
      opened = await kind.open();
      store = opened.store;
      expect(store.state).toEqual({ available: true });
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    it('never reads one server’s records in another', async () => {
      const a = await store.recordQuestion(question({ outcome: 'declined', question: 'secret question of server A' }));
      await store.audit({ guildId: A, actorId: '42', action: 'remove', sourceId: 'y', detail: 'y.txt' });
      expect(await store.gaps(B, 0)).toEqual([]);
      expect(await store.stats(B, 0)).toMatchObject({ total: 0, quoted: [], perDay: [] });
      expect(await store.history(B)).toEqual([]);
      expect(await store.answerRecord(B, a)).toBeUndefined();
      // A vote sent from server B on server A's answer is not stored.
      expect(await store.vote(B, a, hash('501'), false)).toBe(false);
      expect((await store.stats(A, 0)).notHelpfulVotes).toBe(0);
    });

    it('counts outcomes, days, votes and quoted sources', async () => {
      const day = 20_000 * DAY_MS;
      const q1 = await store.recordQuestion(question({ at: day + 1000, sourceIds: ['s1', 's2'] }));
      await store.recordQuestion(question({ at: day + 2000, sourceIds: ['s1'] }));
      await store.recordQuestion(question({ at: day + DAY_MS, outcome: 'declined', sourceIds: [] }));
      await store.recordQuestion(question({ at: day + DAY_MS, outcome: 'closest', sourceIds: [] }));
      await store.recordQuestion(question({ at: day + DAY_MS, outcome: 'invalid', sourceIds: [] }));
      expect(await store.vote(A, q1, hash('1'), true)).toBe(true);
      expect(await store.vote(A, q1, hash('2'), true)).toBe(true);
      expect(await store.vote(A, q1, hash('2'), false)).toBe(true); // a member changes their vote: still one vote
      const s = await store.stats(A, day);
      expect(s).toMatchObject({ total: 5, answered: 2, closest: 1, declined: 1, invalid: 1, helpfulVotes: 1, notHelpfulVotes: 1 });
      expect(s.perDay).toEqual([
        { day: 20_000, questions: 2 },
        { day: 20_001, questions: 3 },
      ]);
      expect(s.quoted).toEqual([
        { sourceId: 's1', times: 2 },
        { sourceId: 's2', times: 1 },
      ]);
      expect((await store.stats(A, day + DAY_MS)).total).toBe(3);
    });

    it('lists declined questions, closest passages and answers voted not helpful as gaps, newest first', async () => {
      const declined = await store.recordQuestion(question({ at: 1000, outcome: 'declined', question: 'declined one' }));
      const unhelpful = await store.recordQuestion(question({ at: 2000, question: 'answered, not helpful' }));
      const helpful = await store.recordQuestion(question({ at: 3000, question: 'answered, helpful' }));
      await store.recordQuestion(question({ at: 4000, outcome: 'invalid', question: '???' }));
      const closest = await store.recordQuestion(question({ at: 5000, outcome: 'closest', question: 'only the closest' }));
      await store.vote(A, unhelpful, hash('1'), false);
      await store.vote(A, helpful, hash('1'), false);
      await store.vote(A, helpful, hash('2'), true);
      await store.vote(A, helpful, hash('3'), true);
      expect((await store.gaps(A, 0)).map((g) => [g.questionId, g.why])).toEqual([
        [closest, 'closest'],
        [unhelpful, 'not-helpful'],
        [declined, 'declined'],
      ]);
      expect((await store.gaps(A, 1500)).map((g) => g.questionId)).toEqual([closest, unhelpful]);
      expect(await store.gaps(A, 0, 1)).toHaveLength(1);
    });

    it('reads back what an answer showed, with votes, and forgets it all when the question is deleted', async () => {
      const spans = [
        { sourceId: 's1', start: 10, end: 50, contentHash: 'a'.repeat(64) },
        { sourceId: 's2', start: 0, end: 9, contentHash: 'b'.repeat(64) },
      ];
      const id = await store.recordQuestion(question({ at: 1000, via: 'mention', sourceFilter: 's1', quotes: spans }));
      expect(await store.answerRecord(A, id)).toEqual({
        id,
        channelId: '1',
        memberHash: hash('500'),
        question: 'How far can ATACMS reach?',
        outcome: 'answered',
        sourceFilter: 's1',
        quotes: spans,
        via: 'mention',
        askedAt: 1000,
      });
      expect(await store.voteOf(A, id, hash('1'))).toBeUndefined();
      await store.vote(A, id, hash('1'), false);
      await store.vote(A, id, hash('1'), true);
      await store.vote(A, id, hash('2'), false);
      expect(await store.voteOf(A, id, hash('1'))).toBe(true);
      expect(await store.votesOn(A, id)).toEqual({ helpful: 1, notHelpful: 1 });
      expect(await store.votesOn(B, id)).toEqual({ helpful: 0, notHelpful: 0 });
      const kept = await store.recordQuestion(question({ at: 5000, outcome: 'declined', sourceIds: [] }));
      expect(await store.deleteQuestionsBefore(2000)).toBe(1);
      expect(await store.answerRecord(A, id)).toBeUndefined();
      expect(await store.votesOn(A, id)).toEqual({ helpful: 0, notHelpful: 0 });
      expect(await store.stats(A, 0)).toMatchObject({ total: 1, helpfulVotes: 0, notHelpfulVotes: 0, quoted: [] });
      expect((await store.answerRecord(A, kept))?.outcome).toBe('declined');
    });

    it('deletes old questions in batches, all of them', async () => {
      for (let i = 0; i < 2_500; i += 250)
        await Promise.all(Array.from({ length: 250 }, (_, k) => store.recordQuestion(question({ at: 1000 + i + k, sourceIds: ['s'] }))));
      await store.recordQuestion(question({ at: 10_000 }));
      expect(await store.deleteQuestionsBefore(5000)).toBe(2_500);
      expect((await store.stats(A, 0)).total).toBe(1);
    });

    it('keeps each channel’s mode per server, the default stored as no row', async () => {
      expect(await store.channelMode(A, '7')).toBe('mention');
      expect(await store.setChannelMode(A, '7', 'auto', '42')).toBe('mention');
      expect(await store.setChannelMode(A, '8', 'off', '43')).toBe('mention');
      expect(await store.setChannelMode(A, '8', 'auto', '44')).toBe('off');
      expect(await store.channelMode(A, '7')).toBe('auto');
      expect(await store.channelMode(B, '7')).toBe('mention');
      const modes = await store.channelModes(A);
      expect(modes.map(({ channelId, mode, setBy }) => ({ channelId, mode, setBy })).sort((x, y) => x.channelId.localeCompare(y.channelId))).toEqual([
        { channelId: '7', mode: 'auto', setBy: '42' },
        { channelId: '8', mode: 'auto', setBy: '44' },
      ]);
      expect(await store.setChannelMode(A, '7', 'mention', '42')).toBe('auto');
      expect((await store.channelModes(A)).map((r) => r.channelId)).toEqual(['8']);
      expect(await store.channelModes(B)).toEqual([]);
    });

    it('keeps the audit log per server, newest first', async () => {
      await store.audit({ guildId: A, actorId: '42', action: 'add', sourceId: 'x', detail: 'x.txt, 10 B', at: 1000 });
      await store.audit({ guildId: A, actorId: '43', action: 'reload', detail: '5 sources', at: 2000 });
      await store.audit({ guildId: B, actorId: '44', action: 'remove', sourceId: 'x', detail: 'x.txt', at: 3000 });
      expect(await store.history(A)).toEqual([
        { guildId: A, actorId: '43', action: 'reload', sourceId: null, detail: '5 sources', at: 2000 },
        { guildId: A, actorId: '42', action: 'add', sourceId: 'x', detail: 'x.txt, 10 B', at: 1000 },
      ]);
      expect(await store.history(A, 1)).toHaveLength(1);
    });

    it('says it is closed, and changes nothing, after close', async () => {
      await store.close();
      await expect(store.recordQuestion(question())).rejects.toMatchObject({ failure: 'unavailable' });
    });
  });
}

describe.skipIf(unreachable !== undefined)('PostgreSQL only', () => {
  const schemas: string[] = [];
  const stores: PostgresStore[] = [];
  const open = (schema: string, options = {}) => {
    const store = PostgresStore.open(POSTGRES_URL, { schema, ...options });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const schema of schemas.splice(0)) await dropSchema(schema);
  });

  it('hosts starting together on an empty database make the schema once, under the advisory lock', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const hosts = Array.from({ length: 4 }, () => open(schema));
    await Promise.all(hosts.map((h) => h.settled));
    for (const h of hosts) expect(h.state).toEqual({ available: true });
    const ids = await Promise.all(hosts.map((h, i) => h.recordQuestion(question({ question: `from host ${i}` }))));
    expect(new Set(ids).size).toBe(4);
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await client.end();
    }
  });

  it('refuses a database whose schema is newer than the code, and says so', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const first = open(schema);
    await first.settled;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`INSERT INTO "${schema}".schema_migrations (version, applied_at) VALUES (999, 0)`);
    await client.end();
    const second = open(schema, { retryMs: 60_000 });
    await second.settled;
    expect(second.state).toMatchObject({ available: false, why: expect.stringMatching(/newer than this code knows/) });
    await expect(second.recordQuestion(question())).rejects.toBeInstanceOf(StoreError);
  });

  it('the server gone: calls fail fast as unavailable, the state says so, and writing resumes by itself when it is back', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const proxy = await TcpProxy.start(new URL(POSTGRES_URL));
    const url = new URL(POSTGRES_URL);
    url.port = String(proxy.port);
    const store = PostgresStore.open(url.toString(), { schema, retryMs: 200, connectMs: 1_000, callMs: 1_000 });
    stores.push(store);
    await store.settled;
    await store.recordQuestion(question({ question: 'before' }));
    const states: boolean[] = [];
    store.onStateChange((s) => states.push(s.available));

    await proxy.stop(); // every connection cut, new ones refused: as when PostgreSQL stops or restarts
    const started = Date.now();
    const failures: string[] = [];
    for (let i = 0; i < 5; i++) {
      const err = await store.recordQuestion(question({ question: `during ${i}` })).catch((e: unknown) => e);
      failures.push(err instanceof StoreError ? err.failure : `no error: ${String(err)}`);
    }
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(failures).toEqual(Array(5).fill('unavailable'));
    expect(store.state.available).toBe(false);

    await proxy.resume();
    await expect.poll(() => store.state.available, { timeout: 5_000, interval: 50 }).toBe(true);
    await store.recordQuestion(question({ question: 'after' }));
    expect((await store.gaps(A, 0)).length).toBe(0);
    expect((await store.stats(A, 0)).total).toBe(2); // before and after; none of those refused
    expect(states).toEqual([false, true]);
    await proxy.stop();
  });
});

/** The console's storage on real SQLite files in temporary folders. */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memberHasher, memberKey, MEMBER_KEY_FILE } from '../src/store/member-key.ts';
import { MIGRATIONS } from '../src/store/sqlite/migrations.ts';
import { DAY_MS, type QuestionRecord } from '../src/store/records.ts';
import { DATABASE_FILE, Storage } from '../src/store/sqlite/storage.ts';
import { ROOT } from './helpers.ts';

const A = '900000000000000100';
const B = '900000000000000101';
let dir: string;
let storage: Storage;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quotebot-data-'));
  storage = Storage.open(dir);
});
afterEach(async () => {
  storage.close();
  await rm(dir, { recursive: true, force: true });
});

const hash = memberHasher('k'.repeat(40));
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

describe('Storage', () => {
  it('keeps records across a close and reopen, in WAL mode, with the schema applied once', () => {
    const id = storage.recordQuestion(question({ outcome: 'declined', question: 'What is the capital of France?', sourceIds: [] }));
    storage.audit({ guildId: A, actorId: '42', action: 'add', sourceId: 'x', detail: 'x.txt, 10 B' });
    storage.close();
    storage = Storage.open(dir);
    expect(storage.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    expect(storage.gaps(A, 0)).toEqual([expect.objectContaining({ questionId: id, question: 'What is the capital of France?', why: 'declined' })]);
    expect(storage.history(A)).toEqual([expect.objectContaining({ actorId: '42', action: 'add', sourceId: 'x' })]);
    const raw = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    } finally {
      raw.close();
    }
  });

  it('never reads one server’s records in another', () => {
    const a = storage.recordQuestion(question({ outcome: 'declined', question: 'secret question of server A' }));
    storage.audit({ guildId: A, actorId: '42', action: 'remove', sourceId: 'y', detail: 'y.txt' });
    expect(storage.gaps(B, 0)).toEqual([]);
    expect(storage.stats(B, 0)).toMatchObject({ total: 0, quoted: [], perDay: [] });
    expect(storage.history(B)).toEqual([]);
    // A vote sent from server B on server A's answer is not stored.
    expect(storage.vote(B, a, hash('501'), false)).toBe(false);
    expect(storage.stats(A, 0).notHelpfulVotes).toBe(0);
  });

  it('counts outcomes, days, votes and quoted sources', () => {
    const day = 20_000 * DAY_MS;
    const q1 = storage.recordQuestion(question({ at: day + 1000, sourceIds: ['s1', 's2'] }));
    storage.recordQuestion(question({ at: day + 2000, sourceIds: ['s1'] }));
    storage.recordQuestion(question({ at: day + DAY_MS, outcome: 'declined', sourceIds: [] }));
    storage.recordQuestion(question({ at: day + DAY_MS, outcome: 'invalid', sourceIds: [] }));
    expect(storage.vote(A, q1, hash('1'), true)).toBe(true);
    expect(storage.vote(A, q1, hash('2'), true)).toBe(true);
    expect(storage.vote(A, q1, hash('2'), false)).toBe(true); // a member changes their vote: still one vote
    const s = storage.stats(A, day);
    expect(s).toMatchObject({ total: 4, answered: 2, declined: 1, invalid: 1, helpfulVotes: 1, notHelpfulVotes: 1 });
    expect(s.perDay).toEqual([
      { day: 20_000, questions: 2 },
      { day: 20_001, questions: 2 },
    ]);
    expect(s.quoted).toEqual([
      { sourceId: 's1', times: 2 },
      { sourceId: 's2', times: 1 },
    ]);
    expect(storage.stats(A, day + DAY_MS).total).toBe(2);
  });

  it('lists declined questions and answers voted not helpful as gaps, newest first', () => {
    const declined = storage.recordQuestion(question({ at: 1000, outcome: 'declined', question: 'declined one' }));
    const unhelpful = storage.recordQuestion(question({ at: 2000, question: 'answered, not helpful' }));
    const helpful = storage.recordQuestion(question({ at: 3000, question: 'answered, helpful' }));
    storage.recordQuestion(question({ at: 4000, outcome: 'invalid', question: '???' }));
    storage.vote(A, unhelpful, hash('1'), false);
    storage.vote(A, helpful, hash('1'), false);
    storage.vote(A, helpful, hash('2'), true);
    storage.vote(A, helpful, hash('3'), true);
    expect(storage.gaps(A, 0).map((g) => [g.questionId, g.why])).toEqual([
      [unhelpful, 'not-helpful'],
      [declined, 'declined'],
    ]);
  });

  it('deletes questions older than the cut-off with their votes and quoted sources', () => {
    const old = storage.recordQuestion(question({ at: 1000 }));
    storage.vote(A, old, hash('1'), false);
    storage.recordQuestion(question({ at: 5000, outcome: 'declined', sourceIds: [] }));
    expect(storage.deleteQuestionsBefore(2000)).toBe(1);
    expect(storage.stats(A, 0)).toMatchObject({ total: 1, notHelpfulVotes: 0, quoted: [] });
    storage.close();
    const raw = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    try {
      expect(raw.prepare('SELECT COUNT(*) AS n FROM votes').get()).toEqual({ n: 0 });
      expect(raw.prepare('SELECT COUNT(*) AS n FROM quoted_sources').get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
  });

  it('reads back what an answer showed, only in its own server, and forgets its spans with it', () => {
    const spans = [
      { sourceId: 's1', start: 10, end: 50, contentHash: 'a'.repeat(64) },
      { sourceId: 's2', start: 0, end: 9, contentHash: 'b'.repeat(64) },
    ];
    const id = storage.recordQuestion(question({ at: 1000, via: 'mention', sourceFilter: 's1', quotes: spans }));
    expect(storage.answerRecord(A, id)).toEqual({
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
    expect(storage.answerRecord(B, id)).toBeUndefined();
    expect(storage.voteOf(A, id, hash('1'))).toBeUndefined();
    storage.vote(A, id, hash('1'), false);
    storage.vote(A, id, hash('1'), true);
    storage.vote(A, id, hash('2'), false);
    expect(storage.voteOf(A, id, hash('1'))).toBe(true);
    expect(storage.votesOn(A, id)).toEqual({ helpful: 1, notHelpful: 1 });
    expect(storage.votesOn(B, id)).toEqual({ helpful: 0, notHelpful: 0 });
    storage.deleteQuestionsBefore(2000);
    expect(storage.answerRecord(A, id)).toBeUndefined();
    storage.close();
    const raw = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    try {
      expect(raw.prepare('SELECT COUNT(*) AS n FROM quoted_spans').get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
  });

  it('keeps each channel’s mode per server, the default stored as no row', () => {
    expect(storage.channelMode(A, '7')).toBe('mention');
    expect(storage.setChannelMode(A, '7', 'auto', '42', 5000)).toBe('mention');
    expect(storage.setChannelMode(A, '8', 'off', '43', 6000)).toBe('mention');
    expect(storage.channelMode(A, '7')).toBe('auto');
    expect(storage.channelMode(B, '7')).toBe('mention');
    expect(storage.channelModes(A)).toEqual([
      { channelId: '8', mode: 'off', setBy: '43', setAt: 6000 },
      { channelId: '7', mode: 'auto', setBy: '42', setAt: 5000 },
    ]);
    expect(storage.setChannelMode(A, '7', 'mention', '42')).toBe('auto');
    expect(storage.channelModes(A).map((r) => r.channelId)).toEqual(['8']);
    expect(storage.channelModes(B)).toEqual([]);
  });

  it('brings a database of the first schema up to date, its old questions intact and without spans', async () => {
    const folder = path.join(dir, 'upgraded');
    await mkdir(folder);
    // A database as the first release left it: only migration 1 applied.
    const v1 = new Database(path.join(folder, DATABASE_FILE));
    v1.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    v1.exec(MIGRATIONS[0]!.sqlite);
    v1.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0)').run();
    v1.prepare(
      "INSERT INTO questions (guild_id, channel_id, member_hash, question, asked_at, outcome, latency_ms, via) VALUES (?, '1', 'h', 'an old question', 5, 'answered', 3, 'ask')",
    ).run(A);
    v1.close();
    const upgraded = Storage.open(folder);
    try {
      expect(upgraded.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
      expect(upgraded.answerRecord(A, 1)).toMatchObject({ question: 'an old question', sourceFilter: null, quotes: [] });
      expect(upgraded.channelMode(A, '1')).toBe('mention');
    } finally {
      upgraded.close();
    }
  });

  it('refuses a database made by newer code rather than misreading it', () => {
    storage.close();
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(999, Date.now());
    raw.close();
    expect(() => Storage.open(dir)).toThrow(/newer than this code knows/);
  });
});

describe('shared by processes (the shards of one bot)', () => {
  /** A process that opens the database in `dir` at `goAt` and writes `n` questions and votes in `guild`. */
  function writer(dir: string, goAt: number, n: number, guild: string) {
    const script = `
      import { Storage } from ${JSON.stringify(path.join(ROOT, 'src/store/sqlite/storage.ts'))};
      const { DIR, GO_AT, N, GUILD } = process.env;
      while (Date.now() < Number(GO_AT)) await new Promise((r) => setTimeout(r, 1));
      const storage = Storage.open(DIR);
      for (let i = 0; i < Number(N); i++) {
        const id = storage.recordQuestion({ guildId: GUILD, channelId: '1', memberHash: 'm' + i, question: 'q' + i, outcome: 'answered', sourceIds: ['s'], latencyMs: 1, via: 'ask' });
        storage.vote(GUILD, id, 'm' + i, i % 2 === 0);
      }
      storage.close();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DIR: dir, GO_AT: String(goAt), N: String(n), GUILD: guild },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  }

  it('lets four processes open a new database and write at once while another holds the write lock: each waits, the schema is made once, nothing fails or is lost', async () => {
    storage.close();
    const fresh = await mkdtemp(path.join(tmpdir(), 'quotebot-data-'));
    const guilds = [A, B, '900000000000000102', '900000000000000103'];
    try {
      // The schema is not there yet, and another process holds the write lock as these start (then lets go):
      // they must each wait for it, and then find the schema as the one before them left it.
      const other = new Database(path.join(fresh, DATABASE_FILE));
      other.pragma('journal_mode = WAL');
      other.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
      other.exec('BEGIN IMMEDIATE');
      const goAt = Date.now() + 3_000;
      const running = Promise.all(guilds.map((guild) => writer(fresh, goAt, 200, guild)));
      await sleep(goAt + 1_000 - Date.now());
      other.exec('COMMIT');
      other.close();
      const results = await running;
      expect(results).toEqual(guilds.map(() => ({ code: 0, stderr: '' })));
      storage = Storage.open(fresh);
      expect(storage.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
      for (const guild of guilds) expect(storage.stats(guild, 0)).toMatchObject({ total: 200, answered: 200, helpfulVotes: 100, notHelpfulVotes: 100 });
    } finally {
      storage.close();
      await rm(fresh, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('member hashing', () => {
  it('stores no user ID: a keyed hash that differs by key and by member', () => {
    const id = '900000000000000500';
    const h = memberHasher('a'.repeat(40));
    expect(h(id)).toBe(h(id));
    expect(h(id)).not.toContain(id);
    expect(h(id)).not.toBe(h('900000000000000501'));
    expect(memberHasher('b'.repeat(40))(id)).not.toBe(h(id));
  });

  it('makes a key once, readable by its owner only, and keeps it', async () => {
    const key = memberKey(dir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(path.join(dir, MEMBER_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(memberKey(dir)).toBe(key);
    expect(memberKey(dir, 'configured-key-that-is-long-enough-000')).toBe('configured-key-that-is-long-enough-000');
    await writeFile(path.join(dir, MEMBER_KEY_FILE), 'short');
    expect(() => memberKey(dir)).toThrow(/shorter than/);
  });
});

/**
 * The records' database on a bad day, with the real bot against the fake Discord: another process holding
 * the write lock, a damaged file at start, the file deleted while the bot runs, and what a deleted question
 * leaves in the file. Answering never waits for the database, and the member is told plainly when something
 * that needs the records cannot be done.
 */
import { readFile, rm, stat, unlink, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Client, Events } from 'discord.js';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../src/bot/context.ts';
import { createBot } from '../src/bot/discord/client.ts';
import { TEXT } from '../src/bot/discord/format.ts';
import { BotHealth } from '../src/bot/health/health.ts';
import { jsonLogger } from '../src/bot/health/log.ts';
import { Library } from '../src/bot/library.ts';
import { deleteOldQuestions } from '../src/bot/members/records.ts';
import { openContext } from '../src/bot/setup.ts';
import { DATABASE_FILE, Storage } from '../src/store/sqlite/storage.ts';
import type { SqliteStoreOptions } from '../src/store/sqlite/sqlite-store.ts';
import { FakeDiscord, GUILD_ID, PERMS, TOKEN } from './fake-discord.ts';
import { tempCorpus } from './helpers.ts';

let fake: FakeDiscord;
let corpus: Awaited<ReturnType<typeof tempCorpus>>;
let library: Library;
const running: { client: Client; ctx: BotContext; dataDir: string }[] = [];

beforeAll(async () => {
  fake = await FakeDiscord.start();
  corpus = await tempCorpus({}, true);
  library = await Library.open(corpus.dir);
}, 60_000);

afterEach(async () => {
  for (const { client, ctx, dataDir } of running.splice(0)) {
    await client.destroy();
    await ctx.storage.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

afterAll(async () => {
  library?.close();
  await fake?.close();
  await corpus?.cleanup();
});

/** The bot on a data folder of its own (prepared by `before`), its log lines and health beside it. */
async function startBot(store: SqliteStoreOptions = {}, before?: (dataDir: string) => Promise<void>) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'quotebot-store-'));
  await before?.(dataDir);
  const logLines: string[] = [];
  const health = new BotHealth();
  const settings = { apiBase: fake.apiBase, askCooldownSeconds: 0, dataDir, questionRetentionDays: 90, manageGuildIds: [GUILD_ID], store };
  const ctx: BotContext = {
    ...openContext(
      settings,
      library,
      jsonLogger((l) => logLines.push(l), [TOKEN]),
    ),
    telemetry: health,
  };
  health.serving(library);
  health.watchStore(ctx.storage);
  ctx.storage.onStateChange((state) => logLines.push(JSON.stringify({ event: state.available ? 'records_available' : 'records_unavailable', ...state })));
  const client = createBot(ctx, { apiBase: fake.apiBase }).client;
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(TOKEN);
  await ready;
  running.push({ client, ctx, dataDir });
  return { ctx, health, logLines, dataDir, file: path.join(dataDir, DATABASE_FILE) };
}

const ask = (question: string) => fake.interact('ask', [{ type: 3, name: 'question', value: question }]);
const buttonsOf = (msg: any): Record<string, string> =>
  Object.fromEntries((msg.components?.[0]?.components ?? []).map((b: { label: string; custom_id: string }) => [b.label, b.custom_id]));

describe('another process holds the write lock', () => {
  it('every question is acknowledged within 3 s and answered; a vote says it could not be saved; recording resumes after', async () => {
    const { ctx, file, logLines } = await startBot();
    const first = await fake.waitForFinal(ask('Who manufactures ATACMS?'));
    const helpful = buttonsOf(first).Helpful!;
    expect(helpful).toBeDefined();

    // A backup or a second host: a write transaction held for 8 s.
    const other = new Database(file, { timeout: 100 });
    other.exec('BEGIN IMMEDIATE');
    const lockedAt = performance.now();
    try {
      const asked = Array.from({ length: 20 }, (_, i) => ({
        sent: performance.now(),
        token: ask(i % 2 ? 'How far can ATACMS reach?' : 'Who manufactures ATACMS?'),
      }));
      const answers = await Promise.all(asked.map((a) => fake.waitForFinal(a.token, 'the answer', 15_000)));
      const acks = asked.map((a) => Math.round(fake.callback(a.token)!.at - a.sent));
      if (process.env.SHOW_FIGURES) console.log('ack latencies ms', JSON.stringify(acks));
      for (const [i, ms] of acks.entries()) expect(ms, `ack of question ${i}`).toBeLessThan(3_000);
      // The answers went out whatever the records did; those that could not be recorded have no buttons to read back.
      for (const answer of answers) expect(answer.embeds[0].description).toMatch(/Lockheed Martin|190 miles|300 km/);
      const vote = fake.click(first, helpful, { permissions: PERMS.member });
      expect((await fake.waitForFinal(vote)).content).toBe(TEXT.voteNotStored);
      expect(fake.callback(vote)!.at - lockedAt).toBeLessThan(8_000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The failures are in the log once, not once per question.
    expect(logLines.filter((l) => l.includes('"event":"record_failed"')).length).toBeGreaterThanOrEqual(1);
    expect(logLines.filter((l) => l.includes('"event":"record_failed"')).length).toBeLessThan(5);
    await fake.waitFor(() => performance.now() - lockedAt > 9_000, 'the lock backoff to pass', 12_000);
    const before = (await ctx.storage.stats(GUILD_ID, 0)).total;
    await fake.waitForFinal(ask('How much does one ATACMS cost?'));
    expect((await ctx.storage.stats(GUILD_ID, 0)).total).toBe(before + 1);
    expect(logLines.some((l) => l.includes('"event":"records_writing_again"'))).toBe(true);
  }, 60_000);
});

describe('a damaged database at start', () => {
  it('the bot starts and answers; buttons and the console say the records are unavailable; readiness is degraded; the store recovers by itself', async () => {
    const { ctx, health, file } = await startBot({ retryMs: 300 }, (dir) => writeFile(path.join(dir, DATABASE_FILE), 'this is not a database '.repeat(400)));
    await fake.waitFor(() => !ctx.storage.state.available, 'the store to give up on the file');
    expect(health.readiness()).toMatchObject({ ready: true, degraded: [expect.stringMatching(/records are unavailable/)] });
    expect((await health.metrics()).text).toMatch(/^quotebot_records_available 0$/m);

    const answer = await fake.waitForFinal(ask('Who manufactures ATACMS?'));
    expect(answer.embeds[0].description).toContain('Lockheed Martin');
    expect(answer.components ?? []).toEqual([]);
    const gaps = await fake.waitForFinal(fake.interact('sources', [{ type: 1, name: 'gaps', options: [] }], { permissions: PERMS.moderator }));
    expect(gaps.content).toBe(TEXT.recordsUnavailable);

    // The operator moves the damaged file away: the store opens a new one without a restart.
    await unlink(file);
    await fake.waitFor(() => ctx.storage.state.available, 'the store to come back', 5_000);
    expect(health.readiness()).toEqual({ ready: true });
    const again = await fake.waitForFinal(ask('Who manufactures ATACMS?'));
    expect(Object.keys(buttonsOf(again))).toContain('Helpful');
    expect((await ctx.storage.stats(GUILD_ID, 0)).total).toBe(1);
  }, 30_000);
});

describe('the database file deleted while the bot runs', () => {
  it('is noticed, said, and a new file opened: later questions are in the file at the path, not in the unlinked one', async () => {
    const { file, logLines } = await startBot({ checkMs: 100 });
    await fake.waitForFinal(ask('Who manufactures ATACMS?'));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
    await fake.waitFor(() => logLines.some((l) => l.includes('records_unavailable') && l.includes('deleted or replaced')), 'the deletion to be noticed');
    await fake.waitForFinal(ask('How far can ATACMS reach?'));
    const reopened = Storage.open(path.dirname(file));
    try {
      expect(reopened.gaps(GUILD_ID, 0)).toEqual([]);
      expect(reopened.stats(GUILD_ID, 0).total).toBe(1);
    } finally {
      reopened.close();
    }
  }, 30_000);
});

describe('privacy of the file', () => {
  it('a deleted question leaves no readable trace in the database or its log, and the files are the bot’s alone (0600)', async () => {
    const { ctx, file, dataDir } = await startBot();
    const secret = 'does zanzibar-quokka-7731 fly';
    await fake.waitForFinal(ask(secret));
    await fake.waitForFinal(ask('Who manufactures ATACMS?'));
    const bytes = async () => Buffer.concat(await Promise.all([file, `${file}-wal`].map((f) => readFile(f).catch(() => Buffer.alloc(0)))));
    expect((await bytes()).includes(secret)).toBe(true);

    await deleteOldQuestions(ctx, 0, Date.now() + 1_000);
    expect((await ctx.storage.stats(GUILD_ID, 0)).total).toBe(0);
    expect((await bytes()).includes(secret)).toBe(false);
    expect((await bytes()).includes('zanzibar-quokka')).toBe(false);

    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      const mode = await stat(f).then(
        (s) => s.mode & 0o777,
        () => undefined,
      );
      if (mode !== undefined) expect(mode.toString(8), f).toBe('600');
    }
    expect(((await stat(dataDir)).mode & 0o077).toString(8)).toBe('0');
  }, 30_000);
});

/**
 * Two hosts on one PostgreSQL: two shard managers (`SHARDS=2`, `SHARD_LIST=0` and `1`), each with its own data
 * and corpus folders, against one fake Discord with two shards, sharing a fresh database reached through a relay
 * that can cut it off. A source added in a server served by one host is quoted in a server served by the
 * other; each server's gaps are its own; with the database gone both hosts answer, and recording resumes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TEXT } from '../src/bot/discord/format.ts';
import { FakeDiscord, GUILD_ID, OTHER_GUILD_ID, PERMS, shardOf, TOKEN } from './fake-discord.ts';
import { logLines, ROOT, tempCorpus } from './helpers.ts';
import { POSTGRES_URL, postgresUnreachable, TcpProxy } from './postgres.ts';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function startHost(env: Record<string, string>): { child: ChildProcess; out: { stdout: string; stderr: string }; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/bot/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DOTENV_CONFIG_PATH: '/nonexistent', ...env },
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (out.stdout += d));
  child.stderr!.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    child.kill('SIGKILL');
  });
  return { child, out, exited };
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(postgresUnreachable !== undefined)('two hosts sharing one PostgreSQL', () => {
  it('a source added through one host is quoted by the other; gaps stay per server; with PostgreSQL gone both answer, and recording resumes', async () => {
    // A database of its own, reached through a relay the test can cut.
    const database = `qb_hosts_${process.pid}_${Date.now()}`;
    await admin(POSTGRES_URL, (c) => c.query(`CREATE DATABASE ${database}`));
    cleanups.push(() => admin(POSTGRES_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)));
    const proxy = await TcpProxy.start(new URL(POSTGRES_URL));
    cleanups.push(() => proxy.stop());
    const direct = new URL(POSTGRES_URL);
    direct.pathname = `/${database}`;
    const relayed = new URL(direct);
    relayed.port = String(proxy.port);

    const fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 16 });
    cleanups.push(() => fake.close());
    const seeded = await tempCorpus({}, true);
    const empty = await tempCorpus({}, false);
    cleanups.push(seeded.cleanup, empty.cleanup);
    const hostEnv = async (shard: number, corpusDir: string) => {
      const dataDir = await mkdtemp(path.join(tmpdir(), `quotebot-host${shard}-`));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      return {
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_BASE: fake.apiBase,
        SHARDS: '2',
        SHARD_LIST: String(shard),
        ASK_COOLDOWN_SECONDS: '0',
        CORPUS_DIR: corpusDir,
        INDEX_CACHE_DIR: 'off',
        DATA_DIR: dataDir,
        DATABASE_URL: relayed.toString(),
        MANAGE_GUILD_IDS: `${GUILD_ID},${OTHER_GUILD_ID}`,
        MEMBER_HASH_KEY: 'k'.repeat(40),
      };
    };
    // The first host fills the empty database from its corpus; the second starts with an empty folder.
    const hostA = startHost(await hostEnv(0, seeded.dir));
    await fake.waitFor(() => logLines(hostA.out.stdout).some((l) => l.event === 'ready'), 'host A to be ready', 60_000);
    const hostB = startHost(await hostEnv(1, empty.dir));
    await fake.waitFor(() => logLines(hostB.out.stdout).some((l) => l.event === 'ready'), 'host B to be ready', 60_000);
    const hostOf = (guildId: string) => (shardOf(guildId, 2) === 0 ? hostA : hostB);
    expect(hostOf(GUILD_ID)).not.toBe(hostOf(OTHER_GUILD_ID));

    const ask = async (guildId: string, value: string): Promise<any> =>
      fake.waitForFinal(fake.interact('ask', [{ type: 3, name: 'question', value }], { guildId }), `/ask in ${guildId}`, 20_000);
    // Host B built its index from what host A put in the database.
    expect((await ask(OTHER_GUILD_ID, 'Who manufactures ATACMS?')).embeds[0].description).toContain('Lockheed Martin');
    const question = 'How many quokkas did the census count on Rottnest Island?';
    expect((await ask(OTHER_GUILD_ID, question)).content).toContain(TEXT.notFound);

    // A moderator adds a source in a server served by one host; the other host quotes it within seconds.
    const file = fake.upload('quokka-census.md', 'Quokka Census 2024\nThe quokka census counted 12,345 quokkas on Rottnest Island in March.\n');
    const add = fake.interact('sources', [{ type: 1, name: 'add', options: [{ type: 11, name: 'file', value: file.id }] }], {
      permissions: PERMS.moderator,
      guildId: GUILD_ID,
      attachments: [file],
    });
    expect(((await fake.waitForFinal(add, '/sources add', 30_000)) as any).content).toMatch(/^Added `quokka-census`/);
    const added = Date.now();
    await fake.waitFor(
      () => logLines(hostOf(OTHER_GUILD_ID).out.stdout).some((l) => l.event === 'corpus_reloaded' && (l.added ?? []).includes('quokka-census')),
      'the other host to reload',
      30_000,
    );
    const answer = await ask(OTHER_GUILD_ID, question);
    expect(Date.now() - added).toBeLessThan(30_000);
    expect(answer.embeds[0].description).toContain('12,345');
    expect(JSON.stringify(answer.embeds[0])).toContain('quokka-census');

    // Each server's gaps are its own, though both hosts write to one database.
    await ask(GUILD_ID, 'How tall is Mount Everest in metres?');
    await ask(OTHER_GUILD_ID, 'How do I bake sourdough bread at home?');
    const gaps = async (guildId: string) =>
      JSON.stringify(
        await fake.waitForFinal(fake.interact('sources', [{ type: 1, name: 'gaps', options: [] }], { permissions: PERMS.moderator, guildId }), '/sources gaps'),
      ).toLowerCase();
    const [gapsA, gapsB] = [await gaps(GUILD_ID), await gaps(OTHER_GUILD_ID)];
    expect(gapsA).toContain('everest');
    expect(gapsA).not.toContain('sourdough');
    expect(gapsB).toContain('sourdough');
    expect(gapsB).not.toContain('everest');

    // PostgreSQL goes away: both hosts go on answering.
    const count = () => admin(direct.toString(), async (c) => Number((await c.query('SELECT COUNT(*) AS n FROM questions')).rows[0].n));
    const before = await count();
    await proxy.stop();
    for (const guildId of [GUILD_ID, OTHER_GUILD_ID])
      expect((await ask(guildId, 'Who manufactures ATACMS?')).embeds[0].description).toContain('Lockheed Martin');
    expect(await count()).toBe(before); // nothing could be recorded
    for (const host of [hostA, hostB])
      expect(logLines(host.out.stdout).some((l) => l.event === 'records_unavailable' || l.event === 'record_failed')).toBe(true);

    // Back: a new question is recorded again.
    await proxy.resume();
    const deadline = Date.now() + 30_000;
    let recorded = false;
    while (!recorded && Date.now() < deadline) {
      await ask(OTHER_GUILD_ID, 'Who manufactures ATACMS?');
      recorded = (await count()) > before;
      if (!recorded) await new Promise((r) => setTimeout(r, 500));
    }
    expect(recorded).toBe(true);
  }, 180_000);
});

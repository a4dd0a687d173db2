/**
 * `npm start` as a real process: the compiled bot (`npm run build`, then `node dist/…`) refuses clearly
 * without settings, runs against a fake Discord, serves health and metrics, stops on SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSettings } from '../src/bot/settings.ts';
import { TEXT } from '../src/bot/discord/format.ts';
import { DATABASE_FILE, Storage } from '../src/store/sqlite/storage.ts';
import { BOT_USER, FakeDiscord, GUILD_ID, OTHER_CHANNEL_ID, OTHER_GUILD_ID, PERMS, shardOf, TOKEN } from './fake-discord.ts';
import { logLines, ROOT, tempCorpus } from './helpers.ts';

// What `npm start` runs is what `npm run build` wrote: build it afresh, so that these tests run today's code.
beforeAll(async () => {
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT });
}, 60_000);

const children: ChildProcess[] = [];
const botPids: number[] = [];
/** Where the started bots keep their database unless a test gives its own: never the project's `.data/`. */
const sharedDataDir = mkdtempSync(path.join(tmpdir(), 'quotebot-data-'));
afterAll(() => rm(sharedDataDir, { recursive: true, force: true }));
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const pid of botPids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** Whether a process still runs (a zombie, exited but not yet reaped, does not). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const COMPILED_MAIN = path.join(ROOT, 'dist/src/bot/main.js');

/** The bot compiled (`node dist/src/bot/main.js`), from source (`node --import tsx src/bot/main.ts`), or as `npm start`. */
function start(env: Record<string, string | undefined>, how: 'compiled' | 'tsx' | 'npm' = 'compiled', cwd = ROOT) {
  const [command, args] = {
    compiled: [process.execPath, [COMPILED_MAIN]],
    tsx: [process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/bot/main.ts')]],
    npm: ['npm', ['start', '--silent']],
  }[how] as [string, string[]];
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DOTENV_CONFIG_PATH: '/nonexistent', DATA_DIR: sharedDataDir, ...env },
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (out.stdout += d));
  child.stderr!.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, out, exited };
}

describe('readSettings', () => {
  it('names each missing or wrong setting without echoing the token', () => {
    const r = readSettings({
      DISCORD_TOKEN: 'short secret',
      DISCORD_CLIENT_ID: 'abc',
      DISCORD_API_BASE: 'http://127.0.0.1:9/api/v10',
      ASK_COOLDOWN_SECONDS: '-1',
      QUESTION_RETENTION_DAYS: '0',
      MANAGE_GUILD_IDS: '123456789012345678, my-server',
      MEMBER_HASH_KEY: 'too-short',
      DATABASE_URL: 'mysql://bot:pw-secret@db/quotebot',
    });
    expect(r.ok).toBe(false);
    const text = (r as { problems: string[] }).problems.join('\n');
    expect(text).toMatch(/DISCORD_TOKEN does not look like a bot token/);
    expect(text).toMatch(/DISCORD_CLIENT_ID/);
    expect(text).toMatch(/DISCORD_API_BASE must not end in a version/);
    expect(text).toMatch(/ASK_COOLDOWN_SECONDS/);
    expect(text).toMatch(/QUESTION_RETENTION_DAYS/);
    expect(text).toMatch(/MANAGE_GUILD_IDS .*"my-server"/);
    expect(text).toMatch(/MEMBER_HASH_KEY must be at least 32/);
    expect(text).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
    expect(text).not.toContain('pw-secret');
    expect(text).not.toContain('too-short');
    expect(text).not.toContain('short secret');
  });

  it('accepts a complete configuration with defaults', () => {
    const r = readSettings({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '123456789012345678' });
    expect(r).toEqual({
      ok: true,
      settings: {
        token: TOKEN,
        guildId: '123456789012345678',
        clientId: undefined,
        apiBase: undefined,
        askCooldownSeconds: 5,
        corpusDir: undefined,
        dataDir: undefined,
        questionRetentionDays: 90,
        manageGuildIds: ['123456789012345678'],
        memberHashKey: undefined,
        reloadTimeoutSeconds: 300,
        shutdownGraceSeconds: 10,
        messageContentIntent: false,
        sharding: { role: 'single' },
        sourceFetch: {
          privateAccess: 'none',
          maxBytes: 10 * 1024 * 1024,
          timeoutMs: 30_000,
          maxRedirects: 5,
          userAgent: expect.stringMatching(/^quotebot\/\d+\.\d+\.\d+ \(/),
          robotsToken: 'quotebot',
        },
      },
    });
    // A bad fetch setting stops the bot at start, named, like any other.
    expect(readSettings({ DISCORD_TOKEN: TOKEN, SOURCE_FETCH_ALLOW_PRIVATE: 'sometimes' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^SOURCE_FETCH_ALLOW_PRIVATE must be true, false, or addresses/)],
    });
    expect(readSettings({ DISCORD_TOKEN: TOKEN, MESSAGE_CONTENT_INTENT: 'true' })).toMatchObject({ settings: { messageContentIntent: true } });
    expect(readSettings({ DISCORD_TOKEN: TOKEN, MESSAGE_CONTENT_INTENT: 'on' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^MESSAGE_CONTENT_INTENT must be true or false/)],
    });
    expect(
      readSettings({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '123456789012345678', MANAGE_GUILD_IDS: '223456789012345678,323456789012345678' }),
    ).toMatchObject({
      settings: { manageGuildIds: ['223456789012345678', '323456789012345678'] },
    });
    expect(readSettings({ DISCORD_TOKEN: TOKEN })).toMatchObject({ settings: { manageGuildIds: [] } });
    const bad = readSettings({ DISCORD_TOKEN: TOKEN, RELOAD_TIMEOUT_SECONDS: '0', SHUTDOWN_GRACE_SECONDS: 'soon' });
    expect((bad as { problems: string[] }).problems).toEqual([
      expect.stringMatching(/^RELOAD_TIMEOUT_SECONDS must be/),
      expect.stringMatching(/^SHUTDOWN_GRACE_SECONDS must be/),
    ]);
    expect(readSettings({}, { clientId: true })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/DISCORD_TOKEN is missing/), expect.stringMatching(/DISCORD_CLIENT_ID is missing/)],
    });
  });
});

describe('npm start', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'quotebot-data-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('before `npm run build`, says to build first instead of printing a stack trace', async () => {
    // A checkout that was never built: the project's package.json, no dist/.
    const fresh = await mkdtemp(path.join(tmpdir(), 'quotebot-unbuilt-'));
    try {
      await writeFile(path.join(fresh, 'package.json'), await readFile(path.join(ROOT, 'package.json')));
      const { out, exited } = start({ DISCORD_TOKEN: TOKEN }, 'npm', fresh);
      expect(await exited).not.toBe(0);
      expect(out.stderr).toContain('run npm run build first');
      expect(out.stderr).not.toMatch(/MODULE_NOT_FOUND|Cannot find module|at .*\(node:/);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('a token Discord rejects at login gets the plain advice a 4004 gets: exit 1, no JSON or stack trace on stderr, never the token', async () => {
    const fake = await FakeDiscord.start();
    try {
      const wrong = `${TOKEN.slice(0, -4)}0000`;
      const { out, exited } = start({ DISCORD_TOKEN: wrong, DISCORD_API_BASE: fake.apiBase });
      expect(await exited).toBe(1);
      expect(out.stderr).toMatch(/^Discord rejected the bot token \(401 Unauthorized\).*DISCORD_TOKEN/);
      expect(out.stderr).not.toMatch(/[{}]|\n\s+at /);
      expect(out.stdout).toContain('"event":"token_rejected"');
      expect(out.stdout).not.toMatch(/TokenInvalid|"stack"/);
      expect(out.stdout + out.stderr).not.toContain(wrong);
      expect(fake.identifies).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it('exits non-zero without a token, pointing at .env.example and npm run ask', async () => {
    const { out, exited } = start({});
    expect(await exited).toBe(1);
    expect(out.stderr).toContain('DISCORD_TOKEN is missing');
    expect(out.stderr).toContain('.env.example');
    expect(out.stderr).toContain('npm run ask');
  });

  it('starts from a copy of .env.example with only the Discord values filled in, and answers from corpus/, never from the folder it runs in', async () => {
    const fake = await FakeDiscord.start();
    const cache = await mkdtemp(path.join(tmpdir(), 'quotebot-index-'));
    // The folder the bot is started in holds a README of its own: an empty CORPUS_DIR once meant "here".
    const here = await mkdtemp(path.join(tmpdir(), 'quotebot-cwd-'));
    try {
      await writeFile(path.join(here, 'README.md'), 'Quokkas fly at 300 km per hour, the README says.\n');
      const example = await readFile(path.join(ROOT, '.env.example'), 'utf8');
      const filled = example
        .replace(/^DISCORD_TOKEN=.*$/m, `DISCORD_TOKEN=${TOKEN}`)
        .replace(/^DISCORD_CLIENT_ID=.*$/m, 'DISCORD_CLIENT_ID=900000000000000001')
        .replace(/^DISCORD_GUILD_ID=.*$/m, `DISCORD_GUILD_ID=${GUILD_ID}`)
        .replace(/^(?:# )?DISCORD_API_BASE=.*$/m, `DISCORD_API_BASE=${fake.apiBase}`);
      expect(filled).toContain(`DISCORD_API_BASE=${fake.apiBase}`);
      await writeFile(path.join(here, '.env'), filled);
      const { child, out, exited } = start({ DOTENV_CONFIG_PATH: path.join(here, '.env'), INDEX_CACHE_DIR: cache, DATA_DIR: dataDir }, 'compiled', here);
      await fake.waitFor(() => out.stdout.includes('"event":"ready"'), 'the bot to be ready', 20_000);
      expect(logLines(out.stdout).find((l) => l.event === 'corpus_loaded')).toMatchObject({ sources: 5 });
      const answer: any = await fake.waitForFinal(fake.interact('ask', [{ type: 3, name: 'question', value: 'How far can ATACMS reach?' }]));
      expect(answer.embeds[0].description).toMatch(/190 miles|300 km/);
      const quokkas: any = await fake.waitForFinal(fake.interact('ask', [{ type: 3, name: 'question', value: 'How fast do quokkas fly?' }]));
      expect(JSON.stringify(quokkas)).not.toMatch(/README|Quokkas fly/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await fake.close();
      await rm(cache, { recursive: true, force: true });
      await rm(here, { recursive: true, force: true });
    }
  });

  it('runs the compiled bot as a node process that builds its index in a worker from dist/, answers, serves health and metrics, and stops on SIGTERM', async () => {
    const fake = await FakeDiscord.start();
    const cache = await mkdtemp(path.join(tmpdir(), 'quotebot-index-'));
    try {
      const { child, out, exited } = start(
        { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, ASK_COOLDOWN_SECONDS: '0', INDEX_CACHE_DIR: cache, METRICS_PORT: '0', DATA_DIR: dataDir },
        'npm',
      );
      await fake.waitFor(() => out.stdout.includes('"event":"ready"'), 'the bot to be ready', 20_000);
      const lines = logLines(out.stdout);
      // npm's `exec` replaced the shell: the process that logs in is node running the compiled file, no tsx loader.
      const pid: number = lines.find((l) => l.event === 'ready').pid;
      botPids.push(pid);
      const [program, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(path.basename(program!)).toBe('node');
      expect(args).toEqual(['--enable-source-maps', 'dist/src/bot/main.js']);
      expect(lines.find((l) => l.event === 'corpus_loaded')).toMatchObject({ index: 'built' });

      const { port } = lines.find((l) => l.event === 'health_listening');
      const get = (route: string) => fetch(`http://127.0.0.1:${port}${route}`).then(async (r) => ({ status: r.status, body: await r.text() }));
      expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
      expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });

      const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]);
      const msg: any = await fake.waitForFinal(token);
      expect(msg.embeds[0].description).toContain('Lockheed Martin');
      const metrics = (await get('/metrics')).body;
      expect(metrics).toMatch(/^quotebot_questions_total\{via="ask",outcome="answered"\} 1$/m);
      expect(metrics).toMatch(/^quotebot_answer_duration_seconds_count\{via="ask",outcome="answered"\} 1$/m);
      expect(metrics).toMatch(/^quotebot_index_sources [1-9]/m);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out.stdout).toContain('"event":"stopping"');
      expect(out.stdout).toContain('"event":"stopped"');
      expect(out.stdout).not.toContain(TOKEN);
      await expect(get('/healthz')).rejects.toThrow(); // the listener closed with the bot
      // The question outlives the process, in the database under DATA_DIR, without the member's ID.
      const storage = Storage.open(dataDir);
      try {
        expect(storage.stats(GUILD_ID, 0)).toMatchObject({ total: 1, answered: 1 });
      } finally {
        storage.close();
      }
      expect((await readFile(path.join(dataDir, DATABASE_FILE))).includes('900000000000000500')).toBe(false);
    } finally {
      await fake.close();
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('a damaged database at start leaves the compiled bot answering, degraded: /readyz says so, the log and the metrics too, and it still stops cleanly', async () => {
    const fake = await FakeDiscord.start();
    try {
      await writeFile(path.join(dataDir, DATABASE_FILE), 'not a database '.repeat(500));
      const { child, out, exited } = start({
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_BASE: fake.apiBase,
        ASK_COOLDOWN_SECONDS: '0',
        METRICS_PORT: '0',
        DATA_DIR: dataDir,
      });
      await fake.waitFor(() => out.stdout.includes('"event":"ready"') && out.stdout.includes('"event":"records_unavailable"'), 'the bot to be ready', 20_000);
      const { port } = logLines(out.stdout).find((l) => l.event === 'health_listening');
      const get = (route: string) => fetch(`http://127.0.0.1:${port}${route}`).then(async (r) => ({ status: r.status, body: await r.text() }));
      expect(await get('/readyz')).toEqual({ status: 200, body: expect.stringMatching(/^ready, degraded: the records are unavailable \(.*not a database/) });
      const msg: any = await fake.waitForFinal(fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]));
      expect(msg.embeds[0].description).toContain('Lockheed Martin');
      const metrics = (await get('/metrics')).body;
      expect(metrics).toMatch(/^quotebot_records_available 0$/m);
      expect(metrics).toMatch(/^quotebot_record_failures_total\{failure="unavailable"\} 1$/m);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it('the index saved by the compiled bot is the one the bot run from source (tsx) loads, and the other way round', async () => {
    const fake = await FakeDiscord.start();
    const cache = await mkdtemp(path.join(tmpdir(), 'quotebot-index-'));
    try {
      const origins: string[] = [];
      for (const how of ['tsx', 'compiled', 'tsx'] as const) {
        const { child, out, exited } = start({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, INDEX_CACHE_DIR: cache }, how);
        await fake.waitFor(() => out.stdout.includes('"event":"ready"'), `the bot (${how}) to be ready`, 20_000);
        origins.push(logLines(out.stdout).find((l) => l.event === 'corpus_loaded').index);
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
      expect(origins).toEqual(['built', 'loaded', 'loaded']);
    } finally {
      await fake.close();
      await rm(cache, { recursive: true, force: true });
    }
  });
});

describe('stopping', () => {
  const ask = (fake: FakeDiscord) => fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]);
  const readyLine = (stdout: string) => JSON.parse(stdout.split('\n').find((l) => l.includes('"event":"ready"'))!);

  it('on SIGTERM finishes the answer in flight, turns new questions away politely, closes the gateway and exits 0', async () => {
    const fake = await FakeDiscord.start();
    try {
      const { child, out, exited } = start({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, ASK_COOLDOWN_SECONDS: '0' });
      await fake.waitFor(() => out.stdout.includes('"event":"ready"'), 'the bot to be ready', 20_000);
      // Discord is slow to take this acknowledgement: the answer is still in flight when the signal comes.
      let release!: () => void;
      const slow = new Promise<void>((resolve) => (release = resolve));
      fake.intercept(
        (r) => r.method === 'POST' && r.path.endsWith('/callback'),
        async () => {
          await slow;
          return undefined;
        },
      );
      const inFlight = ask(fake);
      await fake.waitFor(() => fake.callback(inFlight) !== undefined, 'the acknowledgement to be sent');
      child.kill('SIGTERM');
      await fake.waitFor(() => out.stdout.includes('"event":"stopping"'), 'the bot to start stopping');

      const late = ask(fake);
      await fake.waitForFinal(late);
      expect(fake.callback(late)!.body).toMatchObject({ type: 4, data: { flags: 64, content: TEXT.restarting } });
      expect(fake.gatewayCloses).toEqual([]);

      release();
      expect(((await fake.waitForFinal(inFlight)) as any).embeds[0].description).toContain('Lockheed Martin');
      expect(await exited).toBe(0);
      expect(fake.gatewayCloses).toEqual([1000]);
      expect(out.stdout).toMatch(/"event":"stopped","unfinished":0/);
      expect(out.stdout).not.toContain('gateway_reconnecting'); // closing on purpose is no outage
    } finally {
      await fake.close();
    }
  });

  it('a SIGTERM to the `npm start` process reaches the bot: it closes the gateway and no process is left behind', async () => {
    const fake = await FakeDiscord.start();
    try {
      const { child, out, exited } = start({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase }, 'npm');
      await fake.waitFor(() => out.stdout.includes('"event":"ready"'), 'the bot to be ready', 20_000);
      const botPid: number = readyLine(out.stdout).pid ?? -1;
      botPids.push(botPid);
      child.kill('SIGTERM');
      await fake.waitFor(() => fake.gatewayCloses.includes(1000), 'the gateway to be closed', 15_000);
      expect(await exited).toBe(0);
      await fake.waitFor(() => !alive(botPid), 'the bot process to end');
      expect(out.stdout).toContain('"event":"stopped"');
    } finally {
      await fake.close();
    }
  });

  it('exits 1 with a clear message when Discord closes the gateway for good (a revoked token, 4004)', async () => {
    const fake = await FakeDiscord.start();
    try {
      const { out, exited } = start({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase });
      await fake.waitFor(() => out.stdout.includes('"event":"ready"'), 'the bot to be ready', 20_000);
      fake.closeGateway(4004, 'Authentication failed');
      expect(await exited).toBe(1);
      expect(out.stderr).toMatch(/4004 Authentication failed.*DISCORD_TOKEN/);
      expect(out.stdout).toContain('"event":"gateway_closed_for_good"');
      expect(out.stdout + out.stderr).not.toContain(TOKEN);
    } finally {
      await fake.close();
    }
  });
});

describe('SHARDS: a process per shard under a shard manager', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'quotebot-data-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));
  const readyLines = (stdout: string) => logLines(stdout).filter((l) => l.event === 'ready');
  const askIn = (fake: FakeDiscord, guildId: string, value: string) => fake.interact('ask', [{ type: 3, name: 'question', value }], { guildId });
  const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

  it('SHARDS=auto under `npm start` runs the shards Discord recommends, each guild answered by its own shard; the index is built once; health and metrics add the shards up; SIGTERM stops every shard and exits 0', async () => {
    const fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 16 });
    const cache = await mkdtemp(path.join(tmpdir(), 'quotebot-index-'));
    try {
      const { child, out, exited } = start(
        {
          DISCORD_TOKEN: TOKEN,
          DISCORD_API_BASE: fake.apiBase,
          SHARDS: 'auto',
          ASK_COOLDOWN_SECONDS: '0',
          INDEX_CACHE_DIR: cache,
          METRICS_PORT: '0',
          DATA_DIR: dataDir,
        },
        'npm',
      );
      // The manager listens before any shard runs: alive, and not ready until every shard is.
      await fake.waitFor(() => out.stdout.includes('"event":"health_listening"'), 'the health listener', 20_000);
      const { port } = logLines(out.stdout).find((l) => l.event === 'health_listening');
      const get = (route: string) => fetch(`http://127.0.0.1:${port}${route}`).then(async (r) => ({ status: r.status, body: await r.text() }));
      expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
      expect(await get('/readyz')).toMatchObject({ status: 503, body: expect.stringMatching(/^not ready: .*shard/) });
      await fake.waitFor(() => readyLines(out.stdout).length === 2, 'both shards to be ready', 40_000);
      const lines = logLines(out.stdout);
      const shardPids = new Map<number, number>(readyLines(out.stdout).map((l) => [l.shard, l.pid]));
      botPids.push(...shardPids.values());
      const starting = lines.find((l) => l.event === 'shards_starting');
      expect(starting).toMatchObject({ total: 2, shards: [0, 1], recommended: 2 });
      botPids.push(starting.pid);
      // npm's `exec` made node the manager; the manager started the compiled file once per shard.
      expect(cmdline(starting.pid).slice(1)).toEqual(['--enable-source-maps', 'dist/src/bot/main.js']);
      for (const pid of shardPids.values()) expect(cmdline(pid).slice(1)).toEqual(['--enable-source-maps', COMPILED_MAIN]);
      expect([...shardPids.keys()].sort()).toEqual([0, 1]);
      expect(new Set([starting.pid, ...shardPids.values()]).size).toBe(3);
      expect(fake.identified.sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      // The first shard built and saved the index before it was ready; the second, started after, loaded it.
      const loaded = lines.filter((l) => l.event === 'corpus_loaded');
      expect(loaded.map((l) => [l.shard, l.index]).sort()).toEqual([
        [0, 'built'],
        [1, 'loaded'],
      ]);

      // Each guild's events reach only its shard's connection, and that shard's process answers.
      expect([shardOf(GUILD_ID, 2), shardOf(OTHER_GUILD_ID, 2)]).toEqual([1, 0]);
      const inA = askIn(fake, GUILD_ID, 'Who manufactures ATACMS?');
      const inB = askIn(fake, OTHER_GUILD_ID, 'How far can ATACMS reach?');
      expect(((await fake.waitForFinal(inA)) as any).embeds[0].description).toContain('Lockheed Martin');
      expect(((await fake.waitForFinal(inB)) as any).embeds).toHaveLength(1);
      // A member's message reaches only its server's shard too, which answers it there.
      fake.post(`<@${BOT_USER.id}> Who manufactures ATACMS?`, { guildId: OTHER_GUILD_ID });
      await fake.waitFor(() => fake.botMessagesIn(OTHER_CHANNEL_ID).length === 1, 'the reply to the mention');
      expect(fake.botMessagesIn(OTHER_CHANNEL_ID)[0]!.embeds[0].description).toContain('Lockheed Martin');
      const commandLines = () => logLines(out.stdout).filter((l) => l.event === 'command');
      await fake.waitFor(() => commandLines().length === 3, 'the answers to be logged');
      expect(
        commandLines()
          .map((l) => [l.guild, l.shard, l.command, l.outcome])
          .sort(),
      ).toEqual(
        [
          [OTHER_GUILD_ID, 0, 'ask', 'answered'],
          [OTHER_GUILD_ID, 0, 'mention', 'answered'],
          [GUILD_ID, 1, 'ask', 'answered'],
        ].sort(),
      );

      expect(lines.filter((l) => l.event === 'health_listening').map((l) => l.role)).toEqual(['shard-manager']); // the shards open none
      expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
      const metrics = (await get('/metrics')).body;
      expect(metrics).toMatch(/^quotebot_questions_total\{via="ask",outcome="answered"\} 2$/m);
      expect(metrics).toMatch(/^quotebot_questions_total\{via="mention",outcome="answered"\} 1$/m);
      // Each shard holds the whole index: the sources are counted once, not once per shard.
      expect(metrics).toMatch(new RegExp(`^quotebot_index_sources ${loaded[0].sources}$`, 'm'));
      expect(metrics).toMatch(/^quotebot_shard_up\{shard="0"\} 1$/m);
      expect(metrics).toMatch(/^quotebot_shard_up\{shard="1"\} 1$/m);
      expect(metrics).toMatch(/^quotebot_gateway_connected 1$/m);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(fake.gatewayCloses).toEqual([1000, 1000]);
      for (const pid of [starting.pid, ...shardPids.values()]) await fake.waitFor(() => !alive(pid), `process ${pid} to end`);
      expect(
        logLines(out.stdout)
          .filter((l) => l.event === 'stopped')
          .map((l) => l.shard ?? l.role)
          .sort(),
      ).toEqual([0, 1, 'shard-manager']);
      // Both shard processes wrote to the one database.
      const storage = Storage.open(dataDir);
      try {
        expect([storage.stats(GUILD_ID, 0).answered, storage.stats(OTHER_GUILD_ID, 0).answered]).toEqual([1, 2]);
      } finally {
        storage.close();
      }
    } finally {
      await fake.close();
      await rm(cache, { recursive: true, force: true });
    }
  }, 90_000);

  it('the manager refuses a token Discord rejects before starting any shard (exit 1)', async () => {
    const fake = await FakeDiscord.start({ shards: 2 });
    try {
      const wrong = `${TOKEN.slice(0, -4)}0000`;
      const { out, exited } = start({ DISCORD_TOKEN: wrong, DISCORD_API_BASE: fake.apiBase, SHARDS: 'auto' });
      expect(await exited).toBe(1);
      expect(out.stderr).toMatch(/^Discord rejected the bot token \(401 Unauthorized\).*DISCORD_TOKEN/);
      expect(out.stdout).not.toContain('shards_starting');
      expect(fake.identifies).toBe(0);
      expect(out.stdout + out.stderr).not.toContain(wrong);
    } finally {
      await fake.close();
    }
  });

  it('a source added through one shard is answered by the other at once; a shard that crashes is restarted; one that Discord shuts out for good (4004) stops every shard and the manager exits 1 (run from source)', async () => {
    const fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 16 });
    const corpus = await tempCorpus({}, true);
    try {
      const { out, exited } = start(
        {
          DISCORD_TOKEN: TOKEN,
          DISCORD_API_BASE: fake.apiBase,
          SHARDS: '2',
          ASK_COOLDOWN_SECONDS: '0',
          CORPUS_DIR: corpus.dir,
          INDEX_CACHE_DIR: 'off',
          DATA_DIR: dataDir,
          MANAGE_GUILD_IDS: GUILD_ID,
        },
        'tsx',
      );
      await fake.waitFor(() => readyLines(out.stdout).length === 2, 'both shards to be ready', 40_000);
      const starting = logLines(out.stdout).find((l) => l.event === 'shards_starting');
      botPids.push(starting.pid, ...readyLines(out.stdout).map((l) => l.pid));
      // `SHARDS=2` is the manager's; each shard got its own ID in discord.js's SHARDS and never managed shards itself.
      expect(logLines(out.stdout).filter((l) => l.event === 'shards_starting')).toHaveLength(1);
      expect(fake.identified.sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      const moderatorShard = shardOf(GUILD_ID, 2);
      const otherShard = shardOf(OTHER_GUILD_ID, 2);
      const question = 'How many quokkas did the census count on Rottnest Island?';
      expect(((await fake.waitForFinal(askIn(fake, OTHER_GUILD_ID, question))) as any).content).toContain(TEXT.notFound);

      // A moderator adds a source in their server; the shard serving the other server reloads it too, before the reply.
      const file = fake.upload('quokka-census.md', 'Quokka Census 2024\nThe quokka census counted 12,345 quokkas on Rottnest Island in March.\n');
      const add = fake.interact('sources', [{ type: 1, name: 'add', options: [{ type: 11, name: 'file', value: file.id }] }], {
        permissions: PERMS.moderator,
        guildId: GUILD_ID,
        attachments: [file],
      });
      const reply: any = await fake.waitForFinal(add, '/sources add', 30_000);
      expect(reply.content).toMatch(/^Added `quokka-census`/);
      expect(reply.content).toContain(TEXT.otherShards(1, 0));
      const reloaded = logLines(out.stdout).find((l) => l.event === 'corpus_reloaded' && l.shard === otherShard);
      expect(reloaded).toMatchObject({ asked_by_shard: moderatorShard, added: ['quokka-census'] });
      const answer: any = await fake.waitForFinal(askIn(fake, OTHER_GUILD_ID, question));
      expect(answer.embeds[0].description).toContain('12,345');
      expect(JSON.stringify(answer.embeds[0])).toContain('quokka-census');

      // The other shard's process dies: the manager starts it again, and it serves its server as before.
      const crashed = readyLines(out.stdout).find((l) => l.shard === otherShard).pid;
      process.kill(crashed, 'SIGKILL');
      await fake.waitFor(() => readyLines(out.stdout).filter((l) => l.shard === otherShard).length === 2, 'the shard to be restarted', 30_000);
      expect(logLines(out.stdout).find((l) => l.event === 'shard_restarting')).toMatchObject({ shard: otherShard, signal: 'SIGKILL' });
      const restarted = readyLines(out.stdout).filter((l) => l.shard === otherShard)[1].pid;
      botPids.push(restarted);
      expect(restarted).not.toBe(crashed);
      expect(((await fake.waitForFinal(askIn(fake, OTHER_GUILD_ID, question))) as any).embeds[0].description).toContain('12,345');

      // Discord revokes the token on one shard's connection: that shard cannot come back, so nothing runs on.
      const closesBefore = fake.gatewayCloses.length;
      fake.closeGateway(4004, 'Authentication failed', moderatorShard);
      expect(await exited).toBe(1);
      expect(out.stderr).toMatch(/4004 Authentication failed.*DISCORD_TOKEN/);
      expect(out.stderr).toContain(`Shard ${moderatorShard} cannot run`);
      expect(fake.gatewayCloses.slice(closesBefore).sort()).toEqual([1000, 4004]); // the other shard closed cleanly
      for (const pid of [starting.pid, restarted]) await fake.waitFor(() => !alive(pid), `process ${pid} to end`);
      expect(logLines(out.stdout).filter((l) => l.event === 'shard_restarting')).toHaveLength(1);
      expect(out.stdout + out.stderr).not.toContain(TOKEN);
    } finally {
      await fake.close();
      await corpus.cleanup();
    }
  }, 120_000);
});

/**
 * Health checks and metrics: the real discord.js client against the fake Discord, reporting to `BotHealth`,
 * whose endpoints are fetched over loopback as a supervisor and Prometheus would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import path from 'node:path';
import { Events, type Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../src/bot/discord/client.ts';
import { BotHealth, HEALTH_TIMEOUTS, serveHealth, type HealthServer } from '../src/bot/health/health.ts';
import type { BotContext } from '../src/bot/context.ts';
import { Library } from '../src/bot/library.ts';
import { jsonLogger } from '../src/bot/health/log.ts';
import { readSettings } from '../src/bot/settings.ts';
import { openContext } from '../src/bot/setup.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { BOT_USER, FakeDiscord, GUILD_ID, PERMS, TOKEN } from './fake-discord.ts';
import { tempCorpus } from './helpers.ts';

let fake: FakeDiscord;
let corpus: Awaited<ReturnType<typeof tempCorpus>>;
let health: BotHealth;
let server: HealthServer;
let library: Library;
let ctx: BotContext;
let dataDir: string;
let client: Client | undefined;

const get = async (path: string, method = 'GET') => {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};
/** The value of one sample line of `/metrics`, e.g. `quotebot_questions_total{via="ask",outcome="answered"}`. */
const sample = (metrics: string, name: string) => {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

beforeAll(async () => {
  fake = await FakeDiscord.start();
  corpus = await tempCorpus({}, true);
  dataDir = await mkdtemp(path.join(tmpdir(), 'quotebot-data-'));
  health = new BotHealth();
  server = await serveHealth(health, { port: 0, host: '127.0.0.1' });
}, 60_000);

afterAll(async () => {
  await client?.destroy();
  await ctx?.storage.close();
  await rm(dataDir, { recursive: true, force: true });
  await server?.close();
  await fake?.close();
  await corpus?.cleanup();
});

describe('health and metrics over HTTP', () => {
  it('is alive but not ready while the index loads and before the gateway connects, then ready', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    const loading = await get('/readyz');
    expect(loading.status).toBe(503);
    expect(loading.body).toContain('the index is loading');
    expect(loading.body).toContain('the gateway is not connected');

    library = await Library.open(corpus.dir, { telemetry: health });
    health.serving(library);
    const connecting = await get('/readyz');
    expect(connecting.status).toBe(503);
    expect(connecting.body).not.toContain('index');

    const settings = { apiBase: fake.apiBase, askCooldownSeconds: 0, dataDir, questionRetentionDays: 90, manageGuildIds: [GUILD_ID] };
    ctx = {
      ...openContext(
        settings,
        library,
        jsonLogger(() => {}, [TOKEN]),
      ),
      telemetry: health,
    };
    client = createBot(ctx, { apiBase: fake.apiBase }).client;
    const ready = new Promise((resolve) => client!.once(Events.ClientReady, resolve));
    await client.login(TOKEN);
    await ready;
    expect(await get('/readyz')).toMatchObject({ status: 200, body: 'ready\n' });
  });

  it('counts questions by outcome with their latency, and shows the size of the index', async () => {
    const before = (await get('/metrics')).body;
    expect(sample(before, 'quotebot_questions_total{via="ask",outcome="answered"}')).toBeUndefined();
    const answered = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]);
    expect(((await fake.waitForFinal(answered)) as any).embeds[0].description).toContain('Lockheed Martin');
    await fake.waitForFinal(fake.interact('ask', [{ type: 3, name: 'question', value: 'What is the airspeed velocity of an unladen swallow?' }]));

    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = metrics.body;
    expect(sample(m, 'quotebot_questions_total{via="ask",outcome="answered"}')).toBe(1);
    expect(sample(m, 'quotebot_questions_total{via="ask",outcome="declined"}')).toBe(1);
    expect(sample(m, 'quotebot_answer_duration_seconds_count{via="ask",outcome="answered"}')).toBe(1);
    expect(sample(m, 'quotebot_answer_duration_seconds_bucket{le="10",via="ask",outcome="answered"}')).toBe(1);
    expect(sample(m, 'quotebot_answer_duration_seconds_sum{via="ask",outcome="answered"}')).toBeGreaterThan(0);
    expect(sample(m, 'quotebot_index_sources')).toBe(library.engine.sources.length);
    expect(sample(m, 'quotebot_index_sentences')).toBe(library.engine.index.sentenceCount);
    expect(sample(m, 'quotebot_index_sources')).toBeGreaterThan(0);
    expect(sample(m, 'quotebot_gateway_connected')).toBe(1);
    expect(sample(m, 'quotebot_question_records_total{result="stored"}')).toBe(2);
    expect(sample(m, 'quotebot_question_records_total{result="failed"}')).toBe(0);
    // The process's own metrics, as every Node exporter has them.
    expect(m).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(m).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('counts questions asked by mention and on messages apart, and the answer card’s buttons apart from questions', async () => {
    fake.post(`<@${BOT_USER.id}> Who manufactures ATACMS?`);
    await fake.waitFor(() => fake.botMessages.length === 1, 'the reply');
    const claim = fake.post('ATACMS is made by Lockheed Martin.');
    const found: any = await fake.waitForFinal(fake.useOnMessage('Find in sources', claim));
    const helpful = found.components[0].components.find((b: { label: string }) => b.label === 'Helpful').custom_id;
    await fake.waitForFinal(fake.click(found, helpful));
    let m = '';
    for (let i = 0; i < 100 && sample(m, 'quotebot_questions_total{via="mention",outcome="answered"}') === undefined; i++) m = (await get('/metrics')).body;
    expect(sample(m, 'quotebot_questions_total{via="mention",outcome="answered"}')).toBe(1);
    expect(sample(m, 'quotebot_questions_total{via="message-command",outcome="answered"}')).toBe(1);
    expect(sample(m, 'quotebot_answer_buttons_total{button="vote",outcome="voted"}')).toBe(1);
    expect(sample(m, 'quotebot_questions_total{via="ask",outcome="answered"}')).toBe(1);
    expect(sample(m, 'quotebot_questions_total{via="ask",outcome="voted"}')).toBeUndefined();
  });

  it('counts reloads by result, and the index gauges follow the index that answers', async () => {
    await library.reload();
    await expect(library.reload({ timeoutMs: 1 })).rejects.toThrow(/did not finish/);
    const fresh = await tempCorpus({ 'extra.txt': 'A short extra article about nothing in particular.\n' }, true);
    try {
      const grown = await Library.open(fresh.dir, { telemetry: health });
      health.serving(grown);
      const m = (await get('/metrics')).body;
      expect(sample(m, 'quotebot_reloads_total{result="ok"}')).toBe(1);
      expect(sample(m, 'quotebot_reloads_total{result="timeout"}')).toBe(1);
      expect(sample(m, 'quotebot_reloads_total{result="failed"}')).toBe(0);
      expect(sample(m, 'quotebot_index_sources')).toBe(library.engine.sources.length + 1);
    } finally {
      health.serving(library);
      await fresh.cleanup();
    }
  });

  it('is not ready while the gateway is down, counts the reconnect attempts, and is ready again once it is back', async () => {
    const reconnects = () => get('/metrics').then((r) => sample(r.body, 'quotebot_gateway_reconnects_total')!);
    const before = await reconnects();
    fake.goAway();
    await fake.waitFor(() => fake.refusedConnections >= 2, 'reconnect attempts', 20_000);
    const down = await get('/readyz');
    expect(down).toMatchObject({ status: 503, body: expect.stringContaining('the gateway is not connected') });
    expect(sample((await get('/metrics')).body, 'quotebot_gateway_connected')).toBe(0);
    fake.comeBack();
    for (let i = 0; i < 200 && (await get('/readyz')).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await get('/readyz')).status).toBe(200);
    expect(await reconnects()).toBeGreaterThanOrEqual(before + 2);
  }, 30_000);

  it('a moderator command is not a question; unknown paths and methods are refused', async () => {
    const before = (await get('/metrics')).body;
    await fake.waitForFinal(fake.interact('sources', [{ type: 1, name: 'list', options: [] }], { permissions: PERMS.moderator }));
    const after = (await get('/metrics')).body;
    for (const outcome of ['answered', 'declined', 'shown']) {
      expect(sample(after, `quotebot_questions_total{via="ask",outcome="${outcome}"}`)).toBe(
        sample(before, `quotebot_questions_total{via="ask",outcome="${outcome}"}`),
      );
    }
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/metrics', 'POST')).status).toBe(405);
    expect(await get('/healthz', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('counts a question the database could not take', async () => {
    await ctx.storage.close(); // as a full disk or a locked file would: the member is answered all the same
    try {
      const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]);
      expect(((await fake.waitForFinal(token)) as any).embeds[0].description).toContain('Lockheed Martin');
      const m = (await get('/metrics')).body;
      expect(sample(m, 'quotebot_question_records_total{result="failed"}')).toBe(1);
      expect(sample(m, 'quotebot_question_records_total{result="stored"}')).toBe(4);
      // A mention is answered too (its channel's mode unreadable, the default holds), without buttons to read back.
      fake.post(`<@${BOT_USER.id}> Who manufactures ATACMS?`);
      await fake.waitFor(() => fake.botMessages.length === 2, 'the reply');
      expect(fake.botMessages[1]).toMatchObject({
        components: [],
        embeds: [expect.objectContaining({ description: expect.stringContaining('Lockheed Martin') })],
      });
    } finally {
      ctx.storage = SqliteStore.open(dataDir);
    }
  });

  it('is not ready once shutting down, though still alive', async () => {
    health.stopping();
    expect(await get('/readyz')).toMatchObject({ status: 503, body: expect.stringContaining('shutting down') });
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('METRICS_PORT and METRICS_HOST', () => {
  it('are off by default, on 127.0.0.1 unless told otherwise, and checked', () => {
    const off = readSettings({ DISCORD_TOKEN: TOKEN, METRICS_HOST: '0.0.0.0' });
    expect(off.ok && off.settings.metrics).toBeUndefined();
    expect(readSettings({ DISCORD_TOKEN: TOKEN, METRICS_PORT: '9464' })).toMatchObject({ ok: true, settings: { metrics: { port: 9464, host: '127.0.0.1' } } });
    expect(readSettings({ DISCORD_TOKEN: TOKEN, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toMatchObject({
      ok: true,
      settings: { metrics: { port: 9464, host: '0.0.0.0' } },
    });
    const bad = readSettings({ DISCORD_TOKEN: TOKEN, METRICS_PORT: '70000', METRICS_HOST: 'http://x' });
    expect((bad as { problems: string[] }).problems).toEqual([
      expect.stringMatching(/^METRICS_PORT must be a port number/),
      expect.stringMatching(/^METRICS_HOST must be an address/),
    ]);
  });

  it('a port that is taken is refused, not ignored', async () => {
    await expect(serveHealth(new BotHealth(), { port: server.port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
  });

  it('cuts off a client that trickles its headers, one that never finishes its body, and one that sends nothing', async () => {
    const fast = { headersMs: 600, requestMs: 1_200, keepAliveMs: 500, checkEveryMs: 100 };
    const slow = await serveHealth(new BotHealth(), { port: 0, host: '127.0.0.1' }, fast);
    /** Connects, sends `write` bit by bit every 150 ms for ever; resolves with how long until the server hung up. */
    const held = (parts: string[]) =>
      new Promise<number>((resolve, reject) => {
        const started = Date.now();
        const socket = connect(slow.port, '127.0.0.1');
        let i = 0;
        const drip = setInterval(() => {
          if (parts.length > 0 && !socket.destroyed) socket.write(parts[i++ % parts.length]!);
        }, 150);
        // Hung up on: the server ended the connection (its answer, if any, is a 408 or 405).
        const done = () => {
          clearInterval(drip);
          socket.destroy();
          resolve(Date.now() - started);
        };
        socket.on('end', done);
        socket.on('close', done);
        socket.on('error', () => undefined);
        socket.resume(); // read what the server answers, so that its hanging up is seen
        setTimeout(() => reject(new Error(`still connected after 10 s: ${parts[0]?.slice(0, 4) ?? 'silent'}`)), 10_000).unref();
      });
    try {
      const headers = [...'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '].concat(Array(200).fill('a'));
      const body = ['POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', ...Array(500).fill('b')];
      const [trickled, unfinished, silent] = await Promise.all([held(headers), held(body), held([])]);
      expect(trickled).toBeLessThan(3_000);
      expect(unfinished).toBeLessThan(3_000);
      expect(silent).toBeLessThan(3_000);
    } finally {
      await slow.close();
    }
  });

  it('keeps those limits short by default', () => {
    expect(HEALTH_TIMEOUTS).toEqual({ headersMs: 5_000, requestMs: 10_000, keepAliveMs: 5_000, checkEveryMs: 1_000 });
  });

  it('labels answer-card buttons from a fixed set: forged custom IDs add no series', async () => {
    const counted = new BotHealth();
    for (let i = 0; i < 150; i++) counted.handled(`ask:forged${i}`, 'invalid', 0.01);
    counted.handled('ask:vote', 'voted', 0.01);
    counted.handled('ask:more', 'shown', 0.01);
    const series = (await counted.metrics()).text.split('\n').filter((l) => l.startsWith('quotebot_answer_buttons_total{'));
    expect(series.sort()).toEqual([
      'quotebot_answer_buttons_total{button="more",outcome="shown"} 1',
      'quotebot_answer_buttons_total{button="unknown",outcome="invalid"} 150',
      'quotebot_answer_buttons_total{button="vote",outcome="voted"} 1',
    ]);
  });
});

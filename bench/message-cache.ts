/**
 * npm run bench:message-cache — what the GuildMessages intent costs in memory: a discord.js client against
 * the fake Discord receives `--messages` member messages spread over `--threads` threads, once with
 * discord.js's default message cache (200 per channel) and once with the bot's (none), in the same run.
 * Reports the heap after a forced collection, medians of `--runs` runs each. Run with `node --expose-gc`.
 */
import { Client, Events, GatewayIntentBits, Options } from 'discord.js';
import { FakeDiscord, TOKEN } from '../test/fake-discord.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg('messages', 20_000);
const THREADS = arg('threads', 100);
const RUNS = arg('runs', 3);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:message-cache does)');

async function heapAfter(messageCache: number | undefined): Promise<number> {
  const fake = await FakeDiscord.start();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: fake.apiBase },
    ...(messageCache === undefined ? {} : { makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: messageCache }) }),
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(TOKEN);
  await ready;
  let seen = 0;
  client.on(Events.MessageCreate, () => seen++);
  const threads = Array.from({ length: THREADS }, (_, i) => fake.startThread(`thread ${i}`));
  const text = 'An ordinary message in a busy server, about nothing the bot is asked about. '.repeat(3);
  for (let i = 0; i < MESSAGES; i++) {
    fake.post(text, { channelId: threads[i % THREADS]!.id });
    if (i % 500 === 499) await fake.waitFor(() => seen >= i + 1, 'the client to catch up', 60_000);
  }
  await fake.waitFor(() => seen >= MESSAGES, 'every message', 60_000);
  gc!();
  const heap = process.memoryUsage().heapUsed;
  await client.destroy();
  await fake.close();
  return heap;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const baseline: number[] = [];
const cached: number[] = [];
const uncached: number[] = [];
for (let r = 0; r < RUNS; r++) {
  gc();
  baseline.push(process.memoryUsage().heapUsed);
  cached.push(await heapAfter(undefined));
  uncached.push(await heapAfter(0));
}
console.log(`${MESSAGES} messages over ${THREADS} threads, median of ${RUNS} runs (heap after a forced GC, before closing the client):`);
console.log(`  discord.js default cache (200 per channel): ${mb(median(cached))}`);
console.log(`  no message cache (the bot's setting):        ${mb(median(uncached))}`);
console.log(`  difference: ${mb(median(cached) - median(uncached))}; heap before each run: ${mb(median(baseline))}`);

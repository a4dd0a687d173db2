/**
 * What sharding costs on one machine: the compiled bot (`npm run build` first) as one process, beside
 * `SHARDS=2` (a manager and two shard processes), against the fake Discord recommending two shards.
 *
 *   npx tsx bench/shards.ts [--runs 5]
 *
 * Each run starts the bot with the seed corpus's saved index in place (a first run builds it), waits until
 * every shard has logged `ready`, reads each process's resident memory (VmRSS) from /proc, sends SIGTERM
 * and waits for the exit. The two set-ups alternate; medians (min–max) over the runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/settings.ts';
import { FakeDiscord, TOKEN } from '../test/fake-discord.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const main = path.join(PROJECT_ROOT, 'dist/src/bot/main.js');
if (!existsSync(main)) throw new Error('run `npm run build` first: this measures the compiled bot');

interface Run {
  readyS: number;
  stopS: number;
  /** VmRSS of the process started (the bot, or the manager), MiB. */
  mainMiB: number;
  /** VmRSS of each shard process, MiB (none for one process). */
  shardMiB: number[];
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function once(sharded: boolean, cache: string, data: string): Promise<Run> {
  const fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 16 });
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      DOTENV_CONFIG_PATH: '/nonexistent',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: fake.apiBase,
      INDEX_CACHE_DIR: cache,
      DATA_DIR: data,
      ...(sharded ? { SHARDS: '2' } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const readyPids = () =>
    out
      .split('\n')
      .filter((l) => l.includes('"event":"ready"'))
      .map((l) => JSON.parse(l).pid as number);
  await fake.waitFor(() => readyPids().length === (sharded ? 2 : 1), 'ready', 120_000);
  const readyS = (performance.now() - started) / 1000;
  const run = { readyS, mainMiB: rssMiB(child.pid!), shardMiB: sharded ? readyPids().map(rssMiB) : [] };
  const stopping = performance.now();
  child.kill('SIGTERM');
  await exited;
  await fake.close();
  return { ...run, stopS: (performance.now() - stopping) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const show = (xs: number[], digits: number) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

const cache = mkdtempSync(path.join(tmpdir(), 'quotebot-bench-index-'));
const data = mkdtempSync(path.join(tmpdir(), 'quotebot-bench-data-'));
try {
  await once(false, cache, data); // builds and saves the index (and warms the disk cache)
  const single: Run[] = [];
  const sharded: Run[] = [];
  for (let i = 0; i < runs; i++) {
    single.push(await once(false, cache, data));
    sharded.push(await once(true, cache, data));
  }
  const total = (r: Run) => r.mainMiB + r.shardMiB.reduce((a, b) => a + b, 0);
  console.log(`| run (${runs} each, medians, min–max) | one process | SHARDS=2 |`);
  console.log('|---|---:|---:|');
  console.log(
    `| to every shard ready, s | ${show(
      single.map((r) => r.readyS),
      2,
    )} | ${show(
      sharded.map((r) => r.readyS),
      2,
    )} |`,
  );
  console.log(
    `| SIGTERM to exit, s | ${show(
      single.map((r) => r.stopS),
      2,
    )} | ${show(
      sharded.map((r) => r.stopS),
      2,
    )} |`,
  );
  console.log(
    `| manager RSS, MiB | – | ${show(
      sharded.map((r) => r.mainMiB),
      0,
    )} |`,
  );
  console.log(
    `| bot or shard RSS, MiB | ${show(
      single.map((r) => r.mainMiB),
      0,
    )} | ${show(
      sharded.flatMap((r) => r.shardMiB),
      0,
    )} |`,
  );
  console.log(`| all processes RSS, MiB | ${show(single.map(total), 0)} | ${show(sharded.map(total), 0)} |`);
} finally {
  rmSync(cache, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
}

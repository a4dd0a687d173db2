/**
 * Acknowledgement latency of `/ask` while the bot rebuilds its index, against the same measure while idle.
 *
 * The bot runs as `npm start` runs it (`src/bot/main.ts`, its own process) against the fake Discord in this
 * process, so a blocked bot cannot delay the questions being asked, only their acknowledgement. Questions
 * are sent at a steady rate; a question's latency is the time from its INTERACTION_CREATE being sent to
 * its acknowledgement (the defer callback) arriving. Phase one asks while the bot is idle; phase two asks
 * from a moderator's `/sources reload` until its report arrives, with the saved index deleted first so the
 * reload rebuilds everything (as after a code change). Answers during the reload come from the old index.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT, snapshotFileFor } from '../src/settings.ts';
import { FakeDiscord, GUILD_ID, PERMS, TOKEN } from '../test/fake-discord.ts';

export interface AckPhase {
  questions: number;
  answered: number;
  /** Acknowledgement latency, ms. */
  p50: number;
  p99: number;
  max: number;
  /** Time to the final answer, ms. */
  finalP50: number;
  finalP99: number;
}

export interface AckSummary {
  /** Relative to the project. */
  corpusDir: string;
  sentences: number;
  ratePerS: number;
  rebuildS: number;
  /** The first line of the reload's report to the moderator. */
  reloadReport: string;
  idle: AckPhase;
  rebuilding: AckPhase;
}

export interface AckOptions {
  corpusDir: string;
  /** Where the bot keeps its saved index for this benchmark. */
  cacheDir: string;
  questions: readonly string[];
  ratePerS?: number;
  idleS?: number;
  log?: (line: string) => void;
  /** The bot's entry file (default this project's `src/bot/main.ts`); another checkout's, to compare versions. */
  botEntry?: string;
}

export async function ackLatency(options: AckOptions): Promise<AckSummary> {
  const { corpusDir, cacheDir, questions } = options;
  const ratePerS = options.ratePerS ?? 5;
  const log = options.log ?? (() => {});
  const fake = await FakeDiscord.start();
  const botEntry = options.botEntry ?? path.join(PROJECT_ROOT, 'src', 'bot', 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', botEntry], {
    cwd: path.resolve(path.dirname(botEntry), '..', '..'),
    env: {
      ...process.env,
      DOTENV_CONFIG_PATH: '/nonexistent',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: fake.apiBase,
      CORPUS_DIR: corpusDir,
      INDEX_CACHE_DIR: cacheDir,
      ASK_COOLDOWN_SECONDS: '0',
      RELOAD_TIMEOUT_SECONDS: '840',
      // The moderator's reload comes from the fake's first server, which must be allowed to manage the corpus.
      MANAGE_GUILD_IDS: GUILD_ID,
      DATA_DIR: path.join(cacheDir, 'data'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    log('ack: starting the bot (builds and saves the index the first time)');
    await fake.waitFor(() => stdout.includes('"event":"ready"') || child.exitCode !== null, 'the bot to be ready', 60 * 60_000);
    if (!stdout.includes('"event":"ready"')) throw new Error(`the bot did not start:\n${stdout}`);
    const loaded = JSON.parse(stdout.split('\n').find((l) => l.includes('"event":"corpus_loaded"'))!) as { sentences: number };

    let next = 0;
    const ask = () => {
      const token = fake.interact('ask', [{ type: 3, name: 'question', value: questions[next++ % questions.length]!.slice(0, 500) }]);
      return { token, sent: performance.now() };
    };
    /** Asks at the rate until `until` says stop; returns what was asked. */
    const askWhile = async (until: () => boolean) => {
      const asked: { token: string; sent: number }[] = [];
      const started = performance.now();
      while (!until()) {
        asked.push(ask());
        const due = started + (asked.length * 1000) / ratePerS;
        await sleep(Math.max(0, due - performance.now()));
      }
      return asked;
    };

    log(`ack: asking ${ratePerS}/s while idle for ${options.idleS ?? 20} s`);
    const idleUntil = performance.now() + (options.idleS ?? 20) * 1000;
    const idle = await askWhile(() => performance.now() >= idleUntil);
    await settle(fake, idle);

    // No saved index: the reload rebuilds everything, as after a change to the indexing code.
    const snapshot = snapshotFileFor(corpusDir, { INDEX_CACHE_DIR: cacheDir });
    if (snapshot) rmSync(snapshot, { force: true });
    log('ack: /sources reload (full rebuild), asking meanwhile');
    const reloadStarted = performance.now();
    const reload = fake.interact('sources', [{ type: 1, name: 'reload', options: [] }], { permissions: PERMS.moderator });
    const reported = () => fake.requests.some((r) => r.method === 'PATCH' && r.path.includes(`/${reload}/messages/`));
    const rebuilding = await askWhile(reported);
    const report = (await fake.waitForFinal(reload)) as { content: string };
    const rebuildS = (performance.now() - reloadStarted) / 1000;
    if (!/^Reloaded/.test(report.content))
      log(
        `ack: the reload did not report success: ${report.content}\n${stdout
          .split('\n')
          .filter((l) => l.includes('"level":"error"'))
          .join('\n')}`,
      );
    await settle(fake, rebuilding);
    return {
      corpusDir: path.relative(PROJECT_ROOT, corpusDir),
      sentences: loaded.sentences,
      ratePerS,
      rebuildS,
      reloadReport: report.content.split('\n')[0]!,
      idle: phase(fake, idle),
      rebuilding: phase(fake, rebuilding),
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await fake.close();
  }
}

/** Waits until every question asked has its final answer. */
async function settle(fake: FakeDiscord, asked: { token: string }[]): Promise<void> {
  for (const { token } of asked) await fake.waitForFinal(token, 'an answer', 120_000);
}

function phase(fake: FakeDiscord, asked: { token: string; sent: number }[]): AckPhase {
  const acks: number[] = [];
  const finals: number[] = [];
  let answered = 0;
  for (const { token, sent } of asked) {
    const callback = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`));
    const edit = fake.requests.find((r) => r.method === 'PATCH' && r.path.includes(`/${token}/messages/`));
    if (callback) acks.push(callback.at - sent);
    if (edit) finals.push(edit.at - sent);
    const message = fake.finalMessage(token) as { embeds?: unknown[] } | undefined;
    if (message?.embeds?.length) answered++;
  }
  return {
    questions: asked.length,
    answered,
    p50: quantile(acks, 0.5),
    p99: quantile(acks, 0.99),
    max: quantile(acks, 1),
    finalP50: quantile(finals, 0.5),
    finalP99: quantile(finals, 0.99),
  };
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

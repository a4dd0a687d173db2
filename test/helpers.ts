import { mkdtemp, writeFile, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, Events } from 'discord.js';
import { createBot } from '../src/bot/discord/client.ts';
import type { BotContext } from '../src/bot/context.ts';
import { Library } from '../src/bot/library.ts';
import { jsonLogger } from '../src/bot/health/log.ts';
import { type ContextSettings, openContext } from '../src/bot/setup.ts';
import { afterEach } from 'vitest';
import { TOKEN } from './fake-discord.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = path.join(ROOT, 'corpus');

/** The JSON log lines a bot process printed, parsed. */
export const logLines = (stdout: string): any[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
export const DEV_SET = path.join(ROOT, 'test', 'fixtures', 'seed-dev.jsonl');
/** Questions in members' own words over the seed corpus (typos, chat spelling, synonyms). */
export const PARAPHRASE_SET = path.join(ROOT, 'test', 'fixtures', 'seed-paraphrase.jsonl');

/** A throw-away corpus folder with the given files (name → text or bytes). */
export async function tempCorpus(files: Record<string, string | Uint8Array> = {}, withSeed = false): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'quotebot-corpus-'));
  if (withSeed) await cp(CORPUS, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * For a test file: a function that makes a corpus of its own (the seed articles) and a file for its saved index,
 * both removed after each test.
 */
export function scratchCorpora(): () => Promise<{ dir: string; file: string }> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return async () => {
    const corpus = await tempCorpus({}, true);
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'quotebot-cache-'));
    cleanups.push(corpus.cleanup, () => rm(cacheDir, { recursive: true, force: true }));
    return { dir: corpus.dir, file: path.join(cacheDir, 'index.qbix') };
  };
}

/**
 * Starts the bot as `npm start` does, in this process, against a fake Discord: its corpus folder, its settings
 * (data folder included), log lines into `logLines`; resolves when the real discord.js client is ready.
 */
export async function startTestBot(
  apiBase: string,
  corpusDir: string,
  settings: ContextSettings,
  logLines: string[],
  downloadTimeoutMs?: number,
): Promise<{ client: Client; ctx: BotContext }> {
  const library = await Library.open(corpusDir);
  const ctx = openContext(
    settings,
    library,
    jsonLogger((l) => logLines.push(l), [TOKEN]),
    downloadTimeoutMs,
  );
  const client = createBot(ctx, { apiBase }).client;
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(TOKEN);
  await ready;
  return { client, ctx };
}

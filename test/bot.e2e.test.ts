/**
 * The bot end to end: the real discord.js client against a fake Discord on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Events, type Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../src/bot/discord/client.ts';
import type { BotContext, Command } from '../src/bot/context.ts';
import { COMMANDS } from '../src/bot/discord/commands.ts';
import { CUT_MARK, TEXT } from '../src/bot/discord/format.ts';
import { MESSAGES } from '../src/engine/ranking/compose.ts';
import { Cooldown, Library } from '../src/bot/library.ts';
import { openContext } from '../src/bot/setup.ts';
import { jsonLogger } from '../src/bot/health/log.ts';
import { APP_ID, FakeDiscord, GUILD_ID, OTHER_GUILD_ID, PERMS, TOKEN } from './fake-discord.ts';
import { CORPUS, ROOT, tempCorpus } from './helpers.ts';

let fake: FakeDiscord;
let client: Client;
let ctx: BotContext;
let corpus: Awaited<ReturnType<typeof tempCorpus>>;
let dataDir: string;
const logLines: string[] = [];
const logged = () => logLines.map((l) => JSON.parse(l));

/** Runs a project script (as `npm run` would) with the given environment; resolves with its output. */
function runScript(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
      cwd: ROOT,
      env: { ...process.env, ...env, DOTENV_CONFIG_PATH: '/nonexistent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// A command whose handler throws, to prove one failure never stops the bot.
const broken: Command = {
  data: { name: 'broken', toJSON: () => ({ name: 'broken', description: 'always fails' }) },
  execute: async () => {
    throw new Error('handler exploded');
  },
};

beforeAll(async () => {
  fake = await FakeDiscord.start();
  corpus = await tempCorpus({}, true);
  const deploy = await runScript('src/bot/discord/deploy-commands.ts', {
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_GUILD_ID: GUILD_ID,
    DISCORD_API_BASE: fake.apiBase,
  });
  expect(deploy.stderr).toBe('');
  expect(deploy.code).toBe(0);

  const library = await Library.open(corpus.dir);
  dataDir = await mkdtemp(path.join(tmpdir(), 'quotebot-data-'));
  const settings = { apiBase: fake.apiBase, askCooldownSeconds: 0, dataDir, questionRetentionDays: 90, manageGuildIds: [GUILD_ID] };
  ctx = openContext(
    settings,
    library,
    jsonLogger((l) => logLines.push(l), [TOKEN]),
  );
  client = createBot(ctx, { apiBase: fake.apiBase }, [...COMMANDS, broken]).client;
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(TOKEN);
  await ready;
}, 60_000);

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
  await corpus?.cleanup();
  await ctx?.storage.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('registers every command to the server with one bulk overwrite, and again changes nothing', async () => {
    const puts = fake.requestsTo(new RegExp(`^/applications/${APP_ID}/guilds/${GUILD_ID}/commands$`), 'PUT');
    expect(puts).toHaveLength(1);
    const [ask, sources, settings, find] = puts[0]!.body;
    expect(ask).toMatchObject({
      name: 'ask',
      options: [
        { name: 'question', required: true, max_length: 500 },
        { name: 'source', autocomplete: true },
        { name: 'private', type: 5 },
      ],
    });
    expect(sources).toMatchObject({ name: 'sources', default_member_permissions: String(1n << 5n) });
    expect(settings).toMatchObject({ name: 'settings', default_member_permissions: String(1n << 5n), options: [{ name: 'channel' }, { name: 'channels' }] });
    expect(settings.options[0].options[0].choices.map((c: { value: string }) => c.value)).toEqual(['off', 'mention', 'auto']);
    // A message command: on a message's Apps menu, named exactly so, with no description.
    expect(find).toMatchObject({ name: 'Find in sources', type: 3, contexts: [0] });
    expect(find.description).toBeUndefined();
    const before = JSON.stringify(fake.commands.get(GUILD_ID));
    const again = await runScript('src/bot/discord/deploy-commands.ts', {
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_GUILD_ID: GUILD_ID,
      DISCORD_API_BASE: fake.apiBase,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Registered 4 command\(s\) to server \d+: \/ask, \/sources, \/settings, "Find in sources" \(on messages\)/);
    const after = fake.commands.get(GUILD_ID)!;
    expect(after.map((c) => [c.name, c.id])).toEqual(JSON.parse(before).map((c: { name: string; id: string }) => [c.name, c.id]));
  });

  it('logs in through the gateway as the bot user', () => {
    expect(fake.identifies).toBe(1);
    expect(client.user?.id).toBe(APP_ID);
    expect(logged().find((l) => l.event === 'ready')).toMatchObject({ sources: 5 });
  });
});

describe('/ask', () => {
  it('defers, then edits in verbatim quotes with their source IDs, pinging no one', async () => {
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'How far can ATACMS reach?' }]);
    const msg: any = await fake.waitForFinal(token);
    expect(fake.callback(token)!.body.type).toBe(5);
    const edit = fake.requestsTo(new RegExp(`/webhooks/${APP_ID}/${token}/messages/`), 'PATCH')[0]!;
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    const description: string = msg.embeds[0].description;
    expect(description).toMatch(/^> .*(190 miles|300 km)/);
    expect(description).toMatch(/— `00\d_[0-9a-f]{16}` · /);
    await fake.waitFor(() => logged().some((l) => l.event === 'command' && l.command === 'ask'), 'the log line');
    const line = logged().find((l) => l.event === 'command' && l.command === 'ask');
    // Who asked is logged as the keyed hash the records hold, never as the user ID.
    expect(line).toMatchObject({ outcome: 'answered', member: ctx.hashMember('900000000000000500') });
    expect(JSON.stringify(logged())).not.toContain('900000000000000500');
    expect(typeof line.latency_ms).toBe('number');
  });

  it('says plainly when the sources do not cover a question, and records it for this server’s moderators', async () => {
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'What is the capital of France?' }]);
    const msg: any = await fake.waitForFinal(token);
    expect(msg.content).toContain(TEXT.notFound);
    expect(msg.content).toContain('/sources');
    expect(msg.embeds).toEqual([]);
    expect((await ctx.storage.gaps(GUILD_ID, 0))[0]).toMatchObject({ question: 'What is the capital of France?', why: 'declined' });
  });

  it('escapes Markdown and mentions in the question and never allows pings', async () => {
    const question = '**Inna** <@&123> what did __Inna Sovsun__ say about the `decision`? [Sovsun](https://x.invalid)';
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: question }]);
    const msg: any = await fake.waitForFinal(token);
    const edit = fake.requestsTo(new RegExp(`/${token}/messages/`), 'PATCH')[0]!;
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    const title: string = msg.embeds[0].title;
    expect(title).toContain('\\*\\*Inna\\*\\*');
    expect(title).toContain('\\<@&123>');
    expect(title).toContain('\\[Sovsun](https://x.invalid)');
    expect(msg.embeds[0].description).toContain('Sovsun');
  });

  it('declines a question that pings everyone, without echoing it', async () => {
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: '**@everyone** what did Inna Sovsun say?' }]);
    const msg: any = await fake.waitForFinal(token);
    expect(msg.content).toBe(MESSAGES.mentions);
    expect(msg.embeds).toEqual([]);
    expect(fake.requestsTo(new RegExp(`/${token}/messages/`), 'PATCH')[0]!.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('shows brackets, parentheses, # and @ of ordinary text as written, with no backslash', async () => {
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'How far (in miles) can ATACMS [#1] reach @ most?' }]);
    const msg: any = await fake.waitForFinal(token);
    expect(msg.embeds[0].title).toBe('How far (in miles) can ATACMS [#1] reach @ most?');
    // A quote holding "(HIMARS)": the article's parentheses, unescaped.
    expect(msg.embeds[0].description).toContain('(HIMARS)');
    expect(msg.embeds[0].description).not.toMatch(/\\[()[\]#@]/);
  });

  it('strips bidi overrides and other invisible characters from everything it echoes', async () => {
    const sneaky = '\u202EWho manufactures\u200B ATACMS\u2066?\u2069\u200F\u061C\uFEFF';
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: sneaky }]);
    const msg: any = await fake.waitForFinal(token);
    expect(msg.embeds[0].title).toBe('Who manufactures ATACMS?');
    const declined = fake.interact('ask', [{ type: 3, name: 'question', value: `zzqv\u202Exx` }]);
    expect(JSON.stringify(await fake.waitForFinal(declined))).not.toMatch(/\\u202e/i);
    const bad = fake.interact('ask', [
      { type: 3, name: 'question', value: 'range' },
      { type: 3, name: 'source', value: 'evil\u202E`id' },
    ]);
    const reply: any = await fake.waitForFinal(bad);
    expect(reply.content).toContain("`evil'id`");
    expect(reply.content).not.toMatch(/\p{Cf}/u);
  });

  it('restricts to one source, offering sources by ID and title as the member types', async () => {
    const token = fake.interact(
      'ask',
      [
        { type: 3, name: 'question', value: 'ATACMS' },
        { type: 3, name: 'source', value: 'stride', focused: true },
      ],
      { type: 4 },
    );
    await fake.waitFor(() => fake.callback(token) !== undefined, 'autocomplete');
    const cb = fake.callback(token)!;
    expect(cb.body.type).toBe(8);
    expect(cb.body.data.choices).toEqual([{ name: expect.stringContaining('Significant Stride'), value: '003_592e011c8967ab50' }]);

    const ask = fake.interact('ask', [
      { type: 3, name: 'question', value: 'How far can the missiles reach?' },
      { type: 3, name: 'source', value: '003_592e011c8967ab50' },
    ]);
    const msg: any = await fake.waitForFinal(ask);
    const ids = [...msg.embeds[0].description.matchAll(/`(\d{3}_[0-9a-f]{16})`/g)].map((m: RegExpMatchArray) => m[1]);
    expect(new Set(ids)).toEqual(new Set(['003_592e011c8967ab50']));
  });

  it('answers an invalid source or an over-long question privately, without deferring', async () => {
    const bad = fake.interact('ask', [
      { type: 3, name: 'question', value: 'range' },
      { type: 3, name: 'source', value: 'no-such-source' },
    ]);
    await fake.waitForFinal(bad);
    expect(fake.callback(bad)!.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining('no source with ID') } });
  });

  it('keeps a per-member cooldown with a friendly private message', async () => {
    const saved = ctx.cooldown;
    ctx.cooldown = new Cooldown(60_000);
    try {
      const first = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }], { userId: '900000000000000777' });
      await fake.waitForFinal(first);
      const second = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }], { userId: '900000000000000777' });
      await fake.waitForFinal(second);
      expect(fake.callback(second)!.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/Please wait \d+ s/) } });
      const other = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }], { userId: '900000000000000778' });
      await fake.waitForFinal(other);
      expect(fake.callback(other)!.body.type).toBe(5);
    } finally {
      ctx.cooldown = saved;
    }
  });

  it('cuts a very long quote at a word boundary and marks it, within Discord limits', async () => {
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    await writeFile(path.join(corpus.dir, 'zz_long.txt'), `Longread Test Heading\nThe zebrafinch ${words} ends here.`);
    await ctx.library.reload();
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'zebrafinch' }]);
    const msg: any = await fake.waitForFinal(token);
    const description: string = msg.embeds[0].description;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description).toContain(CUT_MARK.trim());
    expect(description).toMatch(/word\d+… \*\[quote cut\]\*/);
  });
});

describe('/sources', () => {
  const mod = { permissions: PERMS.moderator };

  it('lists every source with ID, title and size for a moderator, privately', async () => {
    await rename(path.join(corpus.dir, 'zz_long.txt'), path.join(corpus.dir, 'zz_long.bak')).catch(() => {});
    await ctx.library.reload();
    const token = fake.interact('sources', [{ type: 1, name: 'list', options: [] }], mod);
    const msg: any = await fake.waitForFinal(token);
    expect(fake.callback(token)!.body.data.flags).toBe(64);
    expect(msg.embeds[0].title).toBe('Sources (5)');
    for (const id of ['000_c9496b90a96922a9', '001_a3c365cc8ec05504', '002_7681b8d6990aa4b0', '003_592e011c8967ab50', '004_653a0a605732160c']) {
      expect(msg.embeds[0].description).toContain(`\`${id}\``);
    }
    expect(msg.embeds[0].description).toMatch(/\d\.\d KB/);
  });

  it('shows one source with its opening', async () => {
    const token = fake.interact('sources', [{ type: 1, name: 'show', options: [{ type: 3, name: 'id', value: '004_653a0a605732160c' }] }], mod);
    const msg: any = await fake.waitForFinal(token);
    expect(msg.embeds[0].description).toMatch(/^> President Joe Biden recently authorized Ukraine/);
    expect(msg.embeds[0].fields).toContainEqual(expect.objectContaining({ name: 'ID', value: '`004_653a0a605732160c`' }));
  });

  it('reloads a changed corpus without a restart, reporting added, removed and failed files', async () => {
    await writeFile(path.join(corpus.dir, '005_new.txt'), 'The quokka census counted 12,345 quokkas on Rottnest Island.');
    await writeFile(path.join(corpus.dir, 'broken.txt'), new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    await rename(path.join(corpus.dir, '002_7681b8d6990aa4b0.txt'), path.join(corpus.dir, '002_7681b8d6990aa4b0.bak'));
    const before = fake.interact('ask', [{ type: 3, name: 'question', value: 'How many quokkas were counted?' }]);
    expect(((await fake.waitForFinal(before)) as any).content).toContain(TEXT.notFound);

    const token = fake.interact('sources', [{ type: 1, name: 'reload', options: [] }], mod);
    const msg: any = await fake.waitForFinal(token);
    expect(fake.callback(token)!.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(msg.content).toContain('Added: `005_new`');
    expect(msg.content).toContain('Removed: `002_7681b8d6990aa4b0`');
    expect(msg.content).toMatch(/`broken\.txt`: binary file/);

    const after = fake.interact('ask', [{ type: 3, name: 'question', value: 'How many quokkas were counted?' }]);
    expect(((await fake.waitForFinal(after)) as any).embeds[0].description).toContain('12,345 quokkas');
  });

  it('lists what the bot could not answer', async () => {
    const token = fake.interact('sources', [{ type: 1, name: 'gaps', options: [] }], mod);
    const msg: any = await fake.waitForFinal(token);
    expect(msg.embeds[0].description).toContain('What is the capital of France?');
  });

  it('keeps unanswered questions per server: one server never sees what was asked in another', async () => {
    const question = 'What colour is the roof of the Bald Island lighthouse?';
    const asked = fake.interact('ask', [{ type: 3, name: 'question', value: question }], { guildId: OTHER_GUILD_ID });
    expect(((await fake.waitForFinal(asked)) as any).content).toContain(TEXT.notFound);
    const here = fake.interact('sources', [{ type: 1, name: 'gaps', options: [] }], mod);
    const hereMsg: any = await fake.waitForFinal(here);
    expect(hereMsg.embeds[0].description).not.toContain('Bald Island');
    expect(hereMsg.embeds[0].description).toContain('What is the capital of France?');
    const there = fake.interact('sources', [{ type: 1, name: 'gaps', options: [] }], { ...mod, guildId: OTHER_GUILD_ID });
    const thereMsg: any = await fake.waitForFinal(there);
    expect(thereMsg.embeds[0].description).toContain(question);
    expect(thereMsg.embeds[0].description).not.toContain('capital of France');
  });

  it('refuses a member without Manage Server, even though Discord sent the command', async () => {
    const token = fake.interact('sources', [{ type: 1, name: 'reload', options: [] }], { permissions: PERMS.member });
    await fake.waitForFinal(token);
    expect(fake.callback(token)!.body).toMatchObject({ type: 4, data: { flags: 64, content: TEXT.notModerator } });
  });
});

describe('trouble', () => {
  it('survives an exception in a handler: a private error for the member, details in the log', async () => {
    const token = fake.interact('broken');
    await fake.waitForFinal(token);
    await fake.waitFor(() => logged().some((l) => l.event === 'command_failed'), 'the error log line');
    expect(fake.callback(token)!.body).toMatchObject({ type: 4, data: { flags: 64, content: TEXT.error } });
    expect(logged().find((l) => l.event === 'command_failed')).toMatchObject({ command: 'broken', error: { message: 'handler exploded' } });
    const next = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]);
    expect(((await fake.waitForFinal(next)) as any).embeds[0].description).toContain('Lockheed Martin');
  });

  it('resumes the session when the gateway asks it to reconnect', async () => {
    fake.requestReconnect();
    await fake.waitFor(() => fake.resumes === 1, 'a RESUME');
    expect(fake.identifies).toBe(1);
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'How much does one ATACMS missile cost?' }]);
    expect(((await fake.waitForFinal(token)) as any).embeds[0].description).toContain('$1.5 million');
  });

  it('answers a command it does not know (an outdated registration) privately, instead of leaving it unanswered', async () => {
    const token = fake.interact('retired-command');
    await fake.waitForFinal(token);
    expect(fake.callback(token)!.body).toMatchObject({ type: 4, data: { flags: 64, content: TEXT.unknownCommand } });
  });

  it('still delivers the answer when Discord says the interaction was already acknowledged (40060)', async () => {
    fake.rejectNextCallback(40060);
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]);
    const msg: any = await fake.waitForFinal(token);
    expect(msg.embeds[0].description).toContain('Lockheed Martin');
    expect(logged().find((l) => l.event === 'acknowledged_earlier')).toMatchObject({ command: 'ask', via: 'deferReply' });
  });

  it('logs why nothing could be delivered when the 3-second window had passed (10062)', async () => {
    fake.rejectNextCallback(10062);
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]);
    await fake.waitFor(() => logged().some((l) => l.event === 'interaction_expired'), 'the log line');
    expect(logged().find((l) => l.event === 'interaction_expired')).toMatchObject({
      command: 'ask',
      why: expect.stringMatching(/3-second window/),
      age_ms: expect.any(Number),
    });
    expect(logged().some((l) => l.event === 'command_failed' && l.command === 'ask')).toBe(false);
    expect(fake.requestsTo(new RegExp(token)).length).toBe(1); // the refused callback: nothing else was tried
  });

  it('logs a gateway outage once, then at most every 10 s with a count, and logs the recovery', async () => {
    const from = logLines.length;
    fake.goAway();
    await fake.waitFor(() => fake.refusedConnections >= 4, 'reconnect attempts', 20_000);
    fake.comeBack();
    await fake.waitFor(
      () =>
        logged()
          .slice(from)
          .some((l) => l.event === 'gateway_recovered'),
      'the recovery',
    );
    const lines = logged().slice(from);
    const reconnecting = lines.filter((l) => l.event === 'gateway_reconnecting');
    expect(reconnecting.length).toBeGreaterThanOrEqual(1);
    expect(reconnecting.length).toBeLessThan(lines.find((l) => l.event === 'gateway_recovered').attempts);
    expect(lines.find((l) => l.event === 'gateway_recovered')).toMatchObject({ how: 'resumed', attempts: expect.any(Number), down_ms: expect.any(Number) });
    const token = fake.interact('ask', [{ type: 3, name: 'question', value: 'Who manufactures ATACMS?' }]);
    expect(((await fake.waitForFinal(token)) as any).embeds[0].description).toContain('Lockheed Martin');
  }, 30_000);

  it('never writes the token to the log', () => {
    expect(logLines.length).toBeGreaterThan(5);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });
});

describe('a hostile corpus', () => {
  it('serves nothing a symbolic link points at: not in answers, autocomplete or /sources show', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'quotebot-secret-'));
    await writeFile(path.join(outside, 'secret.txt'), 'Vault Access Codes\nThe vault combination is 31-41-59 and the vault opens at dawn.');
    const hostile = await tempCorpus({}, true);
    await symlink(path.join(outside, 'secret.txt'), path.join(hostile.dir, 'leak.txt'));
    await symlink('/etc/passwd', path.join(hostile.dir, 'passwd.txt'));
    const saved = ctx.library;
    ctx.library = await Library.open(hostile.dir);
    try {
      const asked = fake.interact('ask', [{ type: 3, name: 'question', value: 'What is the vault combination?' }]);
      expect(JSON.stringify(await fake.waitForFinal(asked))).not.toContain('31-41-59');
      const typed = fake.interact(
        'ask',
        [
          { type: 3, name: 'question', value: 'x' },
          { type: 3, name: 'source', value: 'leak', focused: true },
        ],
        { type: 4 },
      );
      await fake.waitFor(() => fake.callback(typed) !== undefined, 'autocomplete');
      expect(fake.callback(typed)!.body.data.choices).toEqual([]);
      const shown = fake.interact('sources', [{ type: 1, name: 'show', options: [{ type: 3, name: 'id', value: 'passwd' }] }], {
        permissions: PERMS.moderator,
      });
      const msg: any = await fake.waitForFinal(shown);
      expect(msg.content).toContain('no source with ID');
      expect(JSON.stringify(msg)).not.toContain('root:');
    } finally {
      ctx.library = saved;
      await hostile.cleanup();
      await rm(outside, { recursive: true, force: true });
    }
  });
});

/** About `bytes` of English-like text made of the seed corpus's words: enough to make an index build take a while. */
function largeText(bytes: number, seed: number): string {
  const words = readFileSync(path.join(CORPUS, '004_653a0a605732160c.txt'), 'utf8').match(/[A-Za-z]+/g)!;
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentences = Array.from({ length: 4 }, () => {
      const s = Array.from({ length: 12 + Math.floor(random() * 10) }, () => words[Math.floor(random() * words.length)]!).join(' ');
      return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
    });
    lines.push(sentences.join(' '));
    size += lines.at(-1)!.length + 1;
  }
  return lines.join('\n');
}

describe('reloading a large corpus', () => {
  const mod = { permissions: PERMS.moderator };
  const quokkas = [{ type: 3, name: 'question', value: 'How many quokkas were counted on Bald Island?' }];
  let big: Awaited<ReturnType<typeof tempCorpus>>;
  let saved: Library;

  beforeAll(async () => {
    big = await tempCorpus(Object.fromEntries([0, 1, 2, 3].map((i) => [`bulk_${i}.txt`, largeText(300_000, i + 1)])), true);
    saved = ctx.library;
  });
  afterAll(async () => {
    ctx.library = saved;
    await big?.cleanup();
  });

  it('keeps acknowledging and answering from the old index while the new one is built', async () => {
    ctx.library = await Library.open(big.dir);
    await writeFile(path.join(big.dir, 'zz_quokka.txt'), 'The quokka census counted 54,321 quokkas on Bald Island.');
    const reload = fake.interact('sources', [{ type: 1, name: 'reload', options: [] }], mod);
    await fake.waitFor(() => fake.callback(reload) !== undefined, 'the reload to be acknowledged');
    const reloadDone = () => fake.requests.findIndex((r) => r.method === 'PATCH' && r.path.includes(`/${reload}/messages/`));
    const asked: { token: string; sent: number; declined: boolean }[] = [];
    for (let i = 0; i < 500 && reloadDone() < 0; i++) {
      const sent = performance.now();
      const token = fake.interact('ask', quokkas);
      const msg: any = await fake.waitForFinal(token);
      asked.push({ token, sent, declined: String(msg.content).includes(TEXT.notFound) });
    }
    await fake.waitForFinal(reload);
    const finished = (token: string) => fake.requests.findIndex((r) => r.method === 'PATCH' && r.path.includes(`/${token}/messages/`));
    const during = asked.filter((a) => finished(a.token) < reloadDone());
    // Questions asked while the index was rebuilt were answered, from the old index (the last one may have
    // started just as the new index was swapped in)...
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.slice(0, -1).every((a) => a.declined)).toBe(true);
    // ...and each was acknowledged at once, not after the rebuild: a question waits for its acknowledgement a
    // small part of the time the rebuild takes (measured in this run, so the machine's speed does not matter).
    const rebuild = fake.requests[reloadDone()]!.at - fake.callback(reload)!.at;
    const longestWait = Math.max(...asked.map((a) => fake.callback(a.token)!.at - a.sent));
    expect(longestWait / rebuild).toBeLessThan(0.25);
    expect(((await fake.waitForFinal(reload)) as any).content).toContain('Added: `zz_quokka`');
    const after = fake.interact('ask', quokkas);
    expect(((await fake.waitForFinal(after)) as any).embeds[0].description).toContain('54,321 quokkas');
  }, 60_000);

  it('stops a reload that takes too long, says so, keeps the old index, and reloads again later', async () => {
    await rm(path.join(big.dir, 'zz_quokka.txt'), { force: true });
    ctx.library = await Library.open(big.dir, { reloadTimeoutMs: 100 });
    await writeFile(path.join(big.dir, 'zz_quokka.txt'), 'The quokka census counted 54,321 quokkas on Bald Island.');
    const reload = fake.interact('sources', [{ type: 1, name: 'reload', options: [] }], mod);
    const msg: any = await fake.waitForFinal(reload);
    expect(msg.content).toMatch(/reload failed: the index build did not finish within 0\.1 s/);
    expect(msg.content).toMatch(/still answers from the previous index \(9 source/);
    const during = fake.interact('ask', quokkas);
    expect(((await fake.waitForFinal(during)) as any).content).toContain(TEXT.notFound);
    const report = await ctx.library.reload({ timeoutMs: 60_000 });
    expect(report.added).toEqual(['zz_quokka']);
    const after = fake.interact('ask', quokkas);
    expect(((await fake.waitForFinal(after)) as any).embeds[0].description).toContain('54,321 quokkas');
  }, 60_000);
});

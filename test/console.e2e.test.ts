/**
 * The moderator console end to end: the real discord.js client against the fake Discord, with a real SQLite
 * database and a real corpus folder in temporary directories. Two servers: the first manages the corpus
 * (`MANAGE_GUILD_IDS`), the second does not, and must never see the first's records.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../src/bot/context.ts';
import { TEXT } from '../src/bot/discord/format.ts';
import { deleteOldQuestions } from '../src/bot/members/records.ts';
import type { ContextSettings } from '../src/bot/setup.ts';
import { MAX_SOURCE_BYTES } from '../src/sources/corpus.ts';
import { DAY_MS } from '../src/store/records.ts';
import { DATABASE_FILE } from '../src/store/sqlite/storage.ts';
import { FakeDiscord, OTHER_GUILD_ID, GUILD_ID, PERMS, type FakeAttachment } from './fake-discord.ts';
import { startTestBot, tempCorpus } from './helpers.ts';

const MEMBER = '900000000000000500';
const MODERATOR = '900000000000000600';
const OTHER_MODERATOR = '900000000000000601';

let fake: FakeDiscord;
let client: Client;
let ctx: BotContext;
let corpus: Awaited<ReturnType<typeof tempCorpus>>;
let dataDir: string;
let settings: ContextSettings;
const logLines: string[] = [];

async function startBot(): Promise<void> {
  ({ client, ctx } = await startTestBot(fake.apiBase, corpus.dir, settings, logLines, 2_000));
}

async function stopBot(): Promise<void> {
  await client.destroy();
  await ctx.storage.close();
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  corpus = await tempCorpus({}, true);
  dataDir = await mkdtemp(path.join(tmpdir(), 'quotebot-data-'));
  settings = { apiBase: fake.apiBase, askCooldownSeconds: 0, dataDir, questionRetentionDays: 90, manageGuildIds: [GUILD_ID] };
  await startBot();
}, 60_000);

afterAll(async () => {
  await client?.destroy();
  await ctx?.storage.close();
  await fake?.close();
  await corpus?.cleanup();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function ask(question: string, guildId = GUILD_ID): Promise<any> {
  return fake.waitForFinal(fake.interact('ask', [{ type: 3, name: 'question', value: question }], { guildId, userId: MEMBER }));
}

/** `/sources <sub>` as a moderator; returns the final message and the interaction's token. */
async function sources(sub: string, options: object[] = [], { guildId = GUILD_ID, attachments = [] as FakeAttachment[], userId = MODERATOR } = {}) {
  const token = fake.interact('sources', [{ type: 1, name: sub, options }], { permissions: PERMS.moderator, guildId, attachments, userId });
  const msg: any = await fake.waitForFinal(token, `/sources ${sub}`);
  return { msg, token, text: `${msg.content ?? ''}\n${JSON.stringify(msg.embeds ?? [])}` };
}

function add(attachment: FakeAttachment, extra: object[] = [], guildId = GUILD_ID) {
  return sources('add', [{ type: 11, name: 'file', value: attachment.id }, ...extra], { guildId, attachments: [attachment] });
}

/** Every file in the corpus folder with its bytes, to prove that a refused change changed nothing. */
async function folder(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(corpus.dir)).sort()) out[name] = (await readFile(path.join(corpus.dir, name))).toString('base64');
  return out;
}

const ARTICLE = 'Quokka Census 2024\nThe quokka census counted 12,345 quokkas on Rottnest Island in March.\n';

describe('what members asked, per server', () => {
  it('records every /ask with its outcome, and shows server A’s gaps only in server A', async () => {
    expect((await ask('How tall is Mount Everest in metres?')).content).toContain(TEXT.notFound);
    expect((await ask('how tall is mount everest in metres')).content).toContain(TEXT.notFound);
    expect((await ask('Who manufactures ATACMS?')).embeds[0].description).toContain('Lockheed Martin');
    // On the sources' subject, but not answered there: the closest passages, labelled.
    const closest = await ask('what does the british government think about the decision');
    expect(closest.embeds[0].description.startsWith(`**${TEXT.closest}**`)).toBe(true);
    expect((await ask('How do I bake sourdough bread at home?', OTHER_GUILD_ID)).content).toContain(TEXT.notFound);

    const a = await sources('gaps');
    // One gap asked twice, shown in its latest wording, beside the question shown only the closest passages.
    expect(a.msg.embeds[0].description).toMatch(
      /^\*\*2×\*\* how tall is mount everest in metres \(declined\) · last <t:\d+:R>\n\*\*1×\*\* what does the british government think about the decision \(closest passages only\) · last <t:\d+:R>$/,
    );
    expect(a.text).not.toContain('sourdough');
    const b = await sources('gaps', [], { guildId: OTHER_GUILD_ID });
    expect(b.msg.embeds[0].description).toContain('sourdough');
    expect(b.text).not.toContain('Everest');
    for (const { text } of [a, b]) expect(text).not.toContain(MEMBER);
  });

  it('counts this server’s questions in /sources stats: answered share, quoted and never-quoted sources', async () => {
    const a = await sources('stats', [{ type: 4, name: 'days', value: 7 }]);
    const fields = Object.fromEntries(a.msg.embeds[0].fields.map((f: { name: string; value: string }) => [f.name, f.value]));
    expect(fields.Questions).toMatch(/^4 .*1 answered, 1 shown the closest passages, 2 declined, 0 unusable/);
    expect(fields.Answered).toMatch(/^25% .*closest passages: 25%/);
    expect(fields.Helpful).toBe('no votes yet');
    expect(fields['Most quoted sources']).toMatch(/`00\d_[0-9a-f]{16}` ×1/);
    expect(Object.keys(fields).find((k) => k.startsWith('Never quoted'))).toMatch(/Never quoted \(\d of 5\)/);
    const b = await sources('stats', [], { guildId: OTHER_GUILD_ID });
    expect(b.msg.embeds[0].fields[0].value).toMatch(/^1 .*0 answered, 0 shown the closest passages, 1 declined/);
    expect(b.msg.embeds[0].fields.find((f: { name: string }) => f.name === 'Most quoted sources').value).toBe('none');
  });

  it('stores members only as a keyed hash', async () => {
    const bytes = await readFile(path.join(dataDir, DATABASE_FILE));
    const wal = await readFile(path.join(dataDir, `${DATABASE_FILE}-wal`)).catch(() => Buffer.alloc(0));
    expect(bytes.includes(MEMBER)).toBe(false);
    expect(wal.includes(MEMBER)).toBe(false);
  });
});

describe('sources managed from Discord', () => {
  it('adds a file with its metadata and answers from it at once', async () => {
    const file = fake.upload('quokka-census.md', ARTICLE);
    const before = fake.downloads;
    const { msg } = await add(file, [
      { type: 3, name: 'title', value: 'The 2024 quokka census' },
      { type: 3, name: 'url', value: 'https://example.org/quokkas' },
      { type: 3, name: 'published', value: '2024-03-30' },
    ]);
    expect(msg.content).toMatch(/^Added `quokka-census`: The 2024 quokka census\./);
    expect(msg.content).toContain('Added: `quokka-census`');
    expect(fake.downloads).toBe(before + 1);
    expect(await readFile(path.join(corpus.dir, 'quokka-census.md'), 'utf8')).toBe(ARTICLE);
    expect(JSON.parse(await readFile(path.join(corpus.dir, 'sources.json'), 'utf8'))['quokka-census']).toEqual({
      title: 'The 2024 quokka census',
      url: 'https://example.org/quokkas',
      published: '2024-03-30',
    });
    expect((await ask('How many quokkas were counted?')).embeds[0].description).toContain('12,345 quokkas');
    expect((await readdir(corpus.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses an existing ID unless replace is set, then replaces it keeping its metadata', async () => {
    const unchanged = await folder();
    const again = await add(fake.upload('quokka-census.txt', 'The quokka census counted 99 quokkas.'));
    expect(again.msg.content).toMatch(/already exists .*replace/);
    expect(await folder()).toEqual(unchanged);

    const replaced = await add(fake.upload('quokka-census.txt', 'Quokka Census 2025\nThe quokka census counted 23,456 quokkas in 2025.\n'), [
      { type: 5, name: 'replace', value: true },
    ]);
    expect(replaced.msg.content).toMatch(/^Replaced `quokka-census`: The 2024 quokka census\./);
    const names = await readdir(corpus.dir);
    expect(names).toContain('quokka-census.txt');
    expect(names).not.toContain('quokka-census.md');
    expect((await ask('How many quokkas were counted?')).embeds[0].description).toContain('23,456 quokkas');
  });

  it('refuses bad files and bad IDs with a clear message, and changes nothing', async () => {
    const unchanged = await folder();
    const downloads = fake.downloads;
    const cases: [FakeAttachment, object[], RegExp][] = [
      [fake.upload('big.txt', 'x', { size: MAX_SOURCE_BYTES + 1 }), [], /too large/],
      [fake.upload('binary.txt', new Uint8Array([0x48, 0x69, 0x00, 0x01, 0x02])), [], /binary file/],
      [fake.upload('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72])), [], /not valid UTF-8/],
      [fake.upload('empty.md', '---\ntitle: Nothing\n---\n\n'), [], /empty file/],
      [fake.upload('slides.pdf', '%PDF-1.4'), [], /slides\.pdf is not a PDF that can be read/],
      [fake.upload('slides.pptx', 'PK'), [], /not a source file/],
      [fake.upload('.hidden.txt', ARTICLE), [], /cannot start with a dot/],
      // A file name with a path is refused as the id: option is, never quietly cut to its last part.
      [fake.upload('../evil.txt', ARTICLE), [], /not a path/],
      [fake.upload('notes\\evil.md', ARTICLE), [], /not a path/],
      [fake.upload('../../report.pdf', '%PDF-1.4'), [], /not a path/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'id', value: '../escape' }], /not a path/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'id', value: 'a/b' }], /not a path/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'id', value: 'a\\b' }], /not a path/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'id', value: 'CON' }], /reserved device name/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'id', value: 'report\u202etxt.exe' }], /invisible or control/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'id', value: 'x'.repeat(101) }], /longer than 100/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'id', value: 'QUOKKA-census' }], /differs only in letter case/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'url', value: 'javascript:alert(1)' }], /"url" is not an http/],
      [fake.upload('ok.txt', ARTICLE), [{ type: 3, name: 'published', value: '2024-02-30' }], /"published" is not a date/],
    ];
    for (const [file, extra, problem] of cases) {
      const { msg } = await add(file, extra);
      expect(msg.content, file.filename).toMatch(problem);
      expect(msg.content, file.filename).toContain('Nothing was changed.');
      expect(msg.content).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    }
    // Only files whose name, ID, metadata and declared size pass are fetched: the binary, the non-UTF-8, the
    // empty one, the broken PDF, and the one whose ID clashes with an existing one only in case.
    expect(fake.downloads).toBe(downloads + 5);
    expect(await folder()).toEqual(unchanged);
  });

  it('stops a download whose size was understated, and one that stalls', async () => {
    const unchanged = await folder();
    const liar = fake.upload('liar.txt', `Lies\n${'a'.repeat(MAX_SOURCE_BYTES)}`, { size: 100 });
    expect((await add(liar)).msg.content).toMatch(/too large/);
    const stuck = fake.upload('stuck.txt', ARTICLE, { stallAfter: 10 });
    expect((await add(stuck)).msg.content).toMatch(/took longer than 2 s/);
    expect(await folder()).toEqual(unchanged);
  });

  it('never fetches a file from anywhere but Discord’s file server', async () => {
    const downloads = fake.downloads;
    const real = fake.upload('elsewhere.txt', ARTICLE);
    for (const url of [real.url.replace('127.0.0.1', 'localhost'), 'http://169.254.169.254/latest/meta-data/x.txt', 'file:///etc/passwd']) {
      const { msg } = await add({ ...real, url });
      expect(msg.content).toMatch(/not on Discord’s file server/);
    }
    expect(fake.downloads).toBe(downloads);
  });

  it('lands both of two adds sent at once, with both metadata entries', async () => {
    const one = fake.upload('wombat-count.txt', 'Wombat Count\nRangers counted 4,321 wombats near Cradle Mountain.\n');
    const two = fake.upload('echidna-count.txt', 'Echidna Count\nVolunteers counted 876 echidnas on Kangaroo Island.\n');
    const t1 = fake.interact(
      'sources',
      [
        {
          type: 1,
          name: 'add',
          options: [
            { type: 11, name: 'file', value: one.id },
            { type: 3, name: 'title', value: 'Wombats' },
          ],
        },
      ],
      { permissions: PERMS.moderator, attachments: [one], userId: MODERATOR },
    );
    const t2 = fake.interact(
      'sources',
      [
        {
          type: 1,
          name: 'add',
          options: [
            { type: 11, name: 'file', value: two.id },
            { type: 3, name: 'title', value: 'Echidnas' },
          ],
        },
      ],
      { permissions: PERMS.moderator, attachments: [two], userId: OTHER_MODERATOR },
    );
    const [m1, m2]: any[] = await Promise.all([fake.waitForFinal(t1), fake.waitForFinal(t2)]);
    expect(m1.content).toMatch(/^Added `wombat-count`/);
    expect(m2.content).toMatch(/^Added `echidna-count`/);
    const meta = JSON.parse(await readFile(path.join(corpus.dir, 'sources.json'), 'utf8'));
    expect(meta['wombat-count'].title).toBe('Wombats');
    expect(meta['echidna-count'].title).toBe('Echidnas');
    expect((await ask('How many wombats did rangers count?')).embeds[0].description).toContain('4,321 wombats');
    expect((await ask('How many echidnas were counted?')).embeds[0].description).toContain('876 echidnas');
  });

  it('removes a source only after its moderator confirms, with the file and its metadata', async () => {
    const ask1 = await sources('remove', [{ type: 3, name: 'id', value: 'quokka-census' }]);
    const buttons = ask1.msg.components[0].components;
    expect(ask1.msg.flags & 64).toBe(64);
    expect(buttons.map((b: { label: string }) => b.label)).toEqual(['Remove', 'Cancel']);
    expect(buttons[0].custom_id).toMatch(/^sources:remove:900000000000000600:[0-9a-z]+:[\w-]{16}:=quokka-census$/);

    // The custom ID comes back from the client: one altered (a year more, or the clicker as the asker) is refused.
    const [made] = [buttons[0].custom_id as string];
    const seconds = made.split(':')[3]!;
    const forgeries = [
      made.replace(`:${seconds}:`, `:${(parseInt(seconds, 36) + 365 * 86_400).toString(36)}:`),
      made.replace('900000000000000600', OTHER_MODERATOR),
      `sources:cancel:${OTHER_MODERATOR}`,
    ];
    for (const forged of forgeries) {
      const message = { ...ask1.msg, components: [{ type: 1, components: [{ ...buttons[0], custom_id: forged }] }] };
      const clickedBy = forged.includes(OTHER_MODERATOR) ? OTHER_MODERATOR : MODERATOR;
      const click = fake.click(message, forged, { userId: clickedBy, permissions: PERMS.moderator });
      expect((await fake.waitForFinal(click)).content, forged).toBe(TEXT.confirmInvalid);
    }
    expect(await readdir(corpus.dir)).toContain('quokka-census.txt');

    // Another moderator's click does nothing.
    const other = fake.click(ask1.msg, buttons[0].custom_id, { userId: OTHER_MODERATOR, permissions: PERMS.moderator });
    expect((await fake.waitForFinal(other)).content).toBe(TEXT.onlyAsker);
    // Cancel removes nothing.
    const cancel = fake.click(ask1.msg, buttons[1].custom_id, { userId: MODERATOR, permissions: PERMS.moderator });
    expect(await fake.waitForFinal(cancel)).toMatchObject({ content: TEXT.removeCancelled, components: [] });
    expect(await readdir(corpus.dir)).toContain('quokka-census.txt');

    const ask2 = await sources('remove', [{ type: 3, name: 'id', value: 'quokka-census' }]);
    const confirm = fake.click(ask2.msg, ask2.msg.components[0].components[0].custom_id, { userId: MODERATOR, permissions: PERMS.moderator });
    const done: any = await fake.waitForFinal(confirm);
    expect(fake.callback(confirm)!.body.type).toBe(6);
    expect(done.content).toMatch(/^Removed `quokka-census`\./);
    expect(done.content).toContain('Removed: `quokka-census`');
    expect(done.components).toEqual([]);
    expect(await readdir(corpus.dir)).not.toContain('quokka-census.txt');
    expect(JSON.parse(await readFile(path.join(corpus.dir, 'sources.json'), 'utf8'))['quokka-census']).toBeUndefined();
    expect((await ask('How many quokkas were counted?')).content).toContain(TEXT.notFound);
  });

  it('lets a confirmation expire, and refuses an unknown ID', async () => {
    const saved = ctx.manage.confirmMs;
    ctx.manage.confirmMs = -5_000;
    try {
      const asked = await sources('remove', [{ type: 3, name: 'id', value: 'wombat-count' }]);
      const click = fake.click(asked.msg, asked.msg.components[0].components[0].custom_id, { userId: MODERATOR, permissions: PERMS.moderator });
      expect((await fake.waitForFinal(click)).content).toBe(TEXT.confirmExpired);
      expect(await readdir(corpus.dir)).toContain('wombat-count.txt');
    } finally {
      ctx.manage.confirmMs = saved;
    }
    expect((await sources('remove', [{ type: 3, name: 'id', value: 'no-such-thing' }])).msg.content).toBe(TEXT.noSuchSource('no-such-thing'));
  });

  it('removes a source whose ID is too long to ride in the button, found again by its digest', async () => {
    const id = `long-${'x'.repeat(90)}`;
    await add(fake.upload(`${id}.txt`, 'Platypus Survey\nThe platypus survey found 77 platypuses.\n'));
    const asked = await sources('remove', [{ type: 3, name: 'id', value: id }]);
    const customId: string = asked.msg.components[0].components[0].custom_id;
    expect(customId).toMatch(/^sources:remove:\d+:[0-9a-z]+:[\w-]{16}:#/);
    const done: any = await fake.waitForFinal(fake.click(asked.msg, customId, { userId: MODERATOR, permissions: PERMS.moderator }));
    expect(done.content).toContain(`Removed \`${id}\`.`);
    expect(await readdir(corpus.dir)).not.toContain(`${id}.txt`);
  });

  it('refuses add, remove and reload outside MANAGE_GUILD_IDS and changes nothing', async () => {
    const unchanged = await folder();
    const downloads = fake.downloads;
    const file = fake.upload('intruder.txt', ARTICLE);
    expect((await add(file, [], OTHER_GUILD_ID)).msg.content).toBe(TEXT.notManageGuild);
    expect((await sources('remove', [{ type: 3, name: 'id', value: 'wombat-count' }], { guildId: OTHER_GUILD_ID })).msg.content).toBe(TEXT.notManageGuild);
    expect((await sources('reload', [], { guildId: OTHER_GUILD_ID })).msg.content).toBe(TEXT.notManageGuild);
    expect(fake.downloads).toBe(downloads);
    expect(await folder()).toEqual(unchanged);
  });

  it('keeps an audit log of who changed what, shown only in the server it was done from', async () => {
    await sources('reload');
    const a = await sources('history');
    const text: string = a.msg.embeds[0].description;
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/<@900000000000000600> reloaded the corpus — 7 sources/);
    expect(text).toMatch(/removed `long-x+` — long-x+\.txt/);
    expect(text).toMatch(/<@900000000000000600> removed `quokka-census` — quokka-census\.txt/);
    expect(text).toMatch(/<@900000000000000601> added `echidna-count` — echidna-count\.txt, /);
    expect(text).toMatch(/<@900000000000000600> replaced `quokka-census` — quokka-census\.txt/);
    expect(text).toMatch(/<@900000000000000600> added `quokka-census` — quokka-census\.md/);
    expect(a.msg.embeds[0].description.indexOf('replaced')).toBeLessThan(a.msg.embeds[0].description.indexOf('added `quokka-census`'));
    const b = await sources('history', [], { guildId: OTHER_GUILD_ID });
    expect(b.msg.embeds[0].description).toBe('No changes yet.');
  });
});

describe('restart and retention', () => {
  it('keeps every record across a restart of the bot', async () => {
    await stopBot();
    await startBot();
    expect((await sources('gaps')).msg.embeds[0].description).toContain('**2×** how tall is mount everest in metres');
    expect((await sources('history')).msg.embeds[0].description).toContain('removed `quokka-census`');
    expect((await sources('gaps', [], { guildId: OTHER_GUILD_ID })).msg.embeds[0].description).toContain('sourdough');
  });

  it('deletes questions older than QUESTION_RETENTION_DAYS', async () => {
    await ctx.storage.recordQuestion({
      guildId: GUILD_ID,
      channelId: '1',
      memberHash: ctx.hashMember(MEMBER),
      question: 'an ancient unanswered question',
      outcome: 'declined',
      sourceIds: [],
      latencyMs: 5,
      via: 'ask',
      at: Date.now() - 91 * DAY_MS,
    });
    await ctx.storage.recordQuestion({
      guildId: GUILD_ID,
      channelId: '1',
      memberHash: ctx.hashMember(MEMBER),
      question: 'a recent unanswered question',
      outcome: 'declined',
      sourceIds: [],
      latencyMs: 5,
      via: 'ask',
      at: Date.now() - 89 * DAY_MS,
    });
    expect((await ctx.storage.gaps(GUILD_ID, 0)).map((g) => g.question)).toContain('an ancient unanswered question');
    await deleteOldQuestions(ctx, 90);
    const kept = (await ctx.storage.gaps(GUILD_ID, 0)).map((g) => g.question);
    expect(kept).not.toContain('an ancient unanswered question');
    expect(kept).toContain('a recent unanswered question');
    expect(kept).toContain('how tall is mount everest in metres');
    expect(logLines.some((l) => l.includes('"event":"old_questions_deleted"') && l.includes('"deleted":1'))).toBe(true);
  });
});

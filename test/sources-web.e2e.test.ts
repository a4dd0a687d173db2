/**
 * Sources from links and documents, end to end in Discord: the real discord.js client against the fake
 * Discord, the bot fetching from the test site on 127.0.0.1 (SOURCE_FETCH_ALLOW_PRIVATE=true, as the issue
 * says the fake Discord's tests set it), then members asking and getting the page quoted.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../src/bot/context.ts';
import { TEXT } from '../src/bot/discord/format.ts';
import { fetchPolicyFrom } from '../src/sources/web/policy.ts';
import { FakeDiscord, GUILD_ID, OTHER_GUILD_ID, PERMS } from './fake-discord.ts';
import { startTestBot, tempCorpus } from './helpers.ts';
import { makePdf } from './pdf-fixture.ts';
import { fixturePage, fixtureText, TestSite } from './web-server.ts';

const MEMBER = '900000000000000700';
const MODERATOR = '900000000000000800';
const SEALS_ID = 'harbour-seal-numbers-rise-in-the-wash-for-third-year-running';

let fake: FakeDiscord;
let site: TestSite;
let client: Client;
let ctx: BotContext;
let corpus: Awaited<ReturnType<typeof tempCorpus>>;
let dataDir: string;
const logLines: string[] = [];

beforeAll(async () => {
  fake = await FakeDiscord.start();
  site = await TestSite.start();
  corpus = await tempCorpus({
    'lighthouses.txt': 'Lighthouses of the North\nThe Bell Rock lighthouse was finished in 1810 and is the oldest sea-washed lighthouse still standing.\n',
  });
  dataDir = await mkdtemp(path.join(tmpdir(), 'quotebot-data-'));
  const sourceFetch = fetchPolicyFrom({ SOURCE_FETCH_ALLOW_PRIVATE: 'true', SOURCE_FETCH_TIMEOUT_SECONDS: '5' }, []);
  ({ client, ctx } = await startTestBot(
    fake.apiBase,
    corpus.dir,
    { apiBase: fake.apiBase, askCooldownSeconds: 0, dataDir, questionRetentionDays: 90, manageGuildIds: [GUILD_ID], sourceFetch },
    logLines,
    2_000,
  ));
}, 60_000);

afterAll(async () => {
  await client?.destroy();
  await ctx?.storage.close();
  await fake?.close();
  await site?.close();
  await corpus?.cleanup();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function ask(question: string): Promise<any> {
  return fake.waitForFinal(fake.interact('ask', [{ type: 3, name: 'question', value: question }], { userId: MEMBER }));
}

/** `/sources <sub>` as a moderator; waits past the progress lines (which end in "…") for the final message. */
async function sources(sub: string, options: object[] = [], { attachments = [] as any[], guildId = GUILD_ID } = {}) {
  const token = fake.interact('sources', [{ type: 1, name: sub, options }], { permissions: PERMS.moderator, userId: MODERATOR, attachments, guildId });
  await fake.waitForFinal(token, `/sources ${sub}`);
  await fake.waitFor(() => !String(fake.finalMessage(token)?.content ?? '').endsWith('…'), `/sources ${sub} to finish`, 20_000);
  const edits = fake.requestsTo(new RegExp(`/${token}/messages/`), 'PATCH').map((r) => r.body.content as string);
  return { msg: fake.finalMessage(token) as any, edits, token };
}

async function folder(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(corpus.dir)).sort()) out[name] = await readFile(path.join(corpus.dir, name), 'utf8');
  return out;
}

describe('/sources add url:', () => {
  it('fetches the page, shows its progress, stores its article, and members get it quoted', async () => {
    const link = site.url('/pages/harbour-seals.html');
    const { msg, edits, token } = await sources('add', [{ type: 3, name: 'url', value: link }]);
    expect(fake.callback(token)!.body.type).toBe(5);
    expect(fake.callback(token)!.body.data.flags & 64).toBe(64);
    expect(edits[0]).toMatch(new RegExp(`^Fetching ${link.replace(/[.]/g, '\\.')} \\(at most 5 s\\)…$`));
    expect(edits.some((e) => /^Read Harbour seal numbers .* \(\d+ words\); reloading the sources…$/.test(e))).toBe(true);
    expect(msg.content).toMatch(
      new RegExp(
        `^Added \`${SEALS_ID}\`: Harbour seal numbers rise in the Wash for third year running \\(2024-08-19 · Coastal Courier · \\d+ words\\)\\. Members can ask about it now\\.`,
      ),
    );
    expect(msg.content).toContain(`Added: \`${SEALS_ID}\``);
    const stored = await readFile(path.join(corpus.dir, `${SEALS_ID}.txt`), 'utf8');
    expect(stored).toBe(fixtureText('harbour-seals'));
    expect(JSON.parse(await readFile(path.join(corpus.dir, 'sources.json'), 'utf8'))[SEALS_ID].origin).toBe(link);

    const answer = await ask('How many harbour seals were counted on the sandbanks of the Wash?');
    expect(answer.embeds[0].description).toContain('3,912 harbour seals');
    expect(JSON.stringify(answer.embeds)).toContain(SEALS_ID);
  });

  it('adds a PDF by its link, and a member gets it quoted', async () => {
    site.serve(
      '/reports/otters.pdf',
      'application/pdf',
      await makePdf({
        title: 'River Otter Survey 2024',
        paragraphs: [
          'Volunteers found otter spraints at 87 of the 120 bridges surveyed along the river this spring, the highest share since the survey began in 1977.',
          'Otters had returned to every tributary except the Millrace, where a weir still blocks their way upstream.',
        ],
      }),
    );
    const { msg } = await sources('add', [{ type: 3, name: 'url', value: site.url('/reports/otters.pdf') }]);
    // pdf-lib stamps the document's creation date, which stands for its publication date.
    expect(msg.content).toMatch(/^Added `river-otter-survey-2024`: River Otter Survey 2024 \(\d{4}-\d\d-\d\d · \d+ words\)\./);
    expect((await ask('At how many bridges did volunteers find otter spraints?')).embeds[0].description).toContain('87 of the 120 bridges');
  });

  it('extracts attached .pdf and .html documents the same way; url then says where the article is published', async () => {
    const pdf = fake.upload(
      'kelp-report-final-v3.pdf',
      await makePdf({
        title: 'Kelp Forest Survey',
        paragraphs: ['Divers measured 412 hectares of kelp forest off the southern coast in the spring survey, up from 281 hectares five years earlier.'],
      }),
    );
    const a = await sources(
      'add',
      [
        { type: 11, name: 'file', value: pdf.id },
        { type: 3, name: 'url', value: 'https://reef.example/reports/kelp' },
      ],
      { attachments: [pdf] },
    );
    expect(a.msg.content).toMatch(/^Added `kelp-forest-survey`: Kelp Forest Survey/);
    const meta = JSON.parse(await readFile(path.join(corpus.dir, 'sources.json'), 'utf8'));
    expect(meta['kelp-forest-survey']).toMatchObject({ title: 'Kelp Forest Survey', url: 'https://reef.example/reports/kelp' });
    expect(meta['kelp-forest-survey'].origin).toBeUndefined();

    const html = fake.upload('saved-page.html', fixturePage('night-trains'));
    const b = await sources(
      'add',
      [
        { type: 11, name: 'file', value: html.id },
        { type: 3, name: 'title', value: 'A night train diary' },
      ],
      { attachments: [html] },
    );
    expect(b.msg.content).toMatch(/^Added `a-night-train-diary`: A night train diary \(2023-10-07 · Slow Rails · \d+ words\)/);
    expect((await ask('Which bunk should you never take on a night train?')).embeds[0].description).toMatch(/never the middle one/);
  });

  it('refuses bad links clearly and changes nothing', async () => {
    const unchanged = await folder();
    const cases: [string, RegExp][] = [
      ['ftp://127.0.0.1/file.pdf', /^ftp: addresses cannot be fetched: only http and https web pages can be added\. Nothing was changed\.$/],
      ['javascript:alert(1)', /^javascript: addresses cannot be fetched/],
      [site.url('/no-such-page.html'), /answered 404 Not Found, not the page\. Nothing was changed\.$/],
      [site.url('/image.png'), /is an image \(image\/png\)/],
      [site.url('/no-bots/pages/harbour-seals.html'), /robots\.txt does not allow quotebot/],
      [site.url('/pages/harbour-seals.html'), /is already the source `harbour-seal-numbers-rise-in-the-wash-for-third-year-running`; refresh it/],
    ];
    for (const [link, problem] of cases) {
      const { msg } = await sources('add', [{ type: 3, name: 'url', value: link }]);
      expect(msg.content, link).toMatch(problem);
    }
    expect((await sources('add')).msg.content).toBe(TEXT.addNeedsSource);
    expect((await sources('add', [{ type: 3, name: 'url', value: site.url('/pages/glacier-museum.html') }], { guildId: OTHER_GUILD_ID })).msg.content).toBe(
      TEXT.notManageGuild,
    );
    expect(await folder()).toEqual(unchanged);
  });

  it('refuses a loopback address unless SOURCE_FETCH_ALLOW_PRIVATE allows it', async () => {
    const saved = ctx.manage.fetch;
    ctx.manage.fetch = fetchPolicyFrom({}, []);
    try {
      const before = site.requests.length;
      const { msg } = await sources('add', [{ type: 3, name: 'url', value: site.url('/pages/glacier-museum.html') }]);
      expect(msg.content).toMatch(/^Not fetched: 127\.0\.0\.1:\d+ is a loopback address \(this machine\)/);
      expect(site.requests.length).toBe(before);
    } finally {
      ctx.manage.fetch = saved;
    }
  });
});

describe('/sources refresh', () => {
  it('says so when the text is unchanged, and writes and reloads when it changed', async () => {
    const file = path.join(corpus.dir, `${SEALS_ID}.txt`);
    const before = await readFile(file);
    const same = await sources('refresh', [{ type: 3, name: 'id', value: SEALS_ID }]);
    expect(same.msg.content).toBe(`\`${SEALS_ID}\` is unchanged at ${site.url('/pages/harbour-seals.html')}: nothing to write or reload.`);
    expect((await readFile(file)).equals(before)).toBe(true);

    site.serve(
      '/pages/harbour-seals.html',
      'text/html',
      fixturePage('harbour-seals').toString('utf8').replace('counted 3,912 harbour seals', 'counted 3,921 harbour seals'),
    );
    const changed = await sources('refresh', [{ type: 3, name: 'id', value: SEALS_ID }]);
    expect(changed.msg.content).toMatch(new RegExp(`^Refreshed \`${SEALS_ID}\`: its text changed`));
    expect(changed.msg.content).toContain(`Changed: \`${SEALS_ID}\``);
    expect(await readFile(file, 'utf8')).toContain('counted 3,921 harbour seals');
    expect((await ask('How many harbour seals were counted on the sandbanks of the Wash?')).embeds[0].description).toContain('3,921 harbour seals');

    expect((await sources('refresh', [{ type: 3, name: 'id', value: 'lighthouses' }])).msg.content).toMatch(/`lighthouses` was not added from a web address/);
    expect((await sources('refresh', [{ type: 3, name: 'id', value: 'nothing-here' }])).msg.content).toMatch(/There is no source with ID `nothing-here`/);
  });

  it('offers only sources added from a link to refresh', async () => {
    const token = fake.interact('sources', [{ type: 1, name: 'refresh', options: [{ type: 3, name: 'id', value: '', focused: true }] }], {
      type: 4,
      permissions: PERMS.moderator,
      userId: MODERATOR,
    });
    await fake.waitFor(() => fake.callback(token) !== undefined, 'autocomplete');
    const offered = fake
      .callback(token)!
      .body.data.choices.map((c: { value: string }) => c.value)
      .sort();
    // Not the lighthouse text file, nor the PDF and HTML attachments: they have nothing to fetch again.
    expect(offered).toEqual([SEALS_ID, 'river-otter-survey-2024'].sort());
  });

  it('records adds and refreshes in /sources history', async () => {
    const history = (await sources('history')).msg.embeds[0].description as string;
    const lines = history.split('\n');
    expect(lines[0]).toMatch(new RegExp(`<@${MODERATOR}> refreshed \`${SEALS_ID}\` — text changed; ${SEALS_ID}\\.txt`));
    expect(lines[1]).toMatch(new RegExp(`<@${MODERATOR}> refreshed \`${SEALS_ID}\` — unchanged at http://127\\.0\\.0\\.1:\\d+/pages/harbour-seals\\.html`));
    expect(history).toMatch(new RegExp(`added \`${SEALS_ID}\` — ${SEALS_ID}\\.txt, [\\d.]+ KB, from http://127\\.0\\.0\\.1`));
  });
});

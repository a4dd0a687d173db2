/**
 * `npm run source` as a process, against the test site on 127.0.0.1 (SOURCE_FETCH_ALLOW_PRIVATE names it
 * alone): pages and PDFs added by link and by path, then quoted verbatim by `npm run ask -- --source`; bad
 * input refused with one line on standard error, a non-zero exit and nothing written.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from './pdf-fixture.ts';
import { ROOT, tempCorpus } from './helpers.ts';
import { fixturePage, fixtureText, TestSite } from './web-server.ts';

let site: TestSite;
let corpus: Awaited<ReturnType<typeof tempCorpus>>;
const ENV = { ...process.env, SOURCE_FETCH_ALLOW_PRIVATE: '127.0.0.1', INDEX_CACHE_DIR: 'off' };

const PDF_PARAGRAPHS = [
  'The tide gauge at Port Wyvern recorded a mean sea level 41 millimetres higher in 2023 than in 1993, a rise of about 1.4 millimetres a year.',
  'Most of the rise happened after 2010. The harbour authority has raised the quay walls twice since then and plans a third rise of 300 millimetres before 2030.',
  'Storm surges now overtop the old sea wall about four times a winter, compared with once every two or three winters in the 1990s.',
];

function run(script: string, args: string[], env: NodeJS.ProcessEnv = ENV): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const source = (args: string[], env?: NodeJS.ProcessEnv) => run('src/cli/source.ts', [...args, '--corpus', corpus.dir], env);
const ask = (question: string, id: string) => run('src/cli/ask.ts', ['--json', '--corpus', corpus.dir, '--source', id, question]);

async function folder(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(corpus.dir)).sort()) out[name] = await readFile(path.join(corpus.dir, name), 'utf8');
  return out;
}

beforeAll(async () => {
  site = await TestSite.start();
  corpus = await tempCorpus({ 'existing.txt': 'Existing Source\nAn article that was here before any was fetched, about lighthouses.\n' });
  site.serve(
    '/reports/sea-level.pdf',
    'application/pdf',
    await makePdf({ title: 'Port Wyvern Sea Level Report 2023', heading: 'Sea level at Port Wyvern', paragraphs: PDF_PARAGRAPHS }),
  );
});
afterAll(async () => {
  await site?.close();
  await corpus?.cleanup();
});

describe('npm run source -- add', { timeout: 120_000 }, () => {
  it('--dry-run prints the article and writes nothing', async () => {
    const before = await folder();
    const r = await source(['add', site.url('/pages/harbour-seals.html'), '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      id: 'harbour-seal-numbers-rise-in-the-wash-for-third-year-running',
      title: 'Harbour seal numbers rise in the Wash for third year running',
      published: '2024-08-19',
      url: 'https://news.coastalcourier.example/environment/2024/08/harbour-seals-wash',
      origin: site.url('/pages/harbour-seals.html'),
      author: 'Morwenna Keast',
      siteName: 'Coastal Courier',
      written: false,
    });
    expect(out.text).toBe(fixtureText('harbour-seals'));
    expect(await folder()).toEqual(before);
  });

  it('adds a page by link, with its metadata; ask --source quotes it verbatim from the stored text', async () => {
    const r = await source(['add', site.url('/pages/harbour-seals.html')]);
    expect(r.code, r.stderr).toBe(0);
    const id = 'harbour-seal-numbers-rise-in-the-wash-for-third-year-running';
    expect(r.stdout).toMatch(
      new RegExp(`^Added ${id}: Harbour seal numbers .*\\(2024-08-19; Coastal Courier; by Morwenna Keast; 8 paragraphs, \\d+ words\\) → ${id}\\.txt`),
    );
    const stored = await readFile(path.join(corpus.dir, `${id}.txt`), 'utf8');
    expect(stored).toBe(fixtureText('harbour-seals'));
    expect(JSON.parse(await readFile(path.join(corpus.dir, 'sources.json'), 'utf8'))[id]).toEqual({
      title: 'Harbour seal numbers rise in the Wash for third year running',
      url: 'https://news.coastalcourier.example/environment/2024/08/harbour-seals-wash',
      published: '2024-08-19',
      outlet: 'Coastal Courier',
      author: 'Morwenna Keast',
      origin: site.url('/pages/harbour-seals.html'),
    });
    expect((await readdir(corpus.dir)).filter((n) => n.startsWith('.'))).toEqual([]);

    const answer = JSON.parse((await ask('How many harbour seals were counted in the Wash?', id)).stdout);
    // Quoted, as an answer or as the closest passages (the engine decides which; both quote the page).
    expect(answer.outcome).not.toBe('declined');
    expect(answer.quotes.some((q: { text: string }) => q.text.includes('counted 3,912 harbour seals'))).toBe(true);
    for (const q of answer.quotes) expect(stored.slice(q.start, q.end)).toBe(q.text);
  });

  it('refuses the same link twice, pointing to refresh', async () => {
    const before = await folder();
    const r = await source(['add', site.url('/pages/harbour-seals.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: .* is already the source harbour-seal-numbers-rise-in-the-wash-for-third-year-running; refresh it to fetch it again\.\n$/,
    );
    expect(await folder()).toEqual(before);
  });

  it('adds a PDF by link and by path, and both are quoted', async () => {
    const byLink = await source(['add', site.url('/reports/sea-level.pdf'), '--json']);
    expect(byLink.code, byLink.stderr).toBe(0);
    const added = JSON.parse(byLink.stdout);
    expect(added).toMatchObject({ id: 'port-wyvern-sea-level-report-2023', title: 'Port Wyvern Sea Level Report 2023', kind: 'pdf', written: true });
    expect(added.text).toBe(`Sea level at Port Wyvern\n${PDF_PARAGRAPHS.join('\n')}\n`);

    const file = path.join(corpus.dir, '..', `sea-level-${path.basename(corpus.dir)}.pdf`);
    await writeFile(file, await makePdf({ title: 'Port Wyvern Sea Level Report 2023', paragraphs: PDF_PARAGRAPHS }));
    const byPath = await source(['add', file, '--id', 'sea-level-local']);
    expect(byPath.code, byPath.stderr).toBe(0);
    expect(await readFile(path.join(corpus.dir, 'sea-level-local.txt'), 'utf8')).toBe(`${PDF_PARAGRAPHS.join('\n')}\n`);

    for (const id of ['port-wyvern-sea-level-report-2023', 'sea-level-local']) {
      const answer = JSON.parse((await ask('How often do storm surges overtop the old sea wall?', id)).stdout);
      expect(answer.outcome, id).not.toBe('declined');
      expect(answer.quotes[0].text).toContain('four times a winter');
      const stored = await readFile(path.join(corpus.dir, `${id}.txt`), 'utf8');
      for (const q of answer.quotes) expect(stored.slice(q.start, q.end)).toBe(q.text);
    }
  });

  it('adds a local HTML page and makes its slug unique', async () => {
    const file = path.join(corpus.dir, '..', `seals-${path.basename(corpus.dir)}.html`);
    await writeFile(file, fixturePage('harbour-seals'));
    const r = await source(['add', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'harbour-seal-numbers-rise-in-the-wash-for-third-year-running-2', origin: null, published: '2024-08-19' });
  });

  it('refuses bad input with one line on standard error, a non-zero exit, and nothing written', async () => {
    const before = await folder();
    const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
      [['add', site.url('/pages/harbour-seals.html').replace('harbour-seals', 'missing')], /answered 404 Not Found/],
      [['add', site.url('/image.png')], /is an image \(image\/png\)/],
      [['add', site.url('/huge.html')], /larger than the limit of 1 MB/, { ...ENV, SOURCE_FETCH_MAX_BYTES: String(1024 * 1024) }],
      [['add', 'ftp://127.0.0.1/report.pdf'], /^error: ftp: addresses cannot be fetched/],
      [['add', 'file:///etc/passwd'], /^error: file: addresses cannot be fetched/],
      [['add', 'javascript:alert(1)'], /^error: javascript: addresses cannot be fetched/],
      [['add', site.url('/pages/harbour-seals.html')], /127\.0\.0\.1:\d+ is a loopback address/, { ...process.env, SOURCE_FETCH_ALLOW_PRIVATE: '' }],
      [['add', site.url('/no-bots/pages/night-trains.html')], /robots\.txt does not allow quotebot/],
      [['add', site.url('/pages/night-trains.html'), '--id', '../escape'], /not a path/],
      [['add', site.url('/pages/night-trains.html'), '--id', 'existing'], /already exists/],
      [['add', '/no/such/file.pdf'], /cannot be read \(ENOENT\)/],
      [['add', path.join(ROOT, 'package.json')], /is not a file that can be added/],
      [['add', site.url('/slow.html')], /took longer than 1 s/, { ...ENV, SOURCE_FETCH_TIMEOUT_SECONDS: '1' }],
      [['add', site.url('/pages/night-trains.html')], /SOURCE_FETCH_TIMEOUT_SECONDS must be/, { ...ENV, SOURCE_FETCH_TIMEOUT_SECONDS: 'soon' }],
    ];
    site.serve('/empty.html', 'text/html', '<html><body><nav><a href="/">Home</a></nav><img src="x.jpg"></body></html>');
    cases.push([['add', site.url('/empty.html')], /has no article text to add/]);
    for (const [args, problem, env] of cases) {
      const r = await source(args, env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(problem);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(await folder()).toEqual(before);
  });
});

describe('npm run source -- list, refresh, remove', { timeout: 120_000 }, () => {
  it('lists the sources with their origin', async () => {
    const r = await source(['list', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.map((s: { id: string }) => s.id)).toContain('existing');
    expect(list.find((s: { id: string }) => s.id === 'port-wyvern-sea-level-report-2023').origin).toBe(site.url('/reports/sea-level.pdf'));
  });

  it('refresh writes only when the text changed', async () => {
    const id = 'harbour-seal-numbers-rise-in-the-wash-for-third-year-running';
    const file = path.join(corpus.dir, `${id}.txt`);
    const unchanged = await source(['refresh', id]);
    expect(unchanged.stdout).toBe(`${id}: unchanged\n`);

    const corrected = fixturePage('harbour-seals').toString('utf8').replace('counted 3,912 harbour seals', 'counted 3,921 harbour seals');
    site.serve('/pages/harbour-seals.html', 'text/html', corrected);
    const dry = await source(['refresh', id, '--dry-run']);
    expect(dry.stdout).toMatch(/changed \(dry run: nothing written\)/);
    expect(await readFile(file, 'utf8')).toContain('3,912');
    const changed = await source(['refresh', id]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/: changed, rewritten\./);
    expect(await readFile(file, 'utf8')).toContain('counted 3,921 harbour seals');

    const notWeb = await source(['refresh', 'existing']);
    expect(notWeb.code).toBe(1);
    expect(notWeb.stderr).toMatch(/existing was not added from a web address/);
  });

  it('refresh --all goes through every web source and reports a failing one without stopping', async () => {
    site.routes.set('/reports/sea-level.pdf', (_req, res) => {
      res.writeHead(410, { 'content-type': 'text/plain' });
      res.end('gone');
    });
    const r = await source(['refresh', '--all', '--json']);
    expect(r.code).toBe(1);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ id: 'harbour-seal-numbers-rise-in-the-wash-for-third-year-running', changed: false }]);
    expect(r.stderr).toMatch(/^port-wyvern-sea-level-report-2023: .*answered 410 Gone/m);
  });

  it('removes a source and its metadata', async () => {
    const r = await source(['remove', 'sea-level-local']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(corpus.dir)).not.toContain('sea-level-local.txt');
    expect(JSON.parse(await readFile(path.join(corpus.dir, 'sources.json'), 'utf8'))['sea-level-local']).toBeUndefined();
  });
});

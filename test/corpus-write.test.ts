/** Writing the corpus folder from Discord: IDs, atomic writes, metadata, and refusals that change nothing. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRemoveButtonId, removeButtonId } from '../src/bot/console/manage.ts';
import { buttonSigner } from '../src/store/member-key.ts';
import { CorpusWriter, newSourceIdProblem } from '../src/sources/corpus-write.ts';
import { loadCorpus, MAX_SOURCE_BYTES } from '../src/sources/corpus.ts';
import { tempCorpus } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function folder(files: Record<string, string> = {}) {
  const corpus = await tempCorpus(files);
  cleanups.push(corpus.cleanup);
  return { dir: corpus.dir, writer: new CorpusWriter(corpus.dir, MAX_SOURCE_BYTES) };
}
const text = (s: string) => new TextEncoder().encode(s);
const listing = async (dir: string) =>
  Object.fromEntries(await Promise.all((await readdir(dir)).sort().map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')])));

describe('newSourceIdProblem', () => {
  it('accepts ordinary IDs and refuses paths, hidden, reserved, invisible and over-long ones', () => {
    for (const ok of ['005_reuters_2024-11-18', 'Quokka census', 'report.v2', 'Überblick']) expect(newSourceIdProblem(ok), ok).toBeNull();
    const refused: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      ['../x', /not a path/],
      ['a/b', /not a path/],
      ['a\\b', /not a path/],
      ['.hidden', /dot/],
      ['..', /dot/],
      ['nul', /reserved/],
      ['LPT1', /reserved/],
      ['x'.repeat(101), /longer than 100/],
      ['a\u202eb', /invisible or control/],
      ['tab\there', /invisible or control/],
      ['what?', /cannot contain/],
      ['code`span', /cannot contain/],
      ['trailing.', /end with a dot/],
      [' lead', /start or end with a space/],
    ];
    for (const [id, problem] of refused) expect(newSourceIdProblem(id), JSON.stringify(id)).toMatch(problem);
  });
});

describe('CorpusWriter', () => {
  it('writes a source the loader then reads, leaving no temporary file', async () => {
    const { dir, writer } = await folder();
    expect(
      await writer.add({
        id: 'a',
        extension: '.md',
        bytes: text('---\ntitle: From front matter\n---\nBody text here.'),
        meta: { url: 'https://example.org/a' },
        replace: false,
      }),
    ).toEqual({ ok: true, replaced: false, file: 'a.md' });
    expect(await readdir(dir)).toEqual(['a.md', 'sources.json']);
    const { sources, failures } = await loadCorpus(dir);
    expect(failures).toEqual([]);
    expect(sources[0]).toMatchObject({ id: 'a', title: 'From front matter', meta: { url: 'https://example.org/a' } });
  });

  it('replaces a source under another extension, and keeps metadata fields the replacement does not set', async () => {
    const { dir, writer } = await folder({ 'a.md': 'Old text.', 'sources.json': JSON.stringify({ a: { title: 'Kept', published: '2024-01-01' } }) });
    expect(await writer.add({ id: 'a', extension: '.txt', bytes: text('New text.'), meta: { published: '2024-02-02' }, replace: true })).toEqual({
      ok: true,
      replaced: true,
      file: 'a.txt',
    });
    expect(await listing(dir)).toEqual({
      'a.txt': 'New text.',
      'sources.json': `${JSON.stringify({ a: { title: 'Kept', published: '2024-02-02' } }, null, 2)}\n`,
    });
  });

  it('changes nothing when sources.json is broken and metadata would have to change', async () => {
    const { dir, writer } = await folder({ 'a.txt': 'Text.', 'sources.json': '{ not json' });
    const before = await listing(dir);
    expect(await writer.add({ id: 'b', extension: '.txt', bytes: text('B.'), meta: { title: 'B' }, replace: false })).toMatchObject({
      ok: false,
      problem: /sources\.json is not a valid JSON object/,
    });
    expect(await writer.remove('a')).toMatchObject({ ok: false, problem: /sources\.json/ });
    expect(await listing(dir)).toEqual(before);
    // Without metadata to write, the broken file is left alone and the source is added.
    expect(await writer.add({ id: 'b', extension: '.txt', bytes: text('B.'), meta: {}, replace: false })).toMatchObject({ ok: true });
    expect((await listing(dir))['sources.json']).toBe('{ not json');
  });

  it('refuses a name that is not a plain file, and removes only what exists', async () => {
    const { dir, writer } = await folder({ 'a.txt': 'Text.' });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'folder.txt'));
    expect(await writer.add({ id: 'folder', extension: '.txt', bytes: text('X.'), meta: {}, replace: true })).toMatchObject({
      ok: false,
      problem: /not a plain file/,
    });
    expect(await writer.remove('nothing')).toMatchObject({ ok: false, problem: /no source file with ID/ });
    expect(await writer.remove('a')).toEqual({ ok: true, file: 'a.txt' });
    expect(await readdir(dir)).toEqual(['folder.txt']);
  });

  it('lands many concurrent adds, each with its metadata', async () => {
    const { dir, writer } = await folder();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        writer.add({ id: `s${i}`, extension: '.txt', bytes: text(`Source ${i}.`), meta: { title: `T${i}` }, replace: false }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const meta = JSON.parse(await readFile(path.join(dir, 'sources.json'), 'utf8'));
    expect(Object.keys(meta).sort()).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
  });
});

describe('remove confirmation buttons', () => {
  const sign = buttonSigner('k'.repeat(64));
  const user = '900000000000000600';
  const expires = Date.UTC(2030, 0, 1, 12, 0, 0);

  it('carry the user, the expiry and the ID, or a digest of an ID too long to fit in 100 characters', () => {
    const short = removeButtonId(user, expires, 'quokka-census', sign);
    expect(parseRemoveButtonId(short, sign)).toEqual({ userId: user, expires, id: 'quokka-census' });
    const long = removeButtonId(user, expires, `${'x'.repeat(99)}:y`, sign);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(parseRemoveButtonId(long, sign)).toMatchObject({ userId: user, expires, digest: expect.any(String) });
    expect(parseRemoveButtonId('sources:remove:abc', sign)).toBeNull();
  });

  it('are signed: another user, a later expiry, another source or another key makes them worthless', () => {
    const made = removeButtonId(user, expires, 'quokka-census', sign);
    const [, , , seconds] = made.split(':');
    const later = (parseInt(seconds!, 36) + 365 * 86_400).toString(36);
    for (const forged of [
      made.replace(user, '900000000000000601'),
      made.replace(`:${seconds}:`, `:${later}:`),
      made.replace('=quokka-census', '=wombat-count'),
    ])
      expect(parseRemoveButtonId(forged, sign), forged).toBeNull();
    expect(parseRemoveButtonId(made, buttonSigner('j'.repeat(64)))).toBeNull();
  });
});

import { execFileSync } from 'node:child_process';
import { link, mkdir, mkdtemp, rm, symlink, utimes, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { earlierSource, headlineOrOpening, isIsoDate, loadCorpus, parseFrontMatter, type EarlierSource } from '../src/sources/corpus.ts';
import { CORPUS, tempCorpus } from './helpers.ts';
import { cutAtWord } from '../src/text.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function corpusOf(files: Record<string, string | Uint8Array>) {
  const c = await tempCorpus(files);
  cleanups.push(c.cleanup);
  return c.dir;
}

describe('loadCorpus', () => {
  it('loads the five seed articles with IDs from their file names', async () => {
    const { sources, failures } = await loadCorpus(CORPUS);
    expect(failures).toEqual([]);
    expect(sources.map((s) => s.id)).toEqual([
      '000_c9496b90a96922a9',
      '001_a3c365cc8ec05504',
      '002_7681b8d6990aa4b0',
      '003_592e011c8967ab50',
      '004_653a0a605732160c',
    ]);
    expect(sources[3]!.title).toBe('Significant Stride: The US Grants Ukraine Access to ATACMS Missiles');
    // No headline line: the opening sentence, cut at a word.
    expect(sources[0]!.title.startsWith('US President Joe Biden has made the decision')).toBe(true);
    expect(sources[0]!.title.endsWith('…')).toBe(true);
  });

  it('reports each bad file by name with its reason and still loads the rest', async () => {
    const dir = await corpusOf({
      'good.txt': 'Lockheed Martin manufactures the ATACMS.',
      'empty.txt': '',
      'blank.md': '  \n\n ',
      'binary.txt': new Uint8Array([0x47, 0x49, 0x46, 0x00, 0x01]),
      'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]),
      'notes.pdf': 'whatever',
      'good.md': 'Same ID as good.txt.',
    });
    await symlink(path.join(dir, 'missing-target.txt'), path.join(dir, 'dangling.txt'));
    const { sources, failures } = await loadCorpus(dir);
    expect(sources.map((s) => s.id)).toEqual(['good']);
    const reasons = Object.fromEntries(failures.map((f) => [f.file, f.reason]));
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['blank.md']).toMatch(/empty/);
    expect(reasons['binary.txt']).toMatch(/binary/);
    expect(reasons['latin1.txt']).toMatch(/UTF-8/);
    expect(reasons['notes.pdf']).toMatch(/unsupported file type/);
    expect(reasons['good.txt'] ?? reasons['good.md']).toMatch(/duplicate source ID "good"/);
    expect(reasons['dangling.txt']).toMatch(/symbolic link/);
  });

  it('takes metadata from sources.json and Markdown front matter, and reports bad entries', async () => {
    const dir = await corpusOf({
      'a.txt': 'Alpha article text.',
      'b.md': '---\ntitle: "Bravo: the title"\nurl: https://example.org/b\npublished: 2024-11-18\n---\n# Heading\nBody text.',
      'sources.json': JSON.stringify({ a: { title: 'Alpha', outlet: 'Example News', published: '2024-13-40' }, ghost: { title: 'x' } }),
    });
    const { sources, failures } = await loadCorpus(dir);
    const [a, b] = sources;
    expect(a!.title).toBe('Alpha');
    expect(a!.meta).toEqual({ title: 'Alpha', outlet: 'Example News' });
    expect(b!.meta).toEqual({ title: 'Bravo: the title', url: 'https://example.org/b', published: '2024-11-18' });
    expect(b!.text.slice(b!.bodyStart)).toBe('# Heading\nBody text.');
    expect(failures.map((f) => `${f.file}: ${f.reason}`)).toEqual([
      'sources.json: "a": "published" is not a date like 2024-11-18 (or 2024-11, or 2024): 2024-13-40',
      'sources.json: metadata for "ghost", but no source file has that ID',
    ]);
  });

  it('takes a published date known only to the month or year, and refuses one that is no date', () => {
    for (const ok of ['2024-11-18', '2024-11', '2024', '2024-02-29']) expect([ok, isIsoDate(ok)]).toEqual([ok, true]);
    for (const bad of ['2024-13', '2023-02-29', '24-11-18', '2024-1', '2024/11/18', 'November 2024', '']) expect([bad, isIsoDate(bad)]).toEqual([bad, false]);
  });

  it('skips a file whose front matter is broken, naming the problem', async () => {
    const dir = await corpusOf({ 'x.md': '---\ntitle: Missing close\nBody', 'y.md': '---\ncolour: red\n---\nBody' });
    const { sources, failures } = await loadCorpus(dir);
    expect(sources).toEqual([]);
    expect(failures.find((f) => f.file === 'x.md')!.reason).toMatch(/no closing "---"/);
    expect(failures.find((f) => f.file === 'y.md')!.reason).toMatch(/unknown field "colour"/);
  });

  it('reports an unreadable sources.json without losing the sources', async () => {
    const dir = await corpusOf({ 'a.txt': 'Text.', 'sources.json': '{ not json' });
    const { sources, failures } = await loadCorpus(dir);
    expect(sources).toHaveLength(1);
    expect(failures[0]!.reason).toMatch(/not valid JSON/);
  });
});

describe('what the loader refuses to read', () => {
  /** A folder outside the corpus holding a file nobody should see. */
  async function outside() {
    const dir = await mkdtemp(path.join(tmpdir(), 'quotebot-outside-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const secret = path.join(dir, 'secret.txt');
    await writeFile(secret, 'The vault combination is 31-41-59.\nNobody may read this.');
    return { dir, secret };
  }
  const reasonsOf = (failures: { file: string; reason: string }[]) => Object.fromEntries(failures.map((f) => [f.file, f.reason]));

  it('never follows a symbolic link, wherever it points, and says so by name', async () => {
    const { secret } = await outside();
    const dir = await corpusOf({ 'good.txt': 'Lockheed Martin manufactures the ATACMS.' });
    await symlink(secret, path.join(dir, 'leak.txt'));
    await symlink('/etc/passwd', path.join(dir, 'passwd.txt'));
    await symlink(path.join(dir, 'good.txt'), path.join(dir, 'alias.md'));
    await symlink(path.dirname(secret), path.join(dir, 'folder-link.txt'));
    const { sources, failures } = await loadCorpus(dir);
    expect(sources.map((s) => s.id)).toEqual(['good']);
    expect(sources.map((s) => s.text).join('\n')).not.toMatch(/vault|root:/);
    const reasons = reasonsOf(failures);
    for (const name of ['leak.txt', 'passwd.txt', 'alias.md', 'folder-link.txt']) expect(reasons[name], name).toMatch(/symbolic link/);
  });

  it('refuses FIFOs, devices and links to them without blocking or reading endlessly', async () => {
    const dir = await corpusOf({ 'good.txt': 'Lockheed Martin manufactures the ATACMS.' });
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    const fifoElsewhere = path.join(await mkdtemp(path.join(tmpdir(), 'quotebot-fifo-')), 'pipe');
    cleanups.push(() => rm(path.dirname(fifoElsewhere), { recursive: true, force: true }));
    execFileSync('mkfifo', [fifoElsewhere]);
    await symlink(fifoElsewhere, path.join(dir, 'fifo-link.txt'));
    await symlink('/dev/zero', path.join(dir, 'zero.txt'));
    await symlink('/dev/urandom', path.join(dir, 'random.md'));
    const { sources, failures } = await loadCorpus(dir);
    expect(sources.map((s) => s.id)).toEqual(['good']);
    const reasons = reasonsOf(failures);
    expect(reasons['pipe.txt']).toMatch(/not a regular file \(a FIFO\)/);
    for (const name of ['fifo-link.txt', 'zero.txt', 'random.md']) expect(reasons[name], name).toMatch(/symbolic link/);
  }, 10_000);

  it('reports a folder named like a source, a hard link, and a file name with invisible characters', async () => {
    const { secret } = await outside();
    const dir = await corpusOf({ 'good.txt': 'Lockheed Martin manufactures the ATACMS.', 'evil\u202Etxt.md': 'Reversed name.' });
    await mkdir(path.join(dir, 'x.txt'));
    let hardLinked = true;
    await link(secret, path.join(dir, 'hard.txt')).catch(() => (hardLinked = false)); // another file system: nothing to test
    const { sources, failures } = await loadCorpus(dir);
    expect(sources.map((s) => s.id)).toEqual(['good']);
    const reasons = reasonsOf(failures);
    expect(reasons['x.txt']).toMatch(/a folder/);
    expect(reasons['evil\u202Etxt.md']).toMatch(/invisible or control characters/);
    if (hardLinked) expect(reasons['hard.txt']).toMatch(/hard-linked/);
  });

  it('counts the size limit while reading, and reads sources.json just as safely', async () => {
    const { dir: elsewhere } = await outside();
    await writeFile(path.join(elsewhere, 'meta.json'), JSON.stringify({ good: { title: 'Injected title' } }));
    const dir = await corpusOf({ 'good.txt': 'Lockheed Martin manufactures the ATACMS.', 'big.txt': 'word '.repeat(400) });
    await symlink(path.join(elsewhere, 'meta.json'), path.join(dir, 'sources.json'));
    const { sources, failures } = await loadCorpus(dir, { maxSourceBytes: 1000 });
    expect(sources.map((s) => [s.id, s.title])).toEqual([['good', 'Lockheed Martin manufactures the ATACMS.']]);
    const reasons = reasonsOf(failures);
    expect(reasons['big.txt']).toMatch(/too large \(more than 1000 bytes/);
    expect(reasons['sources.json']).toMatch(/symbolic link.*no metadata was applied/);
  });

  it('identifies each source by a hash of its bytes', async () => {
    const dir = await corpusOf({ 'a.txt': 'Alpha text.', 'b.txt': 'Alpha text!' });
    const { sources } = await loadCorpus(dir);
    expect(sources[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(sources[0]!.contentHash).not.toBe(sources[1]!.contentHash);
  });
});

describe('a reload that trusts unchanged files', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2_100));
  const earlierOf = (sources: Parameters<typeof earlierSource>[0][]) =>
    new Map(sources.flatMap((s) => earlierSource(s) ?? []).map((e): [string, EarlierSource] => [e.file, e]));

  it('takes a file whose size and times are unchanged as it was, and reads every other one', async () => {
    const dir = await corpusOf({
      'a.txt': 'Lockheed Martin manufactures the ATACMS.',
      'b.md': '---\ntitle: Front title\n---\nThe missiles reach 190 miles.',
      'c.txt': 'A third article.',
    });
    // A file changed less than two seconds before it is read may change again within one tick of the clock
    // and keep its times: such a read vouches for nothing.
    const racy = await loadCorpus(dir);
    expect(racy.sources.map((s) => earlierSource(s))).toEqual([undefined, undefined, undefined]);
    await settle();
    const first = await loadCorpus(dir);
    expect(first.sources.every((s) => earlierSource(s) !== undefined)).toBe(true);
    // c.txt rewritten with the same size and its modification time put back, as `cp -p` or `rsync -t` would:
    // its status change time still moves, so it is read again.
    const { mtime } = await stat(path.join(dir, 'c.txt'));
    await writeFile(path.join(dir, 'c.txt'), 'A THIRD ARTICLE.');
    await utimes(path.join(dir, 'c.txt'), mtime, mtime);
    await writeFile(path.join(dir, 'sources.json'), JSON.stringify({ a: { outlet: 'Reuters' } }));
    const again = await loadCorpus(dir, { earlier: earlierOf(first.sources) });
    expect(again.failures).toEqual([]);
    const [a, b, c] = again.sources;
    // Unread: the text comes only when asked for, and the metadata of today's sources.json applies.
    expect(Object.getOwnPropertyDescriptor(a, 'text')?.get).toBeDefined();
    expect(a!.meta).toEqual({ outlet: 'Reuters' });
    expect(b).toMatchObject({ title: 'Front title', meta: { title: 'Front title' }, bodyStart: first.sources[1]!.bodyStart });
    expect([a!.text, b!.text]).toEqual([first.sources[0]!.text, first.sources[1]!.text]);
    expect(c!.text).toBe('A THIRD ARTICLE.');
    expect(c!.contentHash).not.toBe(first.sources[2]!.contentHash);
  });

  it('refuses a file that became a link since the last load, as it refuses any link', async () => {
    const dir = await corpusOf({ 'a.txt': 'Lockheed Martin manufactures the ATACMS.', 'b.txt': 'A second article.' });
    const outside = await mkdtemp(path.join(tmpdir(), 'quotebot-outside-'));
    cleanups.push(() => rm(outside, { recursive: true, force: true }));
    await settle();
    const first = await loadCorpus(dir);
    // a.txt swapped for a symbolic link to a file of the same bytes elsewhere; b.txt given a second name outside.
    await writeFile(path.join(outside, 'secret.txt'), 'Lockheed Martin manufactures the ATACMS.');
    await rm(path.join(dir, 'a.txt'));
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'a.txt'));
    await link(path.join(dir, 'b.txt'), path.join(outside, 'b-elsewhere.txt'));
    const again = await loadCorpus(dir, { earlier: earlierOf(first.sources) });
    expect(again.sources).toEqual([]);
    expect(again.failures.map((f) => f.file)).toEqual(['a.txt', 'b.txt']);
  });

  it('names a file that changed after it was taken unread, when its text is asked for', async () => {
    const dir = await corpusOf({ 'a.txt': 'Lockheed Martin manufactures the ATACMS.' });
    await settle();
    const first = await loadCorpus(dir);
    const again = await loadCorpus(dir, { earlier: earlierOf(first.sources) });
    await writeFile(path.join(dir, 'a.txt'), 'Something else entirely, and longer.');
    expect(() => again.sources[0]!.text).toThrow('a.txt changed while the index was being rebuilt');
  });
});

describe('titles', () => {
  it('uses a short unpunctuated first line as the headline, else the opening sentence', () => {
    expect(headlineOrOpening('Big News Today\nThe body follows.')).toBe('Big News Today');
    expect(headlineOrOpening('# Markdown Heading\nBody.')).toBe('Markdown Heading');
    expect(headlineOrOpening('The U.S. said no. Then it said yes.')).toBe('The U.S. said no.');
    expect(headlineOrOpening('Only one line with no ending')).toBe('Only one line with no ending');
  });

  it('cuts at a word boundary and marks the cut', () => {
    expect(cutAtWord('alpha beta gamma delta', 12)).toBe('alpha beta…');
    expect(cutAtWord('short', 12)).toBe('short');
  });

  it('leaves text without front matter alone', () => {
    expect(parseFrontMatter('No front matter here')).toEqual({ meta: {}, bodyStart: 0, problems: [] });
  });
});

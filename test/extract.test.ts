/**
 * Extraction quality on the fixture pages (written for these tests in the shapes real sites use): the token
 * F1 of each page's text against what a reader should get, its title and date; PDFs made here with pdf-lib.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFromBytes, decodeHtml } from '../src/sources/article.ts';
import { extractHtml } from '../src/sources/extract/html.ts';
import { isoDate } from '../src/sources/extract/metadata.ts';
import { extractPdf } from '../src/sources/extract/pdf.ts';
import { tokenF1 } from '../src/sources/extract/token-f1.ts';
import { slugOf, uniqueId } from '../src/sources/slug.ts';
import { makePdf } from './pdf-fixture.ts';
import { PAGES_DIR } from './web-server.ts';

const pages = readdirSync(PAGES_DIR).sort();

describe('web pages', () => {
  const scores = pages.map((name) => {
    const dir = path.join(PAGES_DIR, name);
    const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'));
    const article = extractHtml(decodeHtml(readFileSync(path.join(dir, 'page.html')), undefined), meta.pageUrl ?? 'http://127.0.0.1/article.html');
    return { name, meta, article, f1: tokenF1(article.paragraphs.join('\n'), readFileSync(path.join(dir, 'expected.txt'), 'utf8')).f1 };
  });

  it('has fixture pages of several shapes', () => {
    expect(pages.length).toBeGreaterThanOrEqual(7);
  });

  it('extracts each page’s article text: mean token F1 at least 0.95, no page below 0.9', () => {
    const mean = scores.reduce((sum, s) => sum + s.f1, 0) / scores.length;
    expect(mean).toBeGreaterThanOrEqual(0.95);
    for (const s of scores) expect(s.f1, s.name).toBeGreaterThanOrEqual(0.9);
  });

  it('leaves out navigation, advertising, comments, related links, newsletter boxes and cookie banners', () => {
    const all = scores.map((s) => s.article.paragraphs.join('\n')).join('\n');
    for (const chrome of [
      'We use cookies',
      'Holiday cottages',
      'Leave a Reply',
      'Related stories',
      'Sign up to the Tideline',
      'Most read',
      'Share this',
      'Enjoying this story',
    ])
      expect(all, chrome).not.toContain(chrome);
  });

  it('finds each page’s title, publication date, author and site name where the page gives them', () => {
    for (const { name, meta, article } of scores) {
      expect(article.title, name).toBe(meta.title);
      expect(article.published, name).toBe(meta.published);
      if (meta.author) expect(article.author, name).toBe(meta.author);
      if (meta.siteName) expect(article.siteName, name).toBe(meta.siteName);
    }
  });

  it('writes one paragraph a line, list items and table rows included', () => {
    const seals = scores.find((s) => s.name === 'harbour-seals')!.article;
    expect(seals.paragraphs[0]).toMatch(/^The number of harbour seals .* wildlife trusts\.$/);
    expect(seals.url).toBe('https://news.coastalcourier.example/environment/2024/08/harbour-seals-wash');
    const water = scores.find((s) => s.name === 'allotment-water')!.article.paragraphs;
    expect(water).toContain('Brook Lane | 212 | 1,840');
    expect(water).toContain('The council owns 14 allotment sites with 1,140 plots between them.');
  });

  it('reads a page in the charset it declares when it is not UTF-8', () => {
    const ferries = scores.find((s) => s.name === 'fjord-ferries')!.article;
    expect(ferries.paragraphs.join('\n')).toContain('“You can hear the seagulls from the café on deck,” said Kåre'.replace(/[“”]/g, '"'));
  });

  it('refuses a page with no article text', async () => {
    const gallery = `<html><head><title>Photos</title></head><body><nav><a href="/">Home</a> <a href="/photos">Photos</a></nav>
      <div class="gallery"><img src="a.jpg" alt="Sunset"><img src="b.jpg" alt="Harbour"></div><footer>© Someone</footer></body></html>`;
    await expect(articleFromBytes(new TextEncoder().encode(gallery), 'html', { name: 'gallery.html' })).rejects.toThrow(/has no article text/);
  });
});

describe('PDFs', () => {
  const paragraphs = [
    'Divers surveyed the kelp forests off the southern coast every spring from 2019 to 2024, counting the fronds along fixed lines laid across the sea floor.',
    'The forests covered 412 hectares in the final survey, up from 281 hectares in the first, a recovery the authors attribute to cooler currents and to sea otters, which eat the urchins that graze the kelp down to bare rock.',
    'Sea urchin numbers fell by more than half over the same period. Where urchins remained abundant, the kelp did not return, even when the water was cool.',
    'The authors recommend that the survey continue annually, and that the otter population be monitored alongside it, since a decline in otters would probably reverse the gains within a few seasons.',
  ];

  it('rebuilds paragraphs in reading order, joins hyphenated words, drops page numbers and running feet, titles from the document', async () => {
    const long = Array.from({ length: 10 }, (_, round) => paragraphs.map((p) => `Survey ${round + 1}: ${p}`)).flat();
    const pdf = await extractPdf(
      await makePdf({
        title: 'Kelp Forest Survey 2019–2024',
        author: 'Southern Reef Trust',
        created: new Date('2024-06-03T12:00:00Z'),
        heading: 'Kelp forests recover',
        paragraphs: long,
        hyphenate: true,
      }),
    );
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    expect(pdf).toMatchObject({ title: 'Kelp Forest Survey 2019–2024', author: 'Southern Reef Trust', published: '2024-06-03' });
    expect(pdf.paragraphs).toEqual(['Kelp forests recover', ...long]);
  });

  it('takes the largest text on the first page as the title when the document has none', async () => {
    const pdf = await extractPdf(await makePdf({ heading: 'Kelp forests recover', paragraphs }));
    expect(pdf.title).toBe('Kelp forests recover');
  });

  it('ignores a title a program put in the document information', async () => {
    const pdf = await makePdf({ title: 'Microsoft Word - kelp_final_v3.docx', heading: 'Kelp forests recover', paragraphs });
    expect((await articleFromBytes(pdf, 'pdf', { name: 'kelp.pdf' })).title).toBe('Kelp forests recover');
    // No title and no heading: the text's own opening, as for any source without one.
    const plain = await articleFromBytes(await makePdf({ title: 'Untitled', paragraphs }), 'pdf', { name: 'kelp.pdf' });
    expect(plain.title).toMatch(/^Divers surveyed the kelp forests/);
  });

  it('refuses bytes that are not a PDF', async () => {
    await expect(articleFromBytes(new TextEncoder().encode('%PDF-1.7 but not really'), 'pdf', { name: 'fake.pdf' })).rejects.toThrow(
      /fake\.pdf is not a PDF that can be read/,
    );
  });
});

describe('names and dates', () => {
  it('makes a readable, unique slug of a title, never a path or a reserved name', () => {
    expect(slugOf('Harbour seal numbers rise in the Wash for third year running')).toBe('harbour-seal-numbers-rise-in-the-wash-for-third-year-running');
    expect(slugOf('Æsir & Øresund: Straße')).toBe('aesir-and-oresund-strasse');
    expect(slugOf('../../etc/passwd')).toBe('etc-passwd');
    expect(slugOf('日本語のタイトル')).toBe('日本語のタイトル');
    expect(slugOf('Con')).toBe('con-source');
    expect(slugOf('…')).toBe('source');
    expect(slugOf('word '.repeat(40)).length).toBeLessThanOrEqual(60);
    expect(uniqueId('kelp', ['kelp', 'Kelp-2'])).toBe('kelp-3');
  });

  it('reads dates as publishers write them, keeping the day they wrote', () => {
    expect(isoDate('2024-08-19T23:30:00-05:00')).toBe('2024-08-19');
    expect(isoDate('March 30, 2024')).toBe('2024-03-30');
    expect(isoDate('30th March 2024')).toBe('2024-03-30');
    expect(isoDate('Sat, 30 Mar 2024 10:00:00 GMT')).toBe('2024-03-30');
    expect(isoDate('20240330')).toBe('2024-03-30');
    expect(isoDate('2024-02-30')).toBeUndefined();
    expect(isoDate('yesterday')).toBeUndefined();
  });

  it('scores token F1 as precision and recall over word counts', () => {
    expect(tokenF1('a b c', 'a b c').f1).toBe(1);
    expect(tokenF1('a b', 'a b c d')).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3 });
    expect(tokenF1('', 'a').f1).toBe(0);
  });
});

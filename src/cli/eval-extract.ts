/**
 * npm run eval:extract -- DIR [DIR …] [--verbose] [--json]: how well web pages' article text is extracted.
 *
 * Each sub-folder of DIR is one page: `page.html` (or `source.html`) and what a reader should get from it,
 * `expected.txt` (or a reader view's `expected.html`); optionally `meta.json` (or `expected-metadata.json`)
 * with the expected `title` and `published` date, and the `pageUrl` the page is published at. Prints each page's token F1 (precision, recall), the
 * mean, the pages below 0.80, and how many titles and dates were found and right. The layout of
 * mozilla/readability's test pages is read as it is, so they can be used directly.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { decodeHtml } from '../sources/article.ts';
import type { DomNode } from '../sources/extract/dom.ts';
import { extractHtml } from '../sources/extract/html.ts';
import { paragraphsOf } from '../sources/extract/html-text.ts';
import { isoDate } from '../sources/extract/metadata.ts';
import { tokenF1 } from '../sources/extract/token-f1.ts';
import { parseCli, runMain, UsageError } from './args.ts';

const USAGE = 'usage: npm run eval:extract -- DIR [DIR …] [--verbose] [--json]   (each sub-folder: page.html + expected.txt [+ meta.json])';
/** The page address extraction is told, for resolving links; the pages are read from disk. */
const PAGE_URL = 'http://127.0.0.1/article.html';

interface PageResult {
  page: string;
  precision: number;
  recall: number;
  f1: number;
  ms: number;
  title?: { expected: string; got?: string };
  published?: { expected: string; got?: string };
}

runMain(async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), {
    verbose: { type: 'boolean', short: 'v', default: false },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length === 0) throw new UsageError('name at least one folder of pages');
  const results: PageResult[] = [];
  for (const dir of positionals) {
    for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const result = await evaluatePage(path.join(dir, entry.name));
      if (result) results.push(result);
    }
  }
  if (results.length === 0) throw new Error('no pages found (each sub-folder needs page.html or source.html, and expected.txt or expected.html)');
  const mean = (pick: (r: PageResult) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  const withTitle = results.filter((r) => r.title);
  const withDate = results.filter((r) => r.published);
  const summary = {
    pages: results.length,
    meanF1: mean((r) => r.f1),
    meanPrecision: mean((r) => r.precision),
    meanRecall: mean((r) => r.recall),
    below080: results.filter((r) => r.f1 < 0.8).map((r) => r.page),
    titles: {
      expected: withTitle.length,
      found: withTitle.filter((r) => r.title!.got).length,
      equal: withTitle.filter((r) => r.title!.got === r.title!.expected).length,
    },
    dates: {
      expected: withDate.length,
      found: withDate.filter((r) => r.published!.got).length,
      equal: withDate.filter((r) => r.published!.got === r.published!.expected).length,
    },
    medianMs: results.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(results.length / 2)]!,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, ...(values.verbose ? { results } : {}) })}\n`);
    return;
  }
  const lines: string[] = [];
  for (const r of results) {
    const flags = [
      r.title && r.title.got !== r.title.expected ? `title ${JSON.stringify(r.title.got ?? null)}` : '',
      r.published && r.published.got !== r.published.expected ? `date ${r.published.got ?? 'none'} ≠ ${r.published.expected}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    if (values.verbose || r.f1 < 0.9 || flags)
      lines.push(`${r.page.padEnd(40)} F1 ${r.f1.toFixed(3)}  P ${r.precision.toFixed(3)}  R ${r.recall.toFixed(3)}${flags ? `  (${flags})` : ''}`);
  }
  lines.push(
    `${summary.pages} pages: mean token F1 ${summary.meanF1.toFixed(4)} (precision ${summary.meanPrecision.toFixed(4)}, recall ${summary.meanRecall.toFixed(4)}); ${summary.below080.length} below 0.80`,
    `titles found ${summary.titles.found}/${summary.titles.expected} (equal ${summary.titles.equal}); dates found ${summary.dates.found}/${summary.dates.expected} (equal ${summary.dates.equal}); median extraction ${summary.medianMs.toFixed(1)} ms`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}, USAGE);

async function evaluatePage(folder: string): Promise<PageResult | null> {
  const first = (...names: string[]) => names.map((n) => path.join(folder, n)).find((f) => existsSync(f));
  const pageFile = first('page.html', 'source.html');
  const expectedFile = first('expected.txt', 'expected.html');
  if (!pageFile || !expectedFile) return null;
  const html = decodeHtml(await readFile(pageFile), undefined);
  let expected = await readFile(expectedFile, 'utf8');
  if (expectedFile.endsWith('.html'))
    expected = paragraphsOf(parseHTML(`<!doctype html><html><body>${expected}</body></html>`).document.body as unknown as DomNode).join('\n');
  const metaFile = first('meta.json', 'expected-metadata.json');
  const meta = metaFile
    ? (JSON.parse(await readFile(metaFile, 'utf8')) as { title?: string; published?: string; publishedTime?: string; pageUrl?: string })
    : undefined;
  const started = performance.now();
  const article = extractHtml(html, meta?.pageUrl ?? PAGE_URL);
  const ms = performance.now() - started;
  const score = tokenF1(article.paragraphs.join('\n'), expected);
  const result: PageResult = { page: path.basename(folder), ...score, ms };
  if (meta) {
    if (meta.title) result.title = { expected: meta.title.replace(/\s+/g, ' ').trim(), got: article.title };
    const date = meta.published ?? (meta.publishedTime ? isoDate(meta.publishedTime) : undefined);
    if (date) result.published = { expected: date, got: article.published };
  }
  return result;
}

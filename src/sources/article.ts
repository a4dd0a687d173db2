/**
 * An article from wherever a moderator found it (a web address, a local .html, .pdf, .txt or .md file, or a
 * Discord attachment) as the corpus stores it: its text one paragraph a line, and its metadata for
 * `sources.json`. The text is what the engine indexes and quotes, so every quote is verbatim from it.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { SourceId, SourceMeta } from '../types.ts';
import type { NewSource } from './corpus-write.ts';
import { decodeText, headlineOrOpening, parseFrontMatter } from './corpus.ts';
import { extractHtml } from './extract/html.ts';
import { extractPdf } from './extract/pdf.ts';
import { wordsOf } from './extract/token-f1.ts';
import { type DocumentKind, fetchDocument, webAddress } from './web/fetch.ts';
import type { FetchPolicy } from './web/policy.ts';

export interface Article {
  title: string;
  /** YYYY-MM-DD. */
  published?: string;
  author?: string;
  siteName?: string;
  /** Where the article is published (its canonical address), if known. */
  url?: string;
  /** The web address it was fetched from, which `refresh` fetches again. */
  origin?: string;
  kind: DocumentKind;
  /** One paragraph a line, ending in a line break. */
  text: string;
}

/** A problem with the document itself (no article text, not a supported file), for the person who gave it. */
export class ArticleProblem extends Error {}

/** Fewer words than this is a page with no article on it (a login wall, a gallery, a list of links). */
export const MIN_ARTICLE_WORDS = 20;

export const FILE_KINDS: Record<string, DocumentKind> = {
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

export async function articleFromWeb(address: string, policy: FetchPolicy): Promise<Article> {
  const fetched = await fetchDocument(address, policy);
  const article = await articleFromBytes(fetched.bytes, fetched.kind, { url: fetched.url, charset: fetched.charset, name: fetched.url });
  return { ...article, origin: webAddress(address).href };
}

/** A local file, read up to `maxBytes`; its kind comes from its extension. */
export async function articleFromFile(file: string, maxBytes: number): Promise<Article> {
  const kind = FILE_KINDS[path.extname(file).toLowerCase()];
  if (!kind) throw new ArticleProblem(`${file} is not a file that can be added: use ${Object.keys(FILE_KINDS).join(', ')}.`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new ArticleProblem(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ArticleProblem(`${file} is not a file.`);
    if (info.size > maxBytes) throw new ArticleProblem(`${file} is larger than the limit of ${maxBytes} bytes.`);
    const bytes = await handle.readFile();
    return await articleFromBytes(bytes, kind, { name: path.basename(file) });
  } finally {
    await handle.close();
  }
}

/** Bytes already at hand (a download, an attachment) of a known kind; `url` is where they were published. */
export async function articleFromBytes(bytes: Uint8Array, kind: DocumentKind, where: { url?: string; charset?: string; name: string }): Promise<Article> {
  let article: Omit<Article, 'text' | 'title'> & { title?: string; paragraphs: string[] };
  if (kind === 'pdf') {
    let pdf: Awaited<ReturnType<typeof extractPdf>>;
    try {
      pdf = await extractPdf(bytes);
    } catch (err) {
      throw new ArticleProblem(`${where.name} is not a PDF that can be read (${(err as Error).message}).`);
    }
    article = { kind, title: pdf.title, author: pdf.author, published: pdf.published, url: where.url, paragraphs: pdf.paragraphs };
  } else if (kind === 'html') {
    const html = decodeHtml(bytes, where.charset);
    const page = extractHtml(html, where.url);
    article = { kind, ...page, paragraphs: page.paragraphs };
  } else {
    const text = decodeText(bytes);
    if (typeof text !== 'string') throw new ArticleProblem(`${where.name}: ${text.reason}.`);
    const front = kind === 'markdown' ? parseFrontMatter(text) : { meta: {} as SourceMeta, bodyStart: 0, problems: [] };
    if (front.problems.length > 0) throw new ArticleProblem(`${where.name}: front matter: ${front.problems.join('; ')}.`);
    const body = text.slice(front.bodyStart).replace(/\r\n?/g, '\n');
    const meta = front.meta;
    article = {
      kind,
      title: meta.title,
      published: meta.published,
      author: meta.author,
      siteName: meta.outlet,
      url: meta.url ?? where.url,
      paragraphs: body
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== '')),
    };
  }
  const text = `${article.paragraphs.join('\n').trim()}\n`;
  if (wordsOf(text).length < MIN_ARTICLE_WORDS)
    throw new ArticleProblem(`${where.name} has no article text to add (a reader view finds fewer than ${MIN_ARTICLE_WORDS} words on it).`);
  const { paragraphs: _, ...rest } = article;
  return { ...rest, title: (article.title ?? headlineOrOpening(text)).slice(0, 300), text };
}

/**
 * HTML bytes as text. Bytes that are valid UTF-8 are read as UTF-8 whatever the page or server declares:
 * a legacy-encoded page is almost never valid UTF-8 by accident, while pages re-saved as UTF-8 that still
 * declare their old charset are common. Otherwise the charset the server named, else the one the page
 * declares in a `<meta>` near its top, else windows-1252 (what browsers assume).
 */
export function decodeHtml(bytes: Uint8Array, charset: string | undefined): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: the declared charset below
  }
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const declared = charset ?? /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder(declared && !/^utf-?8$/i.test(declared) ? declared : 'windows-1252').decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The source an article becomes: `<id>.txt` and its `sources.json` entry. */
export function sourceOfArticle(article: Article, id: SourceId, replace = false): NewSource {
  const meta: SourceMeta = { title: article.title };
  if (article.url) meta.url = article.url;
  if (article.published) meta.published = article.published;
  if (article.siteName) meta.outlet = article.siteName.slice(0, 200);
  if (article.author) meta.author = article.author.slice(0, 200);
  if (article.origin) meta.origin = article.origin;
  return { id, extension: '.txt', bytes: new TextEncoder().encode(article.text), meta, replace };
}

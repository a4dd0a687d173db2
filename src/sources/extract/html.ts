/**
 * A web page's article: the reader view's text (Mozilla's Readability, the library behind Firefox's Reader
 * View, over a linkedom document) and the page's metadata. Navigation, advertising, comments, related
 * links and cookie banners are what a reader view leaves out; what it keeps is written one paragraph a line.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { DomDocument, DomElement, DomNode } from './dom.ts';
import { paragraphsOf } from './html-text.ts';
import { isoDate, readMetadata } from './metadata.ts';

export interface ExtractedArticle {
  title?: string;
  /** YYYY-MM-DD. */
  published?: string;
  author?: string;
  siteName?: string;
  /** Where the article is published: its canonical address, else the address it was read from. */
  url?: string;
  /** One paragraph a line. */
  paragraphs: string[];
}

export function extractHtml(html: string, pageUrl?: string): ExtractedArticle {
  const doc = parseDocument(html, pageUrl);
  const meta = readMetadata(doc, pageUrl);
  removeAdvertisingAndPromotions(doc);
  // The serializer hands back the article's DOM node itself, so it is not written out as HTML and parsed again.
  const reader = new Readability<DomNode>(doc as never, { serializer: (node) => node as unknown as DomNode });
  const article = reader.parse();
  const paragraphs = article?.content ? paragraphsOf(article.content) : [];
  const titleTag = doc.querySelector('meta[property~="og:title"], meta[name="twitter:title"], meta[name="title"], meta[name="dc.title" i]');
  const title = (titleTag ? clean(article?.title) : withoutSiteSuffix(clean(article?.title), clean(doc.title))) ?? meta.title;
  return {
    title,
    published: (article?.publishedTime ? isoDate(article.publishedTime) : undefined) ?? meta.published,
    author: clean(article?.byline) ?? meta.author,
    siteName: clean(article?.siteName) ?? meta.siteName,
    url: meta.canonical ?? (pageUrl && /^https?:/.test(pageUrl) ? pageUrl : undefined),
    paragraphs: dropLeadingTitle(paragraphs, title),
  };
}

function parseDocument(html: string, pageUrl: string | undefined): DomDocument {
  // linkedom takes a whole document; a fragment (no <html>) is wrapped so that it has a body to read.
  const whole = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(whole);
  // Readability resolves relative links against the document's base; linkedom has no URL of its own.
  if (pageUrl && !document.querySelector('base[href]')) {
    const base = document.createElement('base');
    base.setAttribute('href', pageUrl);
    document.head?.prepend(base);
  }
  return document as unknown as DomDocument;
}

/**
 * Readability drops blocks whose class says "sponsor" or "-ad-", but not an `ad` or `ad-inline` block, nor a
 * newsletter or subscription box, in the middle of the article: such a block is removed first, when it is
 * short (an advertisement, not a story that happens to be marked up oddly).
 */
const AD_CLASS =
  /^(ads?|advert|adverts|advertisement|advertising|adslot|sponsored|dfp|gpt-ad)$|^(ad|ads|advert)[-_]|[-_](ad|ads|advert)$|newsletter|signup|sign-up|subscribe|paywall|promo/i;

function removeAdvertisingAndPromotions(doc: DomDocument): void {
  const candidates = doc.querySelectorAll('[class], [id]');
  const doomed: DomElement[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const el = candidates[i]!;
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.split(/\s+/).filter(Boolean);
    if (names.some((n) => AD_CLASS.test(n)) && (el.textContent ?? '').trim().length < 400) doomed.push(el);
  }
  for (const el of doomed) (el as unknown as { remove(): void }).remove();
}

/**
 * Readability 0.6 cuts a site's name off a `<title>` after " | " or " - " but not after an en or em dash
 * ("Lorem ipsum dolor sit amet – My website"), as its later versions do, nor after a middle dot; this does, keeping the
 * whole title when the part before the dash would be four words or fewer.
 */
function withoutSiteSuffix(title: string | undefined, documentTitle: string | undefined): string | undefined {
  if (!title || title !== documentTitle) return title;
  const separators = [...title.matchAll(/\s[–—·]\s/g)];
  const last = separators.at(-1);
  if (last?.index === undefined) return title;
  const head = title.slice(0, last.index).trim();
  return head.split(/\s+/).length > 4 ? head : title;
}

function clean(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

/** The headline repeated as the text's first line says nothing the title does not; the corpus keeps the title apart. */
function dropLeadingTitle(paragraphs: string[], title: string | undefined): string[] {
  if (!title || paragraphs.length < 2) return paragraphs;
  return paragraphs[0]!.toLowerCase() === title.toLowerCase() ? paragraphs.slice(1) : paragraphs;
}

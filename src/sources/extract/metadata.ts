/**
 * What a web page says about its article besides the text: title, publication date, author, site name and
 * canonical address, read from the places publishers put them (Open Graph and article meta tags, schema.org
 * JSON-LD, Dublin Core, `<time datetime>`, `<link rel=canonical>`). The reader view finds some of these
 * too; these are the fall-backs it does not look at.
 */
import { type DomDocument, squeeze } from './dom.ts';

export interface PageMetadata {
  title?: string;
  /** YYYY-MM-DD, as the corpus stores it. */
  published?: string;
  author?: string;
  siteName?: string;
  /** The page's canonical http(s) address, absolute. */
  canonical?: string;
}

const ARTICLE_TYPES =
  /^(Article|NewsArticle|ReportageNews|AnalysisNewsArticle|OpinionNewsArticle|BlogPosting|Report|ScholarlyArticle|TechArticle|WebPage|LiveBlogPosting|BackgroundNewsArticle)$/i;

/** Meta tags that carry a publication date, most specific first. */
const DATE_META = [
  'article:published_time',
  'og:article:published_time',
  'datepublished',
  'date',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'article.published',
  'parsely-pub-date',
  'sailthru.date',
  'dc.date.issued',
  'dc.date',
  'dcterms.issued',
  'dcterms.created',
  'dcterms.date',
  'citation_publication_date',
  'citation_date',
  'og:published_time',
  'article:modified_time',
];

export function readMetadata(doc: DomDocument, pageUrl: string | undefined): PageMetadata {
  const meta = metaTags(doc);
  const ld = jsonLdArticle(doc);
  const pick = (...values: (string | undefined)[]) => values.map((v) => (v === undefined ? '' : squeeze(v))).find((v) => v !== '');
  const timeElement =
    doc.querySelector('time[itemprop~="datePublished"]') ??
    doc.querySelector('time[pubdate]') ??
    doc.querySelector('article time[datetime]') ??
    doc.querySelector('time[datetime]') ??
    doc.querySelector('time');
  const published = [
    ...DATE_META.map((name) => meta.get(name)),
    ld.datePublished,
    doc.querySelector('[itemprop~="datePublished"]')?.getAttribute('content') ?? undefined,
    timeElement?.getAttribute('datetime') ?? timeElement?.textContent ?? undefined,
    ld.dateCreated,
    pageUrl && /\/(20\d\d|19\d\d)[/-](\d\d?)[/-](\d\d?)(?:\/|$|[^\d])/.exec(new URL(pageUrl).pathname)?.slice(1, 4).join('-'),
  ]
    .map((v) => (v ? isoDate(v) : undefined))
    .find((v) => v !== undefined);
  const canonicalHref = doc.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? meta.get('og:url');
  return {
    title: pick(
      meta.get('og:title'),
      meta.get('twitter:title'),
      ld.headline,
      meta.get('dc.title'),
      doc.querySelector('h1')?.textContent ?? undefined,
      doc.title,
    ),
    published,
    author: pick(meta.get('author'), meta.get('article:author'), meta.get('parsely-author'), meta.get('dc.creator'), meta.get('citation_author'), ld.author),
    siteName: pick(meta.get('og:site_name'), ld.publisher, meta.get('application-name'), meta.get('twitter:site')?.replace(/^@/, '')),
    canonical: canonicalHref ? absoluteHttp(canonicalHref, pageUrl) : undefined,
  };
}

/** `name`, `property` and `itemprop` meta tags by lower-case key; the first of each wins. */
function metaTags(doc: DomDocument): Map<string, string> {
  const out = new Map<string, string>();
  const tags = doc.querySelectorAll('meta');
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    const content = tag.getAttribute('content');
    if (!content?.trim()) continue;
    // `property` may list several space-separated names (RDFa), e.g. "og:title twitter:title".
    const keys = [tag.getAttribute('name'), tag.getAttribute('property'), tag.getAttribute('itemprop')].flatMap((k) =>
      k ? k.toLowerCase().split(/\s+/).filter(Boolean) : [],
    );
    for (const key of keys) if (!out.has(key)) out.set(key, content);
  }
  return out;
}

interface LdFacts {
  headline?: string;
  datePublished?: string;
  dateCreated?: string;
  author?: string;
  publisher?: string;
}

/** The first article-like object in the page's schema.org JSON-LD (looking inside `@graph` and arrays). */
function jsonLdArticle(doc: DomDocument): LdFacts {
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  const objects: Record<string, unknown>[] = [];
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      objects.push(obj);
      if (obj['@graph']) collect(obj['@graph']);
    }
  };
  for (let i = 0; i < scripts.length; i++) {
    try {
      // Some sites wrap the JSON in CDATA markers or leave a trailing semicolon.
      collect(JSON.parse((scripts[i]!.textContent ?? '').replace(/^\s*\/\/\s*<!\[CDATA\[|\]\]>\s*$/g, '').replace(/;\s*$/, '')));
    } catch {
      // A broken block is skipped; the meta tags still count.
    }
  }
  const typeOf = (o: Record<string, unknown>) => [o['@type']].flat().map(String);
  const article = objects.find((o) => typeOf(o).some((t) => ARTICLE_TYPES.test(t)) && (o.headline || o.datePublished)) ?? {};
  const name = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v))
      return (
        v
          .map(name)
          .filter((n): n is string => !!n)
          .join(', ') || undefined
      );
    if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') return (v as { name: string }).name;
    return undefined;
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    headline: text(article.headline) ?? text(article.name),
    datePublished: text(article.datePublished),
    dateCreated: text(article.dateCreated),
    author: name(article.author),
    publisher: name(article.publisher),
  };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A date as YYYY-MM-DD, the day as the publisher wrote it (an ISO time's own date, not converted to UTC), or
 * undefined when the text holds no date that can be read without guessing.
 */
export function isoDate(text: string): string | undefined {
  const value = text.trim();
  const valid = (y: number, m: number, d: number) => {
    const date = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || y > 2200 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
    return date.toISOString().slice(0, 10);
  };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/.exec(value) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})\b/.exec(value);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})(?:$|T)/.exec(value);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  // "30 March 2024", "March 30, 2024", "Sat, 30 Mar 2024 10:00:00 GMT", "Mar. 30, 2024".
  const words = value.toLowerCase();
  m = /\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]{3,})\.?,?\s+(\d{4})\b/.exec(words);
  if (m && MONTHS.includes(m[2]!.slice(0, 3))) return valid(Number(m[3]), MONTHS.indexOf(m[2]!.slice(0, 3)) + 1, Number(m[1]));
  m = /\b([a-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(words);
  if (m && MONTHS.includes(m[1]!.slice(0, 3))) return valid(Number(m[3]), MONTHS.indexOf(m[1]!.slice(0, 3)) + 1, Number(m[2]));
  return undefined;
}

function absoluteHttp(href: string, base: string | undefined): string | undefined {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adding an article to the corpus and fetching a web source again: the steps `npm run source` and
 * `/sources add` / `/sources refresh` share, so that both name sources, refuse duplicates and decide what
 * changed the same way. Writing goes through `CorpusWriter` (atomic, one write at a time).
 */
import type { SourceId, SourceMeta } from '../types.ts';
import { type Article, articleFromFile, articleFromWeb } from './article.ts';
import { type CorpusWriter, newSourceIdProblem } from './corpus-write.ts';
import { slugOf, uniqueId } from './slug.ts';
import type { FetchPolicy } from './web/policy.ts';

/** Whether a command-line argument is a web address (any scheme: `ftp:` is then refused by name) rather than a path. */
export function looksLikeAddress(input: string): boolean {
  // `C:\file.pdf` is a Windows path, not a URL with the scheme "c".
  return /^[a-z][a-z0-9+.-]+:/i.test(input.trim());
}

/** The article at a web address or in a local file. */
export function readArticle(input: string, policy: FetchPolicy): Promise<Article> {
  return looksLikeAddress(input) ? articleFromWeb(input, policy) : articleFromFile(input, policy.maxBytes);
}

/**
 * The ID a new article gets: the one asked for (checked), else a slug of its title that no source in the
 * folder has yet. Refused when the asked-for ID exists (unless replacing), or when the same web address was
 * already added (fetching it again is `refresh`).
 */
export async function idForArticle(
  writer: CorpusWriter,
  article: Article,
  requested: string | undefined,
  replace = false,
): Promise<{ ok: true; id: SourceId } | { ok: false; problem: string }> {
  const taken = await writer.idsInFolder();
  if (article.origin && !replace) {
    const meta = await writer.metadata();
    const same = meta.ok ? Object.entries(meta.entries).find(([id, m]) => m.origin === article.origin && taken.includes(id)) : undefined;
    if (same) return { ok: false, problem: `${article.origin} is already the source \`${same[0]}\`; refresh it to fetch it again.` };
  }
  if (requested === undefined) return { ok: true, id: uniqueId(slugOf(article.title), taken) };
  const problem = newSourceIdProblem(requested);
  if (problem) return { ok: false, problem: `That source ID cannot be used: ${problem}` };
  if (!replace && taken.includes(requested)) return { ok: false, problem: `A source with ID \`${requested}\` already exists.` };
  return { ok: true, id: requested };
}

export class RefreshProblem extends Error {}

export type Refreshed = { id: SourceId; article: Article; origin: string } & ({ changed: false } | { changed: true; meta: SourceMeta });

/**
 * Fetches source `id` again from the address it was added from. Unchanged text is left as it is (no write,
 * no reload); changed text is returned with the metadata to write, the moderator's own metadata (a title
 * they corrected) kept, the page's filling only what is missing.
 */
export async function refetch(writer: CorpusWriter, id: SourceId, policy: FetchPolicy): Promise<Refreshed> {
  const current = await writer.current(id);
  if (!current) throw new RefreshProblem(`There is no source with ID \`${id}\`.`);
  const meta = await writer.metadata();
  if (!meta.ok) throw new RefreshProblem(meta.problem);
  const known = meta.entries[id] ?? {};
  if (!known.origin) throw new RefreshProblem(`\`${id}\` was not added from a web address, so there is nothing to fetch again.`);
  const article = await articleFromWeb(known.origin, policy);
  if (current.bytes.toString('utf8') === article.text) return { id, article, origin: known.origin, changed: false };
  const fresh: SourceMeta = { title: article.title };
  if (article.url) fresh.url = article.url;
  if (article.published) fresh.published = article.published;
  if (article.siteName) fresh.outlet = article.siteName;
  if (article.author) fresh.author = article.author;
  return { id, article, origin: known.origin, changed: true, meta: { ...fresh, ...known } };
}

/**
 * A new source's default ID: a readable slug of its title ("Kelp forests recover along the coast" →
 * `kelp-forests-recover-along-the-coast`), made by @sindresorhus/slugify (which spells out letters such as
 * ø or ß rather than dropping them), cut at a word, and made unique in the folder with -2, -3, ….
 * A slug holds only letters, digits and hyphens, so it can never be a path or a hidden file.
 */
import slugify from '@sindresorhus/slugify';
import { newSourceIdProblem } from './corpus-write.ts';

const MAX_SLUG = 60;

export function slugOf(title: string): string {
  // Scripts slugify cannot spell in Latin letters (Japanese, Arabic, …) keep their own letters.
  let slug =
    slugify(title, { decamelize: false }) ||
    title
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG) {
    const cut = slug.slice(0, MAX_SLUG + 1);
    slug = cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : slug.slice(0, MAX_SLUG);
  }
  if (slug === '') return 'source';
  // A title such as "Con" would make a name Windows keeps for a device.
  return newSourceIdProblem(slug) ? `${slug}-source` : slug;
}

/** `base`, or `base-2`, `base-3`, … : the first not among `taken` (compared without letter case, as some file systems do). */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((id) => id.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`.toLowerCase())) return `${base}-${n}`;
}

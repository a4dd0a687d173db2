/**
 * What members asked that the sources did not serve, with similar questions grouped: "how far can atacms
 * reach" and "ATACMS range?" are one gap asked twice, not two gaps. Questions are compared by their terms
 * after the engine's own normalisation (`queryTerms`: stems, case, accents, function words dropped), so the
 * grouping matches what retrieval would see.
 */
import { queryTerms } from '../engine/language/question.ts';
import type { GapRow } from './records.ts';

export interface GapGroup {
  /** The most recent wording. */
  question: string;
  count: number;
  /** How many of them were answered but voted "Not helpful". */
  notHelpful: number;
  /** How many were shown only the closest passages (the rest of the count were declined). */
  closest: number;
  lastAskedAt: number;
}

/** Share of distinct terms two questions must have in common (of all terms either has) to be one gap. */
export const SAME_GAP = 0.5;

/** Groups `rows` (newest first), most asked first; ties go to the most recently asked. */
export function groupGaps(rows: readonly GapRow[], termsOf: (text: string) => readonly string[] = queryTerms): GapGroup[] {
  const groups: (GapGroup & { terms: ReadonlySet<string> })[] = [];
  const groupsWithTerm = new Map<string, number[]>();
  const termsCache = new Map<string, ReadonlySet<string>>();
  for (const row of rows) {
    let terms = termsCache.get(row.question);
    if (!terms) {
      const found = new Set(termsOf(row.question));
      // A question with no searchable words can only be the same as one worded the same way.
      terms = found.size > 0 ? found : new Set([`\u0000${row.question.trim().toLowerCase().replace(/\s+/g, ' ')}`]);
      termsCache.set(row.question, terms);
    }
    const candidates = new Set<number>();
    for (const t of terms) for (const g of groupsWithTerm.get(t) ?? []) candidates.add(g);
    let best = -1;
    let bestScore = 0;
    for (const g of candidates) {
      const score = jaccard(terms, groups[g]!.terms);
      if (score >= SAME_GAP && score > bestScore) [best, bestScore] = [g, score];
    }
    if (best < 0) {
      best = groups.length;
      groups.push({ question: row.question, count: 0, notHelpful: 0, closest: 0, lastAskedAt: row.askedAt, terms });
      for (const t of terms) groupsWithTerm.set(t, [...(groupsWithTerm.get(t) ?? []), best]);
    }
    const group = groups[best]!;
    group.count++;
    if (row.why === 'not-helpful') group.notHelpful++;
    else if (row.why === 'closest') group.closest++;
    group.lastAskedAt = Math.max(group.lastAskedAt, row.askedAt);
  }
  return groups
    .sort((a, b) => b.count - a.count || b.lastAskedAt - a.lastAskedAt)
    .map(({ question, count, notHelpful, closest, lastAskedAt }) => ({ question, count, notHelpful, closest, lastAskedAt }));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

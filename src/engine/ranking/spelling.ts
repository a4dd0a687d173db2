/**
 * Typos in members' questions: "missles", "Zelenksy", "Lockheed Martn". A question word that neither the
 * corpus nor English (the word-vector table) knows is most likely misspelt. The word as typed is read first:
 * of the words one edit away from it (a letter dropped, added, changed, or two swapped), the one whose term is
 * the corpus's most frequent stands in for it ("relaitons" → "relations"). Stems hide such typos: "relaitons"
 * stems to "relaiton", three edits from "relat". Failing that, the corpus term within one or two edits of the
 * word's term (transpositions count as one edit) stands in for it, the most frequent one on a tie.
 * Words English knows are left alone: "pricey" is not a typo of "price", whatever the edit distance says.
 */
import type { SearchIndex } from '../index/search-index.ts';
import { stem } from '../language/language.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Shorter words are left alone: at three letters, one edit reaches too many other words. */
const MIN_LENGTH = 4;
/** From this length a word may be two edits away. */
const TWO_EDITS_FROM = 8;
/** Corrections remembered per index: members repeat their typos. */
const CACHE_SIZE = 5_000;

export interface Correction {
  termId: number;
  /** Edits between the question's term and the corpus term: 1 or 2. */
  distance: number;
}

/** A word read back from its typo: the word ("relations") and its term ("relat"). */
export interface WordCorrection {
  word: string;
  term: string;
}

/** A name's other spellings share this many first letters ("zelensk" of Zelensky, Zelenskiy, Zelenskyy). */
const VARIANT_PREFIX = 6;

export class Speller {
  /** Corpus term IDs by term length, built on first use. */
  private byLength: Uint32Array[] | undefined;
  private readonly cache = new Map<string, Correction | null>();
  private readonly wordCache = new Map<string, WordCorrection | null>();
  /** Name term IDs by their first `VARIANT_PREFIX` letters, built on first use. */
  private namesByPrefix: Map<string, number[]> | undefined;
  private readonly variantCache = new Map<number, readonly number[]>();

  constructor(private readonly index: SearchIndex) {}

  /**
   * Other spellings of a name in the corpus: names (`names`, 1 per term ID) one edit apart that share their first
   * six letters. News sources transliterate names each their own way (Zelensky, Zelenskiy, Zelenskyy); a member
   * types one of them and means them all.
   */
  nameVariants(termId: number, names: Uint8Array): readonly number[] {
    const cached = this.variantCache.get(termId);
    if (cached) return cached;
    const { terms } = this.index.vocabulary;
    const term = terms[termId]!;
    let found: number[] = [];
    if (hasVariantKey(term, termId, names)) {
      this.namesByPrefix ??= groupNamesByPrefix(terms, names);
      found = (this.namesByPrefix.get(term.slice(0, VARIANT_PREFIX)) ?? []).filter((id) => id !== termId && editDistance(term, terms[id]!, 1) <= 1);
    }
    if (this.variantCache.size >= CACHE_SIZE) this.variantCache.clear();
    this.variantCache.set(termId, found);
    return found;
  }

  /**
   * The corpus term that word `word` (lower case, as typed) most likely misspells, one edit away as typed: of
   * two letters swapped or one dropped, else of a letter added or changed, the corpus's most frequent term.
   * Once per word, then remembered.
   */
  correctWord(word: string): WordCorrection | undefined {
    const { vocabulary, sentenceIndex } = this.index;
    const df = (term: string) => {
      const id = vocabulary.idOf(term);
      return id === undefined ? 0 : sentenceIndex.df(id);
    };
    // The likeliest typos first (about 2 words per letter); a letter added or changed (52 per letter) only
    // when none of those is a corpus word. Each try is a stem.
    return this.remembered(word, word, () => mostLikely(swapsAndDropsOf(word), df) ?? mostLikely(addsAndChangesOf(word), df));
  }

  /**
   * The English word `word` most likely misspells, for when the corpus has none (`correctWord`): of two letters
   * swapped or one dropped only, the one `englishRank` (a term's frequency rank in English, -1 when unknown)
   * puts first ("accuarte" → "accurate", which the corpus does not say but whose neighbours in meaning it
   * does). A changed letter makes another English word of most words ("gutteres" → "butteres", "butter"), and a
   * form of the word's own stem corrects nothing ("gutters" for "gutteres": both "gutter").
   */
  englishWord(word: string, englishRank: (term: string) => number): WordCorrection | undefined {
    const own = stem(word);
    const rank = (term: string) => (term === own ? -1 : englishRank(term));
    return this.remembered(`en:${word}`, word, () =>
      mostLikely(swapsAndDropsOf(word), (term) => {
        const r = rank(term);
        return r < 0 ? 0 : 1 / (1 + r);
      }),
    );
  }

  private remembered(key: string, word: string, find: () => WordCorrection | undefined): WordCorrection | undefined {
    if (word.length < MIN_LENGTH || !/^[a-z]+$/.test(word)) return undefined;
    const cached = this.wordCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = find();
    if (this.wordCache.size >= CACHE_SIZE) this.wordCache.clear();
    this.wordCache.set(key, found ?? null);
    return found;
  }

  /**
   * The corpus term `term` is most likely a misspelling of, or undefined when none is close enough: one edit
   * away, two when the word was typed with `TWO_EDITS_FROM` letters or more (its stem may be shorter).
   */
  correct(term: string, typedLength = term.length): Correction | undefined {
    if (term.length < MIN_LENGTH || !/^\p{L}+$/u.test(term)) return undefined;
    const max = typedLength >= TWO_EDITS_FROM ? 2 : 1;
    const key = `${max}:${term}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.search(term, max);
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(key, found ?? null);
    return found;
  }

  private search(term: string, max: number): Correction | undefined {
    const { vocabulary, sentenceIndex } = this.index;
    this.byLength ??= groupByLength(vocabulary.terms);
    const byLength = this.byLength;
    let best: Correction | undefined;
    let bestDf = -1;
    for (let length = term.length - max; length <= term.length + max; length++) {
      const ids = byLength[length];
      if (!ids) continue;
      for (const id of ids) {
        const candidate = vocabulary.terms[id]!;
        // A typo seldom touches the first letter, unless it swaps the first two: checking that first spares
        // the edit distance of nearly every word.
        if (candidate[0] !== term[0] && !(candidate[0] === term[1] && candidate[1] === term[0])) continue;
        const d = editDistance(term, candidate, best ? best.distance : max);
        if (d > max || (best && d > best.distance)) continue;
        const df = sentenceIndex.df(id);
        if (!best || d < best.distance || df > bestDf) {
          best = { termId: id, distance: d };
          bestDf = df;
        }
      }
    }
    return best;
  }
}

/** Of `candidates` (words), the first whose stem `score`s highest, above 0; with that stem. */
function mostLikely(candidates: readonly string[], score: (term: string) => number): WordCorrection | undefined {
  let found: WordCorrection | undefined;
  let best = 0;
  for (const candidate of candidates) {
    const term = stem(candidate);
    const value = score(term);
    if (value > best) [found, best] = [{ word: candidate, term }, value];
  }
  return found;
}

/** `word` with two neighbouring letters swapped or one letter dropped, every way, position by position. */
function swapsAndDropsOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    out.push(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length && word[i] !== word[i + 1]) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return out;
}

/** `word` with a letter added or changed, every way, position by position. */
function addsAndChangesOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    for (const c of LETTERS) {
      out.push(head + c + tail);
      // A typo seldom changes the first letter, and a changed one reads another word in: "boeing" → "joeing" (Joe).
      if (i > 0 && i < word.length && c !== tail[0]) out.push(head + c + tail.slice(1));
    }
  }
  return out;
}

/** Whether a term is a name long enough, and of letters only, to have spellings grouped by their first letters. */
function hasVariantKey(term: string, termId: number, names: Uint8Array): boolean {
  return names[termId] === 1 && term.length > VARIANT_PREFIX && /^\p{L}+$/u.test(term);
}

function groupNamesByPrefix(terms: readonly string[], names: Uint8Array): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  terms.forEach((t, id) => {
    if (!hasVariantKey(t, id, names)) return;
    const key = t.slice(0, VARIANT_PREFIX);
    const group = groups.get(key);
    if (group) group.push(id);
    else groups.set(key, [id]);
  });
  return groups;
}

function groupByLength(terms: readonly string[]): Uint32Array[] {
  const lists: number[][] = [];
  terms.forEach((t, id) => {
    // Only words: numbers and mixed tokens are not what people misspell.
    if (!/^\p{L}+$/u.test(t)) return;
    lists[t.length] ??= [];
    lists[t.length]!.push(id);
  });
  return lists.map((l) => Uint32Array.from(l ?? []));
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up as soon as it must
 * exceed `limit` (then it returns `limit + 1`).
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[n]!;
}

/**
 * Acronyms members type for names the articles spell out: "UN" for "United Nations", "NSC" for "National
 * Security Council", "NK" for "North Korean". Read from the corpus itself: every run of two to five
 * capitalised words ("of", "the", "for" and "and" may sit between them) stands for its initials. Questions
 * read such an acronym, when the corpus does not use it as a word, as the words it stands for.
 *
 * It also holds the short forms the corpus defines, "Army Tactical Missile Systems (ATACMS)", with the long form
 * found as Schwartz and Hearst do (2003: each letter of the short form, from the last, matched in order in the
 * words before the parenthesis, the first at the start of a word). A sentence that writes only the long form
 * ("Ukraine has effectively utilized the Army Tactical Missile System…") speaks of the short form a member asks
 * about (`query.ts`).
 *
 * The table is made with the index and saved with it (`toBytes`): reading every name in a million-sentence
 * corpus takes seconds, which the first question with an unknown short word used to wait for.
 */
import type { Source } from '../../types.ts';
import { FUNCTION_WORDS } from './function-words.ts';
import { isUnknownWordForm, termsOfWord } from './language.ts';

/** Capitalised words in a row, with the small words names keep between them. */
const NAME_RUN = /\b[A-Z][\p{Ll}-]+(?:\s+(?:(?:of|the|for|and)\s+)?[A-Z][\p{Ll}-]+){1,4}(?![\p{L}'’])/gu;
const SMALL_WORDS = new Set(['of', 'the', 'for', 'and']);
/** What comes right before a sentence's first word: the start of a line, or an end of sentence and a space. */
const SENTENCE_START = /(?:^|[\n.!?:;"“”‘’]\s*)$/u;
const isNoWord = (word: string) => FUNCTION_WORDS.has(word) || termsOfWord(word).length === 0;

/** A short form defined in parentheses after its long form: "(ATACMS)", "(U.N.)"; two to ten characters, starting with a capital or digit. */
const DEFINED_SHORT_FORM = /\(([\p{Lu}\d][\p{L}\d.&-]{1,9})s?\)/gu;
/** Where a line of `toBytes` holds a defined short form rather than an acronym of a name run. */
const DEFINITION_MARK = '=';

export class Acronyms {
  private constructor(
    private readonly expansions: ReadonlyMap<string, readonly string[]>,
    private readonly definitions: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  /** The acronyms of every name run in `sources`; one that stands for several names keeps the most frequent. */
  static of(sources: readonly Source[]): Acronyms {
    // Name runs counted as written first, and read into words once per distinct run: on a large corpus the
    // same names come back hundreds of thousands of times.
    const runs = new Map<string, number>();
    for (const source of sources) {
      const run = new RegExp(NAME_RUN);
      run.lastIndex = source.bodyStart;
      for (let match = run.exec(source.text); match !== null; match = run.exec(source.text)) {
        // A sentence's first word is capitalised whatever it is: "Empowering Ukraine…" is no name "EU". There
        // an English word ("Empowering", "Meanwhile") is no part of the name; a name elsewhere keeps its own.
        let name = match[0];
        if (SENTENCE_START.test(source.text.slice(Math.max(source.bodyStart, match.index - 3), match.index))) {
          const first = name.slice(0, name.search(/\s/));
          if (!isUnknownWordForm(first.toLowerCase())) name = name.slice(first.length).trimStart();
        }
        runs.set(name, (runs.get(name) ?? 0) + 1);
      }
    }
    const counts = new Map<string, Map<string, number>>();
    for (const [run, count] of runs) {
      const words = run.split(/\s+/).filter((w) => !SMALL_WORDS.has(w));
      // A sentence's first word is capitalised whatever it is: "The United States" is "United States".
      // (The words a question drops count as no word: "the" has a term of its own, so asking for terms missed it.)
      while (words.length > 2 && isNoWord(words[0]!.toLowerCase())) words.shift();
      if (words.length < 2) continue;
      const acronym = words.map((w) => w[0]!.toLowerCase()).join('');
      const phrase = words.join(' ');
      const byPhrase = counts.get(acronym) ?? new Map<string, number>();
      byPhrase.set(phrase, (byPhrase.get(phrase) ?? 0) + count);
      counts.set(acronym, byPhrase);
    }
    const expansions = new Map<string, readonly string[]>();
    for (const [acronym, byPhrase] of counts) {
      let best: [string, number] | undefined;
      for (const entry of byPhrase) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0].localeCompare(best[0]) < 0)) best = entry;
      expansions.set(
        acronym,
        best![0].split(/\s+/).flatMap((w) => termsOfWord(w.toLowerCase())),
      );
    }
    return new Acronyms(expansions, definitionsOf(sources));
  }

  /** The table as UTF-8 lines, `acronym<TAB>term term…`, in acronym order: what a saved index holds. */
  toBytes(): Uint8Array {
    const lines = (table: ReadonlyMap<string, readonly string[]>, mark: string) =>
      [...table].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([key, terms]) => `${mark}${key}\t${terms.join(' ')}`);
    return new TextEncoder().encode([...lines(this.expansions, ''), ...lines(this.definitions, DEFINITION_MARK)].join('\n'));
  }

  /** The table `toBytes` wrote; a line that is not `acronym<TAB>terms` is skipped. */
  static fromBytes(bytes: Uint8Array): Acronyms {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const expansions = new Map<string, readonly string[]>();
    const definitions = new Map<string, readonly string[]>();
    for (const line of text === '' ? [] : text.split('\n')) {
      const tab = line.indexOf('\t');
      const terms = line.slice(tab + 1).split(' ');
      if (tab <= 0) continue;
      if (line.startsWith(DEFINITION_MARK)) definitions.set(line.slice(1, tab), terms[0] === '' ? [] : terms);
      else expansions.set(line.slice(0, tab), terms[0] === '' ? [] : terms);
    }
    return new Acronyms(expansions, definitions);
  }

  get size(): number {
    return this.expansions.size;
  }

  /** The terms `word` (an acronym, as typed) stands for, or undefined when it stands for no name of the corpus. */
  expand(word: string): readonly string[] | undefined {
    return word.length >= 2 && word.length <= 5 ? this.expansions.get(word.toLowerCase()) : undefined;
  }

  /** The terms of the long form the corpus defines for short form `term` (as the index stems it: "atacm"), if any. */
  longForm(term: string): readonly string[] | undefined {
    return this.definitions.get(term);
  }
}

/**
 * The short forms `sources` define in parentheses, each with the terms of its long form; a short form defined
 * with several long forms keeps the most frequent (then the first in order).
 */
function definitionsOf(sources: readonly Source[]): Map<string, readonly string[]> {
  const counts = new Map<string, Map<string, number>>();
  for (const source of sources) {
    const text = source.text;
    // Most texts define nothing: one search for the parenthesis skips them.
    if (text.indexOf('(', source.bodyStart) < 0) continue;
    const defined = new RegExp(DEFINED_SHORT_FORM);
    defined.lastIndex = source.bodyStart;
    for (let match = defined.exec(text); match !== null; match = defined.exec(text)) {
      const short = match[1]!.replace(/\./g, '');
      const letters = short.replace(/[^\p{L}\d]/gu, '');
      // Two capitals at least: "(Chen)" or "(Duisport)" after a phrase is a name, not a short form of it.
      if (letters.length < 2 || (short.match(/\p{Lu}/gu)?.length ?? 0) < 2) continue;
      // Up to min(|short| + 5, 2·|short|) words before the parenthesis, within the sentence so far.
      const before = text
        .slice(Math.max(source.bodyStart, match.index - 200), match.index)
        .split(/[.;:!?(\n]/)
        .pop()!;
      const words = before
        .trim()
        .split(/\s+/)
        .filter((w) => w !== '');
      const window = words.slice(-Math.min(letters.length + 5, 2 * letters.length));
      const long = longFormOf(letters, window.join(' '));
      if (long === undefined) continue;
      const terms = long.split(/\s+/).flatMap((w) => termsOfWord(w.toLowerCase()));
      const key = termsOfWord(short.toLowerCase());
      if (terms.length < 2 || key.length !== 1) continue;
      const byLong = counts.get(key[0]!) ?? new Map<string, number>();
      byLong.set(terms.join(' '), (byLong.get(terms.join(' ')) ?? 0) + 1);
      counts.set(key[0]!, byLong);
    }
  }
  const out = new Map<string, readonly string[]>();
  for (const [short, byLong] of counts) {
    let best: [string, number] | undefined;
    for (const entry of byLong) if (!best || entry[1] > best[1]) best = entry;
    out.set(short, best![0].split(' '));
  }
  return out;
}

/**
 * Schwartz and Hearst's long form of `short` within `candidate` (the words before its parenthesis): each
 * character of the short form, from the last, found in order from the end, the first at the start of a word;
 * the long form starts at that word. Undefined when the characters are not all there, or it is one word.
 */
export function longFormOf(short: string, candidate: string): string | undefined {
  const s = short.toLowerCase();
  const l = candidate.toLowerCase();
  let si = s.length - 1;
  let li = l.length - 1;
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\d]/u.test(c);
  for (; si >= 0; si--) {
    const c = s[si]!;
    if (!isWordChar(c)) continue;
    while (li >= 0 && (l[li] !== c || (si === 0 && isWordChar(l[li - 1])))) li--;
    if (li < 0) return undefined;
    li--;
  }
  const start = l.lastIndexOf(' ', li) + 1;
  const long = candidate.slice(start).trim();
  return /\s/.test(long) && long.length > short.length ? long : undefined;
}

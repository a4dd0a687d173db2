/**
 * Acronyms members type for names the articles spell out: "UN" for "United Nations", "NSC" for "National
 * Security Council", "NK" for "North Korean". Read from the corpus itself: every run of two to five
 * capitalised words ("of", "the", "for" and "and" may sit between them) stands for its initials. Questions
 * read such an acronym, when the corpus does not use it as a word, as the words it stands for.
 *
 * Articles also define their short forms: "Army Tactical Missile Systems (ATACMS)". Such a definition is read
 * (Schwartz and Hearst's algorithm, 2003: the short form's letters found right to left in the words before the
 * parenthesis, its first letter at the start of a word) whatever the short form's letters, and lets a question
 * that says "atacms" reach a sentence that says "Army Tactical Missile System" (`longForm`).
 *
 * The table is made with the index and saved with it (`toBytes`): reading every name in a million-sentence
 * corpus takes seconds, which the first question with an unknown short word used to wait for.
 */
import type { Source } from '../../types.ts';
import { FUNCTION_WORDS } from './function-words.ts';
import { termsOfWord } from './language.ts';

/** Capitalised words in a row, with the small words names keep between them. */
const NAME_RUN = /\b[A-Z][\p{Ll}-]+(?:\s+(?:(?:of|the|for|and)\s+)?[A-Z][\p{Ll}-]+){1,4}(?![\p{L}'’])/gu;
const SMALL_WORDS = new Set(['of', 'the', 'for', 'and']);
/** A short form in parentheses (read from just after the "("): a letter first, a capital in it, 2 to 10 characters. */
const SHORT_FORM = /(?=[^)]*[A-Z])([A-Za-z][A-Za-z0-9-]{1,9})\)/y;
/** How far before a "(" its long form is looked for. */
const LONG_FORM_REACH = 200;
/** Saved lines of definitions start with this, which no acronym of initials does. */
const DEFINED = '=';
const isNoWord = (word: string) => FUNCTION_WORDS.has(word) || termsOfWord(word).length === 0;

export class Acronyms {
  private constructor(
    private readonly expansions: ReadonlyMap<string, readonly string[]>,
    /** The terms of short forms the corpus defines ("atacm" of "ATACMS") → the terms of the words they stand for. */
    private readonly definitions: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  /** The acronyms of every name run in `sources`; one that stands for several names keeps the most frequent. */
  static of(sources: readonly Source[]): Acronyms {
    // Name runs counted as written first, and read into words once per distinct run: on a large corpus the
    // same names come back hundreds of thousands of times.
    const runs = new Map<string, number>();
    const defined = new Map<string, Map<string, number>>();
    for (const source of sources) {
      const run = new RegExp(NAME_RUN);
      run.lastIndex = source.bodyStart;
      for (let match = run.exec(source.text); match !== null; match = run.exec(source.text)) runs.set(match[0], (runs.get(match[0]) ?? 0) + 1);
      // Each "(" found by indexOf, the short form read at it: one pass over the text, however large.
      const { text } = source;
      const shortForm = new RegExp(SHORT_FORM);
      for (let open = text.indexOf('(', source.bodyStart); open >= 0; open = text.indexOf('(', open + 1)) {
        shortForm.lastIndex = open + 1;
        const match = shortForm.exec(text);
        if (match === null || !/\s/.test(text[open - 1] ?? '')) continue;
        const short = match[1]!;
        // The words before it, back to the line's start or an earlier parenthesis (searched within reach only:
        // a search back through a large text for every parenthesis would not be one pass).
        const reach = text.slice(Math.max(source.bodyStart, open - LONG_FORM_REACH), open);
        const long = longFormOf(short, reach.slice(Math.max(reach.lastIndexOf('\n'), reach.lastIndexOf(')'), reach.lastIndexOf('(')) + 1));
        if (long === null) continue;
        // Keyed by the short form's term, as a question holds it ("ATACMS" → "atacm").
        const term = termsOfWord(short.toLowerCase());
        if (term.length !== 1) continue;
        const byLong = defined.get(term[0]!) ?? new Map<string, number>();
        byLong.set(long, (byLong.get(long) ?? 0) + 1);
        defined.set(term[0]!, byLong);
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
    for (const [acronym, byPhrase] of counts) expansions.set(acronym, termsOfPhrase(mostFrequent(byPhrase)));
    const definitions = new Map<string, readonly string[]>();
    for (const [short, byLong] of defined) {
      const terms = termsOfPhrase(mostFrequent(byLong));
      // "(ATACMS)" after "ATACMS": nothing to learn from a short form that only repeats itself.
      if (terms.length > 1) definitions.set(short, terms);
    }
    return new Acronyms(expansions, definitions);
  }

  /** The table as UTF-8 lines, `acronym<TAB>term term…`, in acronym order: what a saved index holds. */
  toBytes(): Uint8Array {
    const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const lines = [
      ...[...this.expansions].sort(byKey).map(([acronym, terms]) => `${acronym}\t${terms.join(' ')}`),
      ...[...this.definitions].sort(byKey).map(([short, terms]) => `${DEFINED}${short}\t${terms.join(' ')}`),
    ];
    return new TextEncoder().encode(lines.join('\n'));
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
      if (line.startsWith(DEFINED)) definitions.set(line.slice(1, tab), terms);
      else expansions.set(line.slice(0, tab), terms[0] === '' ? [] : terms);
    }
    return new Acronyms(expansions, definitions);
  }

  get size(): number {
    return this.expansions.size;
  }

  /** The terms `word` (an acronym, as typed) stands for, or undefined when it stands for no name of the corpus. */
  expand(word: string): readonly string[] | undefined {
    return word.length >= 2 && word.length <= 5 ? (this.definitions.get(word.toLowerCase()) ?? this.expansions.get(word.toLowerCase())) : undefined;
  }

  /** The terms of the words a short form the corpus defines stands for, by its term ("atacm" → army, tactical, missile, system). */
  longForm(term: string): readonly string[] | undefined {
    return this.definitions.get(term);
  }
}

/** The entry seen most often, the first in text order among equals. */
function mostFrequent(counts: ReadonlyMap<string, number>): string {
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0].localeCompare(best[0]) < 0)) best = entry;
  return best![0];
}

function termsOfPhrase(phrase: string): string[] {
  return phrase.split(/\s+/).flatMap((w) => termsOfWord(w.toLowerCase()));
}

/**
 * The words before a parenthesis that `short` abbreviates, or null (Schwartz and Hearst 2003): each letter or
 * digit of the short form, right to left, is found in the words, right to left, and its first letter must begin a
 * word; at most min(|short| + 5, 2 × |short|) words are looked at, and the long form is longer than the short one.
 */
export function longFormOf(short: string, before: string): string | null {
  const words = before.trim().split(/\s+/);
  const window = words.slice(-Math.min(short.length + 5, 2 * short.length)).join(' ');
  const long = window.toLowerCase();
  const letters = short.toLowerCase();
  let l = long.length - 1;
  for (let s = letters.length - 1; s >= 0; s--) {
    const c = letters[s]!;
    if (!/[\p{L}\p{N}]/u.test(c)) continue;
    while (l >= 0 && (long[l] !== c || (s === 0 && l > 0 && /[\p{L}\p{N}]/u.test(long[l - 1]!)))) l--;
    if (l < 0) return null;
    l--;
  }
  const start = long.lastIndexOf(' ', l) + 1;
  const found = window.slice(start).replace(/[^\p{L}\p{N}]+$/u, '');
  return found.length > short.length && found.includes(' ') ? found : null;
}
